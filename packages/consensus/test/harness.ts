/**
 * A small in-test network: N engines, a perfect message queue that delivers every message after
 * a PRNG-drawn delay (so in a shuffled order), timeouts fired by a simulated clock, and blocks
 * served from peers' commits for catch-up. Deliberately minimal; the simulator package will
 * replace it with faults, storage and the real ledger.
 */
import { Prng } from "@tongbao/std";
import type { TimestampMs } from "@tongbao/types";
import {
  ConsensusEngine,
  MemorySafetyStore,
  SafetyModule,
  type ConsensusAction,
  type ConsensusEvent,
  type ParentInfo,
} from "../src/index.ts";
import { CHAIN_ID, T0, TestApplication, testNetwork, type TestNetwork } from "./fixtures.ts";
import { ed25519Verifier } from "./keys.ts";

export interface HarnessOptions {
  readonly seed: number;
  readonly validators?: number;
  /** Validators that never start and receive nothing: crashed from the beginning. */
  readonly silent?: readonly number[];
  /** Each delivery takes 1..delayMsMax simulated ms, drawn per message and recipient. */
  readonly delayMsMax?: number;
  /** Each node's clock is off by up to this many ms, drawn once per node. */
  readonly clockSkewMsMax?: number;
  /** Crash one validator at `atMs` (simulated, from start) and restart it at `restartAtMs`. */
  readonly crash?: { readonly index: number; readonly atMs: number; readonly restartAtMs: number };
  readonly unsafeSkipLockCheck?: boolean;
}

type Commit = Extract<ConsensusAction, { kind: "commit" }>;

interface Node {
  readonly index: number;
  engine: ConsensusEngine;
  readonly store: MemorySafetyStore;
  readonly clockSkewMs: number;
  /** Bumped on restart, so deliveries addressed to the previous incarnation are lost. */
  incarnation: number;
  alive: boolean;
  readonly commits: Commit[];
  /** WAL records by height, as the node's disk would keep them. */
  readonly wal: Map<number, Uint8Array[]>;
  /** Everything unusual the engine reported. */
  readonly reports: ConsensusAction[];
  /** Blocks this node was sent in answer to its requests. */
  blocksServed: number;
}

type Scheduled = { readonly atMs: number; readonly seq: number } & (
  | {
      readonly kind: "event";
      readonly node: number;
      readonly incarnation: number;
      readonly event: (nowMs: TimestampMs) => ConsensusEvent;
    }
  /** A fault injected by the harness itself (crash, restart). */
  | { readonly kind: "control"; readonly run: () => void }
);

const EVENTS_MAX = 200_000;

export class Harness {
  readonly net: TestNetwork;
  readonly nodes: Node[] = [];
  private readonly prng: Prng;
  private readonly queue: Scheduled[] = [];
  private seq = 0;
  nowMs = 0;
  events = 0;

  constructor(private readonly options: HarnessOptions) {
    this.prng = new Prng(options.seed);
    this.net = testNetwork(Array.from({ length: options.validators ?? 4 }, () => 1));
    const skewMax = options.clockSkewMsMax ?? 0;
    for (let index = 0; index < this.net.validators.size; index++) {
      const store = new MemorySafetyStore();
      const node: Node = {
        index,
        engine: undefined as never,
        store,
        clockSkewMs: this.prng.between(-skewMax, skewMax),
        incarnation: 0,
        alive: !(options.silent ?? []).includes(index),
        commits: [],
        wal: new Map(),
        reports: [],
        blocksServed: 0,
      };
      node.engine = this.createEngine(node, this.net.genesis);
      this.nodes.push(node);
    }
    for (const node of this.nodes) {
      if (node.alive) this.schedule(node, 0, (nowMs) => ({ kind: "start", nowMs }));
    }
    const crash = options.crash;
    if (crash !== undefined) {
      this.at(crash.atMs, () => this.crash(crash.index));
      this.at(crash.restartAtMs, () => this.restart(crash.index));
    }
  }

  /** Runs until `done` holds; throws with the seed if the event budget runs out first. */
  runUntil(done: (harness: Harness) => boolean): void {
    while (!done(this)) {
      const next = this.queue.shift();
      if (next === undefined) throw new Error(`seed ${this.options.seed}: queue ran dry`);
      if (++this.events > EVENTS_MAX) {
        throw new Error(`seed ${this.options.seed}: no progress after ${EVENTS_MAX} events`);
      }
      this.nowMs = next.atMs;
      if (next.kind === "control") {
        next.run();
        continue;
      }
      const node = this.nodes[next.node]!;
      if (!node.alive || node.incarnation !== next.incarnation) continue;
      const actions = node.engine.step(
        next.event((T0 + this.nowMs + node.clockSkewMs) as TimestampMs),
      );
      this.perform(node, actions);
    }
  }

  /** The lowest number of blocks committed by a node that is not silent (crashed ones count). */
  minCommitted(): number {
    const silent = this.options.silent ?? [];
    const counted = this.nodes.filter((n) => !silent.includes(n.index));
    return Math.min(...counted.map((n) => n.commits.length));
  }

  private createEngine(node: Node, parent: ParentInfo): ConsensusEngine {
    const safety = new SafetyModule(
      { chainId: CHAIN_ID },
      { signer: this.net.keys[node.index]!, store: node.store },
    );
    return new ConsensusEngine(
      {
        chainId: CHAIN_ID,
        validators: this.net.validators,
        parent,
        unsafeSkipLockCheck: this.options.unsafeSkipLockCheck === true,
      },
      {
        application: new TestApplication(parent, `v${node.index}`),
        safety,
        verifier: ed25519Verifier,
      },
    );
  }

  private perform(node: Node, actions: readonly ConsensusAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case "persist": {
          const records = node.wal.get(action.height) ?? [];
          records.push(action.bytes);
          node.wal.set(action.height, records);
          break;
        }
        case "broadcast":
          for (const peer of this.nodes) {
            if (peer === node) continue;
            const peerName = `n${node.index}`;
            this.schedule(peer, this.delay(), (nowMs) => ({
              kind: "message",
              nowMs,
              peer: peerName,
              bytes: action.bytes,
            }));
          }
          break;
        case "schedule-timeout":
          this.schedule(node, action.durationMs, (nowMs) => ({
            kind: "timeout",
            nowMs,
            height: action.height,
            round: action.round,
            step: action.step,
          }));
          break;
        case "commit":
          node.commits.push(action);
          node.wal.delete(action.height);
          break;
        case "request-block":
          this.serveBlock(node, action.height);
          break;
        case "peer-misbehaved":
        case "evidence":
        case "signing-refused":
          node.reports.push(action);
          break;
      }
    }
  }

  /** Any node that committed the height answers, after a network delay. */
  private serveBlock(node: Node, height: number): void {
    for (const peer of this.nodes) {
      const commit = peer.commits[height - 1];
      if (peer === node || commit === undefined) continue;
      node.blocksServed++;
      this.schedule(node, this.delay(), (nowMs) => ({
        kind: "block-fetched",
        nowMs,
        peer: `n${peer.index}`,
        bytes: commit.bytes,
      }));
      return;
    }
  }

  private crash(index: number): void {
    const node = this.nodes[index]!;
    node.alive = false;
    node.incarnation++;
  }

  /** Rebuilds the engine from what survives a crash: safety store, commits and the WAL. */
  private restart(index: number): void {
    const node = this.nodes[index]!;
    const last = node.commits.at(-1);
    const parent: ParentInfo =
      last === undefined
        ? this.net.genesis
        : {
            height: last.height,
            blockId: last.blockId,
            timestampMs: last.committed.block.header.timestampMs,
            appHash: last.appHash,
          };
    node.engine = this.createEngine(node, parent);
    node.alive = true;
    for (const bytes of node.wal.get(parent.height + 1) ?? []) {
      this.schedule(node, 0, (nowMs) => ({ kind: "replay", nowMs, bytes }));
    }
    this.schedule(node, 0, (nowMs) => ({ kind: "start", nowMs }));
  }

  private delay(): number {
    return this.prng.between(1, this.options.delayMsMax ?? 50);
  }

  private schedule(
    node: Node,
    afterMs: number,
    event: (nowMs: TimestampMs) => ConsensusEvent,
  ): void {
    this.insert({
      kind: "event",
      atMs: this.nowMs + afterMs,
      seq: this.seq++,
      node: node.index,
      incarnation: node.incarnation,
      event,
    });
  }

  private at(atMs: number, run: () => void): void {
    this.insert({ kind: "control", atMs, seq: this.seq++, run });
  }

  private insert(item: Scheduled): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.queue[mid]!;
      if (other.atMs < item.atMs || (other.atMs === item.atMs && other.seq < item.seq))
        lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, item);
  }
}
