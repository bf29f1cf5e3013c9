/**
 * The deterministic whole-network simulator: validators running the production consensus,
 * ledger (through LedgerApplication), mempool and safety module in one process, in simulated
 * time, with every choice — delays, faults, workload, Byzantine moves — drawn from one Prng
 * seeded by the caller. The same seed replays the same run, event for event.
 *
 * The simulator plays the node's shell: it turns engine actions into effects (WAL appends,
 * packets, timers, block writes, catch-up requests) and effects back into events. It also
 * plays the p2p layer's reconnect: when a link heals or a node restarts, peers resend their
 * messages of the current height and their pooled transactions, as the transport must (the
 * engine sends each message once; docs/spec/consensus.md §5, deviation 5).
 *
 * Scenario tests drive it with a small vocabulary (`sim.network.isolate(i)`, `sim.runFor(ms)`,
 * `sim.crash(i)`, `sim.restart(i)`, `sim.check.agreement()`…); the swarm draws a whole run
 * from a seed (swarm.ts).
 */
import type { Application, ConsensusAction, SafetyData, TimeoutOptions } from "@tongbao/consensus";
import { Reader, Writer, DecodeError } from "@tongbao/codec";
import { encodeSignedTransaction as encodeTx } from "@tongbao/ledger";
import type { LedgerApplication } from "@tongbao/node";
import { Prng, assert, bytesToHex, equalBytes } from "@tongbao/std";
import { Byzantine, type Behaviour } from "./byzantine.ts";
import { Checkers, SimulationViolation, type ViolationKind } from "./checkers.ts";
import { EventQueue } from "./event-queue.ts";
import { KeyRing, consensusSigner, consensusVerifier, type SignatureScheme } from "./keys.ts";
import { CALM_LINKS, SimNetwork, type LinkFaults, type Packet } from "./network.ts";
import { SimNode, type NodeConfig, type NodeKind } from "./node.ts";
import { DEFAULT_WORKLOAD, Workload, type WorkloadOptions } from "./workload.ts";
import { SIM_EPOCH_MS, createWorld, type World } from "./world.ts";

export interface SimulatorOptions {
  readonly seed: number;
  /** Validators, each with voting power 1. Default 4. */
  readonly validators?: number;
  /** Funded customer accounts at genesis. Default 50. */
  readonly accounts?: number;
  /** KYC limits and travel-rule thresholds in genesis (world.ts CORRIDOR_RULES). Default false. */
  readonly remittanceRules?: boolean;
  /** Consensus signatures; transactions always use Ed25519. Default "keyed-hash". */
  readonly signatures?: SignatureScheme;
  /** Validator indices that run as twins: two nodes sharing the key, each with its own disk. */
  readonly twins?: readonly number[];
  /** Validator index → misbehaviours. */
  readonly byzantine?: ReadonlyMap<number, readonly Behaviour[]>;
  readonly links?: Partial<LinkFaults>;
  /** Node id → clock skew in ms. Default 0 for every node. */
  readonly clockSkewMs?: ReadonlyMap<number, number>;
  /** Runs every engine with `unsafeSkipLockCheck`: the checkers must then see a fork. */
  readonly canary?: boolean;
  /** Default 10. */
  readonly maxTxsPerBlock?: number;
  /** Default 300 ms. */
  readonly commitDelayMs?: number;
  /** Default: the engine's (CometBFT's) timeouts. */
  readonly timeouts?: Partial<TimeoutOptions>;
  /** Client payments; false for none. Default DEFAULT_WORKLOAD. */
  readonly workload?: Partial<WorkloadOptions> | false;
  /** Share derived keys between runs (a swarm); default a new ring. */
  readonly keys?: KeyRing;
  /** Full-state invariant scan at every honest commit (default), or at the first per height. */
  readonly invariantsOnEveryCommit?: boolean;
  /** How to replay this run, printed with any violation (the swarm gives its CLI command). */
  readonly replay?: string;
  /**
   * The transport's relay duty: a node that has not committed for this long resends its
   * messages of the current height to every peer, and again after as long (0: never). Default
   * REGOSSIP_STALLED_MS.
   */
  readonly regossipStalledMs?: number;
}

/**
 * Tendermint's liveness argument assumes that what one correct node receives, every correct node
 * eventually receives (gossip). The engine sends its own messages once and relays nothing, so
 * the transport must: a Byzantine validator that sends a valid vote to some peers and a damaged
 * or different one to others otherwise leaves a polka visible to some honest nodes only, and a
 * lock on it unreleasable (found by the simulator). Relaying only from a node that has not
 * committed for a while keeps healthy runs free of the extra traffic.
 */
export const REGOSSIP_STALLED_MS = 3_000;

export interface SimStats {
  misbehaviourReports: number;
  evidence: number;
  signingRefused: number;
  blockRequests: number;
  blocksServed: number;
  submitted: number;
  admissions: Record<string, number>;
  crashes: number;
  restarts: number;
  /** Resends of a stalled node's messages to its peers (the transport's relay). */
  relays: number;
  events: number;
}

/** Events one run may process; far above any seed's need, it catches a simulator that spins. */
const EVENTS_MAX = 20_000_000;
const MAX_PAYLOAD_BYTES = 1 << 20;
const RELAY_CHECK_MS = 1_000;

export class Simulator {
  readonly seed: number;
  readonly world: World;
  readonly nodes: SimNode[] = [];
  readonly network: NetworkControl;
  readonly check: CheckControl;
  readonly workload: WorkloadControl;
  readonly stats: SimStats = {
    misbehaviourReports: 0,
    evidence: 0,
    signingRefused: 0,
    blockRequests: 0,
    blocksServed: 0,
    submitted: 0,
    admissions: {},
    crashes: 0,
    restarts: 0,
    relays: 0,
    events: 0,
  };
  readonly checkers: Checkers;
  readonly canary: boolean;
  private readonly queue = new EventQueue();
  private readonly net: SimNetwork;
  /**
   * By validator index, which is also the node id: nodes 0…n−1 are the validators in index
   * order, and a Byzantine validator never has a twin (twins are nodes n and up).
   */
  private readonly byzantine = new Map<number, Byzantine>();
  private readonly crashPrng: Prng;
  private readonly controlPrng: Prng;
  private readonly triggers: Array<{
    readonly condition: (sim: Simulator) => boolean;
    readonly run: (sim: Simulator) => void;
  }> = [];
  /** Nodes that crash part-way through their next step. */
  private readonly tornCrashes = new Set<number>();
  private readonly replayCommand: string;

  static create(options: SimulatorOptions): Simulator {
    return new Simulator(options);
  }

  private constructor(options: SimulatorOptions) {
    this.seed = options.seed;
    this.canary = options.canary === true;
    this.replayCommand =
      options.replay ?? `run the same script with Simulator.create({ seed: ${options.seed}, … })`;
    const root = new Prng(options.seed);
    const fork = () => new Prng(root.nextU32());
    const keys = options.keys ?? new KeyRing();
    const validators = options.validators ?? 4;
    this.world = createWorld(
      {
        validators,
        accounts: options.accounts ?? 50,
        scheme: options.signatures ?? "keyed-hash",
        remittanceRules: options.remittanceRules === true,
      },
      keys,
      fork(),
    );
    this.crashPrng = fork();
    this.controlPrng = fork();
    const networkPrng = fork();
    const workloadPrng = fork();

    const twins = options.twins ?? [];
    const kinds: Array<{ index: number; kind: NodeKind; name: string }> = [];
    for (let i = 0; i < validators; i++) {
      const kind: NodeKind = twins.includes(i)
        ? "twin"
        : options.byzantine?.has(i) === true
          ? "byzantine"
          : "honest";
      kinds.push({ index: i, kind, name: `v${i}` });
    }
    for (const i of twins) {
      assert(i >= 0 && i < validators, `twin of validator ${i}, which does not exist`);
      kinds.push({ index: i, kind: "twin", name: `v${i}'` });
    }

    this.checkers = new Checkers(
      this.world,
      consensusVerifier(this.world.scheme, this.world.validatorKeys),
      (kind, detail) => this.fail(kind, detail),
      options.invariantsOnEveryCommit ?? true,
    );
    const host = {
      gossipTransaction: (node: SimNode, bytes: Uint8Array) => this.gossip(node, bytes),
      application: (node: SimNode, app: LedgerApplication): Application =>
        this.byzantine.get(node.id)?.application(app) ?? app,
      safetySaved: (node: SimNode, previous: SafetyData | undefined, next: SafetyData) =>
        this.checkers.onSafetySave(node, previous, next),
      executed: (node: SimNode, height: number) => this.checkers.onExecuted(node, height),
    };
    kinds.forEach(({ index, kind, name }, id) => {
      const config: NodeConfig = {
        id,
        name,
        validatorIndex: index,
        kind,
        clockSkewMs: options.clockSkewMs?.get(id) ?? 0,
        ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
        commitDelayMs: options.commitDelayMs ?? 300,
        unsafeSkipLockCheck: this.canary,
        maxTxsPerBlock: options.maxTxsPerBlock ?? 10,
        maxPayloadBytes: MAX_PAYLOAD_BYTES,
      };
      this.nodes.push(new SimNode(config, this.world, host));
    });
    for (const [index, behaviours] of options.byzantine ?? []) {
      assert(!twins.includes(index), "a validator is either twins or Byzantine, not both");
      const key = this.world.validatorKeys[index];
      assert(key !== undefined, `Byzantine validator ${index} does not exist`);
      this.byzantine.set(
        index,
        new Byzantine(
          new Set(behaviours),
          this.world,
          keys,
          consensusSigner(key, this.world.scheme),
          fork(),
          options.maxTxsPerBlock ?? 10,
        ),
      );
    }

    this.net = new SimNetwork(
      this.nodes.length,
      networkPrng,
      this.queue,
      (from, to, packet) => this.receive(from, to, packet),
      { ...CALM_LINKS, ...options.links },
    );
    this.network = new NetworkControl(this, this.net);
    this.check = new CheckControl(this);
    this.workload = new WorkloadControl(
      this,
      new Workload(this.world, workloadPrng, { ...DEFAULT_WORKLOAD, ...(options.workload || {}) }),
    );
    for (const node of this.nodes) this.boot(node);
    if (options.workload !== false) this.workload.start();
    const stalledMs = options.regossipStalledMs ?? REGOSSIP_STALLED_MS;
    if (stalledMs > 0) this.relayWhenStalled(stalledMs);
  }

  /** Every second, nodes that have not committed for `stalledMs` resend this height's messages. */
  private relayWhenStalled(stalledMs: number): void {
    const progress = new Map<number, { height: number; sinceMs: number; relayedMs: number }>();
    const check = () => {
      for (const node of this.nodes) {
        if (!node.alive) continue;
        const seen = progress.get(node.id);
        if (seen === undefined || seen.height !== node.height) {
          progress.set(node.id, {
            height: node.height,
            sinceMs: this.nowMs,
            relayedMs: this.nowMs,
          });
          continue;
        }
        if (this.nowMs - seen.sinceMs < stalledMs || this.nowMs - seen.relayedMs < stalledMs)
          continue;
        seen.relayedMs = this.nowMs;
        this.stats.relays++;
        for (const peer of this.nodes) if (peer !== node) this.resend(node, peer, false);
      }
      this.queue.after(RELAY_CHECK_MS, check);
    };
    this.queue.after(RELAY_CHECK_MS, check);
  }

  // ---- time ----

  get nowMs(): number {
    return this.queue.nowMs;
  }

  /** Runs every event of the next `ms` simulated milliseconds. */
  runFor(ms: number): this {
    const until = this.nowMs + ms;
    while (this.queue.runNext(until)) this.afterEvent();
    this.queue.advanceTo(until);
    return this;
  }

  /**
   * Arms a trigger: after the first event that makes `condition` hold, `run` runs (once). For
   * faults that must land at a moment of the protocol rather than of the clock (a nemesis),
   * e.g. clog a path the instant a node locks. Returns a function that disarms it.
   */
  when(condition: (sim: Simulator) => boolean, run: (sim: Simulator) => void): () => void {
    const trigger = { condition, run };
    this.triggers.push(trigger);
    return () => {
      const at = this.triggers.indexOf(trigger);
      if (at >= 0) this.triggers.splice(at, 1);
    };
  }

  private afterEvent(): void {
    if (++this.stats.events > EVENTS_MAX) this.fail("liveness", "event budget exhausted");
    if (this.triggers.length === 0) return;
    // A trigger armed by another's run is first checked after the next event.
    for (const trigger of [...this.triggers]) {
      if (!this.triggers.includes(trigger) || !trigger.condition(this)) continue;
      this.triggers.splice(this.triggers.indexOf(trigger), 1);
      trigger.run(this);
    }
  }

  /**
   * Runs until `done` holds, checked after every event; a liveness violation if `withinMs` of
   * simulated time pass first.
   */
  runUntil(done: (sim: Simulator) => boolean, withinMs: number, what = "the condition"): this {
    const deadline = this.nowMs + withinMs;
    while (!done(this)) {
      if (!this.queue.runNext(deadline)) {
        this.queue.advanceTo(deadline);
        if (done(this)) break;
        this.fail("liveness", `${what} not reached within ${withinMs} ms: ${this.describe()}`);
      }
      this.afterEvent();
    }
    return this;
  }

  // ---- nodes ----

  node(id: number): SimNode {
    const node = this.nodes[id];
    assert(node !== undefined, `no node ${id}`);
    return node;
  }

  honestNodes(): SimNode[] {
    return this.nodes.filter((n) => n.honest);
  }

  /** The lowest committed height among honest nodes that are up. */
  minHonestHeight(): number {
    const live = this.honestNodes().filter((n) => n.alive);
    return live.length === 0 ? 0 : Math.min(...live.map((n) => n.height));
  }

  maxHonestHeight(): number {
    return Math.max(0, ...this.honestNodes().map((n) => n.height));
  }

  /** The node of the validator proposing in the round the most advanced honest node is in. */
  proposer(): number {
    const leader = this.honestNodes()
      .filter((n) => n.alive)
      .sort((a, b) => b.height - a.height || a.id - b.id)[0];
    assert(leader !== undefined, "an honest node is up");
    const view = leader.view();
    return this.world.validatorSet.proposer(view.height, view.round);
  }

  /** An honest node that is up and locked on a block, if any. */
  lockedNode(): number | undefined {
    return this.honestNodes().find((n) => n.alive && n.view().lockedRound >= 0)?.id;
  }

  crash(id: number, options: { readonly duringNextStep?: boolean } = {}): this {
    const node = this.node(id);
    if (!node.alive) return this;
    if (options.duringNextStep === true) {
      this.tornCrashes.add(id);
      return this;
    }
    this.stats.crashes++;
    node.crash(this.crashPrng);
    return this;
  }

  restart(id: number): this {
    const node = this.node(id);
    this.tornCrashes.delete(id);
    if (node.alive) return this;
    this.stats.restarts++;
    this.boot(node);
    // The transport reconnects: both sides resend what the other may have missed.
    for (const peer of this.nodes) {
      if (peer === node || !peer.alive) continue;
      this.resend(peer, node);
      this.resend(node, peer);
    }
    return this;
  }

  // ---- internals: the node's shell ----

  private boot(node: SimNode): void {
    this.guard(node, () => {
      const result = node.boot(this.nowMs);
      if (result.replayMismatches.length > 0) {
        this.fail(
          "replay",
          `${node.name} replayed heights ${result.replayMismatches.join(", ")} to other app hashes`,
        );
      }
      this.perform(node, result.actions);
    });
  }

  private perform(node: SimNode, actions: readonly ConsensusAction[]): void {
    let performed = 0;
    const tornAt = this.tornCrashes.has(node.id) ? this.crashPrng.int(actions.length + 1) : -1;
    for (const action of actions) {
      if (performed++ === tornAt) break;
      switch (action.kind) {
        case "persist":
          node.storage.appendWal(action.height, action.bytes, action.durable);
          break;
        case "broadcast":
          this.checkers.onBroadcast(node, action.bytes);
          this.broadcast(node, action.bytes);
          break;
        case "schedule-timeout": {
          const incarnation = node.incarnation;
          this.queue.after(action.durationMs, () => {
            if (!node.alive || node.incarnation !== incarnation) return;
            this.step(node, {
              kind: "timeout",
              nowMs: node.clock(this.nowMs),
              height: action.height,
              round: action.round,
              step: action.step,
            });
          });
          break;
        }
        case "commit": {
          const execution = node.takeExecution();
          node.storage.writeBlock({
            height: action.height,
            blockId: action.blockId,
            bytes: action.bytes,
            appHash: action.appHash,
          });
          this.checkers.onCommit(node, action, execution);
          break;
        }
        case "request-block":
          this.requestBlock(node, action);
          break;
        case "peer-misbehaved":
          this.stats.misbehaviourReports++;
          this.checkReport(node, action.peer, action.reason);
          break;
        case "evidence":
          this.stats.evidence++;
          break;
        case "signing-refused":
          this.stats.signingRefused++;
          break;
      }
    }
    if (tornAt >= 0) {
      this.tornCrashes.delete(node.id);
      this.stats.crashes++;
      node.crash(this.crashPrng);
    }
  }

  /**
   * Honest nodes send only well-formed, correctly signed messages and valid blocks, so on links
   * that never corrupted a packet an honest node reporting an honest peer means one of them
   * produced or judged something wrongly.
   */
  private checkReport(reporter: SimNode, peer: string, reason: string): void {
    if (!reporter.honest || this.net.everCorrupted) return;
    const accused = this.nodes.find((n) => n.name === peer);
    if (accused === undefined || !accused.honest) return;
    this.fail("false-report", `${reporter.name} reported honest ${peer}: ${reason}`);
  }

  private step(node: SimNode, event: Parameters<SimNode["step"]>[0]): void {
    this.guard(node, () => this.perform(node, node.step(event)));
  }

  /** Production code throwing is a finding: report it with the node and the seed. */
  private guard(node: SimNode, run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof SimulationViolation) throw error;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.fail("node-error", `${node.name} threw: ${message}`);
    }
  }

  private broadcast(node: SimNode, bytes: Uint8Array): void {
    const peers = this.nodes.filter((n) => n !== node).map((n) => n.id);
    const byzantine = this.byzantine.get(node.id);
    if (byzantine === undefined) {
      for (const to of peers) this.net.send(node.id, to, { channel: "consensus", bytes });
      return;
    }
    for (const { to, packet } of byzantine.broadcast(bytes, peers))
      this.net.send(node.id, to, packet);
  }

  private gossip(node: SimNode, bytes: Uint8Array): void {
    for (const peer of this.nodes) {
      if (peer !== node) this.net.send(node.id, peer.id, { channel: "tx", bytes });
    }
  }

  private requestBlock(
    node: SimNode,
    action: Extract<ConsensusAction, { kind: "request-block" }>,
  ): void {
    this.stats.blockRequests++;
    const named = action.peers
      .map((peer) => this.nodes.find((n) => n.name === peer))
      .filter((n): n is SimNode => n !== undefined && n !== node);
    const candidates = named.length > 0 ? named : this.nodes.filter((n) => n !== node);
    const target = this.controlPrng.pick(candidates);
    const w = new Writer(48).u53(action.height).bool(action.blockId !== null);
    if (action.blockId !== null) w.fixed(action.blockId, 32);
    this.net.send(node.id, target.id, { channel: "block-request", bytes: w.finish() });
  }

  private receive(from: number, to: number, packet: Packet): void {
    const node = this.node(to);
    if (!node.alive) return;
    const sender = this.node(from);
    switch (packet.channel) {
      case "consensus":
        this.step(node, {
          kind: "message",
          nowMs: node.clock(this.nowMs),
          peer: sender.name,
          bytes: packet.bytes,
        });
        return;
      case "tx":
        this.guard(node, () => {
          const result = node.admit(packet.bytes, this.nowMs);
          this.countAdmission(`gossip-${result.status}`);
        });
        return;
      case "block-request":
        this.serveBlock(node, sender, packet.bytes);
        return;
      case "block":
        this.step(node, {
          kind: "block-fetched",
          nowMs: node.clock(this.nowMs),
          peer: sender.name,
          bytes: packet.bytes,
        });
        return;
    }
  }

  private serveBlock(node: SimNode, requester: SimNode, request: Uint8Array): void {
    let height: number;
    let blockId: Uint8Array | null = null;
    try {
      const r = new Reader(request);
      height = r.u53("height");
      if (r.bool("has id")) blockId = r.fixed(32, "block id").slice();
      r.end();
    } catch (error) {
      if (error instanceof DecodeError) return; // a corrupted request: a real peer drops it too
      throw error;
    }
    const stored = node.storage.block(height);
    if (stored === undefined) return;
    if (blockId !== null && !equalBytes(blockId, stored.blockId)) return;
    this.stats.blocksServed++;
    const bytes = this.byzantine.get(node.id)?.serveBlock(stored.bytes) ?? stored.bytes;
    this.net.send(node.id, requester.id, { channel: "block", bytes });
  }

  /** What a reconnecting transport resends: this height's messages and the pooled payments. */
  resend(from: SimNode, to: SimNode, transactions = true): void {
    if (!from.alive || !to.alive) return;
    this.guard(from, () => {
      for (const bytes of from.messagesForHeight()) {
        this.net.send(from.id, to.id, { channel: "consensus", bytes });
      }
      if (!transactions) return;
      for (const signed of from.mempool.transactions()) {
        this.net.send(from.id, to.id, { channel: "tx", bytes: encodeTx(signed) });
      }
    });
  }

  /** Submits one client transaction (and perhaps a retry of it) to random nodes. */
  submitPayment(workload: Workload): void {
    const signed = workload.transaction(SIM_EPOCH_MS + this.nowMs);
    const bytes = encodeTx(signed);
    this.stats.submitted++;
    this.submit(bytes, 2);
    if (workload.shouldResubmit()) {
      this.queue.after(this.controlPrng.between(100, 5_000), () => this.submit(bytes, 0));
    }
  }

  /** A client sends to a random node; a node that is down makes it try another later. */
  private submit(bytes: Uint8Array, retries: number): void {
    const node = this.controlPrng.pick(this.nodes);
    if (!node.alive) {
      if (retries > 0) this.queue.after(1_000, () => this.submit(bytes, retries - 1));
      this.countAdmission("node-down");
      return;
    }
    this.guard(node, () => this.countAdmission(`client-${node.admit(bytes, this.nowMs).status}`));
  }

  private countAdmission(status: string): void {
    this.stats.admissions[status] = (this.stats.admissions[status] ?? 0) + 1;
  }

  // ---- time-driven helpers for the controls ----

  after(delayMs: number, run: () => void): void {
    this.queue.after(delayMs, run);
  }

  fail(kind: ViolationKind, detail: string): never {
    throw new SimulationViolation(this.seed, kind, detail, this.nowMs, this.replayCommand);
  }

  describe(): string {
    return this.nodes.map((n) => n.describe()).join("; ");
  }

  byzantineOf(validatorIndex: number): Byzantine | undefined {
    return this.byzantine.get(validatorIndex);
  }
}

/** Partitions and link faults, with the transport's resend when links come back. */
export class NetworkControl {
  constructor(
    private readonly sim: Simulator,
    private readonly net: SimNetwork,
  ) {}

  get faults(): LinkFaults {
    return this.net.faults;
  }

  get stats(): SimNetwork["stats"] {
    return this.net.stats;
  }

  get partitioned(): boolean {
    return this.net.partitioned;
  }

  setFaults(faults: Partial<LinkFaults>): this {
    this.net.setFaults(faults);
    return this;
  }

  /** Cuts `node` off from everyone, both ways. */
  isolate(node: number): this {
    this.net.isolate(node);
    return this;
  }

  /** Nodes talk only within their group; every node in exactly one group. */
  partition(groups: readonly (readonly number[])[]): this {
    this.net.partition(groups);
    return this;
  }

  /** Packets from `from` to `to` are lost; the other direction works. */
  cutOneWay(from: readonly number[], to: readonly number[]): this {
    this.net.cutOneWay(from, to);
    return this;
  }

  /**
   * Packets from `from` to `to` are lost while the path stays connected (a full send queue, a
   * congested route): nothing is resent when it clears (`unclog`).
   */
  clog(from: readonly number[], to: readonly number[]): this {
    this.net.clog(from, to);
    return this;
  }

  unclog(from?: readonly number[], to?: readonly number[]): this {
    if (from === undefined || to === undefined) this.net.unclogAll();
    else this.net.clog(from, to, false);
    return this;
  }

  /** Restores every cut link; peers resend over each restored link, as on a reconnect. */
  heal(): this {
    for (const [from, to] of this.net.heal())
      this.sim.resend(this.sim.node(from), this.sim.node(to));
    return this;
  }

  /**
   * Global stabilisation: every link heals and every node resends this height's messages to
   * every peer, so that what random loss took before now is delivered after all (the
   * eventual-delivery assumption of Tendermint's liveness argument).
   */
  stabilise(): this {
    this.net.unclogAll();
    this.heal();
    for (const from of this.sim.nodes) {
      for (const to of this.sim.nodes) if (from !== to) this.sim.resend(from, to, false);
    }
    return this;
  }
}

/** Client payments: a stream of submissions at the workload's rate. */
export class WorkloadControl {
  private running = false;
  private generation = 0;

  constructor(
    private readonly sim: Simulator,
    readonly workload: Workload,
  ) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    const generation = ++this.generation;
    const tick = () => {
      if (!this.running || generation !== this.generation) return;
      this.sim.submitPayment(this.workload);
      this.sim.after(this.workload.nextGapMs(), tick);
    };
    this.sim.after(this.workload.nextGapMs(), tick);
    return this;
  }

  stop(): this {
    this.running = false;
    return this;
  }
}

/** Checks on demand, over everything the nodes stored; they throw a SimulationViolation. */
export class CheckControl {
  constructor(private readonly sim: Simulator) {}

  /** Every honest node's stored chain is a prefix of one chain. */
  agreement(): this {
    const chains = this.sim.honestNodes().map((n) => ({ node: n, blocks: n.storage.blocks }));
    const longest = chains.reduce((a, b) => (b.blocks.length > a.blocks.length ? b : a));
    for (const { node, blocks } of chains) {
      blocks.forEach((block, i) => {
        const reference = longest.blocks[i]!;
        if (!equalBytes(block.blockId, reference.blockId)) {
          this.sim.fail(
            "agreement",
            `${node.name} stored ${hex(block.blockId)} at height ${i + 1}, ${longest.node.name} stored ${hex(reference.blockId)}`,
          );
        }
        if (!equalBytes(block.appHash, reference.appHash)) {
          this.sim.fail("divergence", `${node.name} and ${longest.node.name} at height ${i + 1}`);
        }
      });
    }
    return this;
  }

  /** The ledger invariants on every honest node that is up. */
  invariants(): this {
    for (const node of this.sim.honestNodes()) {
      if (!node.alive) continue;
      node.app.withCommittedState(() => this.sim.checkers.checkState(node, node.height));
    }
    return this;
  }

  /** Every honest node that is up commits `heights` more blocks (beyond the highest) in time. */
  liveness(options: { readonly heights: number; readonly withinMs: number }): this {
    const target = this.sim.maxHonestHeight() + options.heights;
    this.sim.runUntil(
      (s) => s.honestNodes().every((n) => !n.alive || n.height >= target),
      options.withinMs,
      `every honest node at height ${target}`,
    );
    return this;
  }

  /** No honest node committed, stored or signed anything wrong so far. */
  all(): this {
    return this.agreement().invariants();
  }
}

function hex(bytes: Uint8Array): string {
  return bytesToHex(bytes).slice(0, 12);
}
