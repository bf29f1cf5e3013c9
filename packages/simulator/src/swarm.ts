/**
 * Swarm testing (TigerBeetle's term): each seed draws not only the run's events but its whole
 * configuration — validator count, Byzantine members and what they do, link fault rates,
 * partitions, crashes, clock skews, block size, workload — so that many seeds explore many
 * fault mixes rather than one mix many times.
 *
 * A run has two phases. In the fault phase everything drawn happens. Then the network heals
 * (GST): partitions end, packets stop being lost or corrupted, crashed nodes restart; the
 * Byzantine members keep misbehaving, since they are within the fault budget. From there every
 * honest node must commit `livenessHeights` more blocks within `livenessWithinMs`. Checkers run
 * throughout; any violation ends the run.
 */
import { Prng } from "@tongbao/std";
import type { Round } from "@tongbao/types";
import { BEHAVIOURS, type Behaviour } from "./byzantine.ts";
import { SimulationViolation } from "./checkers.ts";
import type { KeyRing, SignatureScheme } from "./keys.ts";
import type { LinkFaults } from "./network.ts";
import { Simulator } from "./simulator.ts";
import { DEFAULT_WORKLOAD, type WorkloadOptions } from "./workload.ts";

/**
 * default: everything, in moderation. fork-prone: the mix under which Tendermint without its
 * locking rule forks (the canary): as many twins as the fault budget allows, frequent splits
 * that separate each twin from its sibling, and long, uneven delays.
 */
export type Mix = "default" | "fork-prone";

export type FaultEvent =
  | { readonly atMs: number; readonly kind: "isolate"; readonly node: number }
  | { readonly atMs: number; readonly kind: "split"; readonly groups: number[][] }
  | {
      readonly atMs: number;
      readonly kind: "one-way";
      readonly from: number[];
      readonly to: number[];
    }
  | { readonly atMs: number; readonly kind: "clog"; readonly from: number[]; readonly to: number[] }
  | {
      readonly atMs: number;
      readonly kind: "unclog";
      readonly from: number[];
      readonly to: number[];
    }
  /**
   * Arms a nemesis: the first time one of `bridge` locks on a block, clog the path from the side
   * holding that round's proposer (the first side if it is a twin) to the bridge.
   */
  | {
      readonly atMs: number;
      readonly kind: "clog-when-locked";
      readonly sides: [number[], number[]];
      readonly bridge: number[];
    }
  | { readonly atMs: number; readonly kind: "heal" }
  | { readonly atMs: number; readonly kind: "crash"; readonly node: number; readonly torn: boolean }
  | { readonly atMs: number; readonly kind: "restart"; readonly node: number };

export interface SwarmConfig {
  readonly seed: number;
  readonly mix: Mix;
  readonly validators: number;
  readonly accounts: number;
  readonly signatures: SignatureScheme;
  readonly twins: readonly number[];
  readonly byzantine: ReadonlyMap<number, readonly Behaviour[]>;
  readonly links: LinkFaults;
  /** Node id → skew. At most one node is far off (10 s), and it counts against the budget. */
  readonly clockSkewMs: ReadonlyMap<number, number>;
  readonly farSkewedNode: number | undefined;
  readonly maxTxsPerBlock: number;
  readonly commitDelayMs: number;
  readonly workload: WorkloadOptions;
  /** Genesis has KYC limits and travel-rule thresholds (world.ts CORRIDOR_RULES). */
  readonly remittanceRules: boolean;
  /** The transport's relay from stalled nodes (Simulator's regossipStalledMs). */
  readonly regossipStalledMs: number;
  readonly faultPhaseMs: number;
  readonly faults: readonly FaultEvent[];
  /** Blocks every honest node must commit after the heal (more if the chain is short). */
  readonly livenessHeights: number;
}

export interface SeedResult {
  readonly config: SwarmConfig;
  readonly canary: boolean;
  readonly violation: SimulationViolation | undefined;
  /** Blocks in the agreed chain. */
  readonly heights: number;
  readonly transactions: number;
  readonly payments: number;
  /** Remittances settled in the agreed chain. */
  readonly remittances: number;
  readonly simMs: number;
  readonly stats: Simulator["stats"];
}

/** A clock this far off makes a node's proposals untimely everywhere (T2 allows 5 s). */
export const FAR_SKEW_MS = 10_000;

/** Each run's agreed chain reaches at least this height: enough blocks to check per seed. */
export const MIN_HEIGHTS = 20;

/**
 * The liveness bound after the heal. A long fault phase escalates rounds (each step's timeout
 * grows 500 ms per round), so recovery may first sit out a few long rounds; then a height
 * takes a commit delay and a few message delays (up to ~3.5 s with reordering), or one more
 * round when its proposer is faulty. Generous on purpose: a real stall never ends.
 */
export const LIVENESS_RECOVERY_MS = 60_000;
export const LIVENESS_PER_HEIGHT_MS = 10_000;

export function drawConfig(seed: number, mix: Mix = "default"): SwarmConfig {
  // The configuration has its own stream, so the run's events do not shift when a draw is added.
  const prng = new Prng(new Prng(seed).nextU32() ^ 0x5eed_c0f6);
  const forkProne = mix === "fork-prone";
  const validators = forkProne ? prng.pick([4, 4, 5, 7]) : prng.between(4, 10);
  const budget = Math.floor((validators - 1) / 3);
  const faulty = forkProne ? budget : prng.between(0, budget);
  const indices = prng.shuffle(Array.from({ length: validators }, (_, i) => i));
  const twins: number[] = [];
  const byzantine = new Map<number, Behaviour[]>();
  for (const index of indices.slice(0, faulty)) {
    if (forkProne || prng.int(3) === 0) {
      twins.push(index);
    } else {
      const behaviours = BEHAVIOURS.filter(() => prng.int(2) === 0);
      byzantine.set(index, behaviours.length > 0 ? behaviours : [prng.pick(BEHAVIOURS)]);
    }
  }
  const nodes = validators + twins.length;

  // In the fork-prone mix the clogs are the loss: one side plus the bridge is exactly a quorum,
  // and a random drop among them would stall the round until the (slow) relay.
  const links: LinkFaults = forkProne
    ? {
        dropPpm: 0,
        duplicatePpm: prng.between(0, 50_000),
        delayMsMin: 1,
        delayMsMax: prng.between(20, 1_500),
        reorderPpm: prng.between(0, 100_000),
        reorderMsMax: prng.between(0, 1_500),
        corruptPpm: 0,
      }
    : {
        dropPpm: prng.pick([0, 0, prng.between(0, 50_000), prng.between(0, 200_000)]),
        duplicatePpm: prng.pick([0, prng.between(0, 100_000)]),
        delayMsMin: prng.between(1, 20),
        delayMsMax: prng.between(20, prng.pick([100, 500, 1_500])),
        reorderPpm: prng.pick([0, prng.between(0, 100_000)]),
        reorderMsMax: prng.between(0, 2_000),
        corruptPpm: prng.pick([0, 0, prng.between(0, 20_000)]),
      };

  // Honest clocks agree within ±skewMax; the far-off node, if any, takes a faulty slot.
  const skewMax = prng.pick([0, 50, 500, 2_000]);
  const clockSkewMs = new Map<number, number>();
  for (let id = 0; id < nodes; id++) clockSkewMs.set(id, prng.between(-skewMax, skewMax));
  let farSkewedNode: number | undefined;
  const honestIndices = indices.slice(faulty);
  if (!forkProne && faulty < budget && prng.int(3) === 0) {
    farSkewedNode = prng.pick(honestIndices);
    clockSkewMs.set(farSkewedNode, prng.pick([FAR_SKEW_MS, -FAR_SKEW_MS]));
  }

  const faultPhaseMs = forkProne ? prng.between(30_000, 60_000) : prng.between(5_000, 20_000);
  const faults: FaultEvent[] = [];
  // Partition episodes, one at a time, each ended by a heal.
  let t = prng.between(0, 3_000);
  if (forkProne) {
    while (t < faultPhaseMs)
      t = drawBridgeEpisode(prng, t, faultPhaseMs, faults, validators, twins);
  } else {
    const episodes = prng.between(0, 4);
    for (let e = 0; e < episodes && t < faultPhaseMs; e++) {
      const duration = prng.between(500, 12_000);
      faults.push(drawPartition(prng, t, nodes, validators, twins));
      t = Math.min(t + duration, faultPhaseMs);
      faults.push({ atMs: t, kind: "heal" });
      t += prng.between(500, 8_000);
    }
  }
  const crashes = forkProne ? 0 : prng.pick([0, 0, 1, 2, 3]);
  for (let c = 0; c < crashes; c++) {
    const node = prng.int(nodes);
    const atMs = prng.between(0, faultPhaseMs - 1);
    faults.push({ atMs, kind: "crash", node, torn: prng.int(2) === 0 });
    const restartAt = atMs + prng.between(100, 15_000);
    if (restartAt < faultPhaseMs) faults.push({ atMs: restartAt, kind: "restart", node });
  }
  // Array.prototype.sort is stable: faults at one instant keep the order they were drawn in.
  faults.sort((a, b) => a.atMs - b.atMs);

  const livenessHeights = prng.between(4, 8);
  return {
    seed,
    mix,
    validators,
    accounts: prng.between(50, 200),
    // Real Ed25519 votes cost ~40× the keyed hash; some seeds use them to keep that path honest.
    signatures: prng.int(16) === 0 ? "ed25519" : "keyed-hash",
    twins,
    byzantine,
    links,
    clockSkewMs,
    farSkewedNode,
    maxTxsPerBlock: prng.between(1, 20),
    commitDelayMs: prng.between(forkProne ? 0 : 100, 800),
    workload: {
      paymentsPerSecond: prng.between(200, 2_000) / 1000,
      resubmitPpm: prng.between(0, 100_000),
      overspendPpm: prng.between(0, 50_000),
      shortDeadlinePpm: prng.between(0, 50_000),
      // The QR mix is not drawn, so that each seed draws the rest of its configuration as before.
      referencedPpm: DEFAULT_WORKLOAD.referencedPpm,
      refundPpm: DEFAULT_WORKLOAD.refundPpm,
      requestPpm: DEFAULT_WORKLOAD.requestPpm,
      remittancePpm: DEFAULT_WORKLOAD.remittancePpm,
      offerExpiringSoonPpm: DEFAULT_WORKLOAD.offerExpiringSoonPpm,
      quoteLapsePpm: DEFAULT_WORKLOAD.quoteLapsePpm,
      tightRatePpm: DEFAULT_WORKLOAD.tightRatePpm,
      wrongAmountPpm: DEFAULT_WORKLOAD.wrongAmountPpm,
      largeRemitPpm: DEFAULT_WORKLOAD.largeRemitPpm,
      travelRuleOmittedPpm: DEFAULT_WORKLOAD.travelRuleOmittedPpm,
    },
    // Slow relays leave longer windows in which nodes disagree on what they have seen.
    regossipStalledMs: forkProne ? prng.between(20_000, 60_000) : prng.pick([2_000, 3_000, 10_000]),
    faultPhaseMs,
    faults,
    livenessHeights,
    // Drawn last, so that the draws before it are those of seeds run before it existed.
    remittanceRules: prng.int(2) === 0,
  };
}

/**
 * The fork-prone topology (twins with a bridge): the twins' halves sit on two sides that cannot
 * hear each other, and the honest validators in between (the bridge) hear both, until a bridge
 * node locks on a block: then the path from the proposer's side to the bridge clogs and stays
 * clogged. Without the locking rule this is how a fork happens: the bridge helps that side
 * decide the block, misses its precommits (and, later, its next height's messages, which would
 * make it fetch the block), moves on to a later round and helps the other side decide another
 * block. Clogs, not cuts, because the end of a cut is a reconnect that resends the precommits
 * the bridge missed. The moment is a nemesis's (state-triggered): a clog at a random time
 * lands in the window of a few message delays too rarely.
 */
function drawBridgeEpisode(
  prng: Prng,
  start: number,
  endMs: number,
  faults: FaultEvent[],
  validators: number,
  twins: readonly number[],
): number {
  const honest = prng.shuffle(
    Array.from({ length: validators }, (_, i) => i).filter((i) => !twins.includes(i)),
  );
  const sideCount = Math.max(1, Math.floor((honest.length - 1) / 2));
  const left = [...twins, ...honest.slice(0, sideCount)];
  const right = [...twins.map((_, k) => validators + k), ...honest.slice(sideCount, 2 * sideCount)];
  const bridge = honest.slice(2 * sideCount);
  // Long enough for the bridge to time out of its round and reach a later round's proposer on
  // the other side (timeouts grow by 1.5 s per round).
  const end = Math.min(start + prng.between(15_000, 30_000), endMs);
  faults.push({ atMs: start, kind: "clog", from: left, to: right });
  faults.push({ atMs: start, kind: "clog", from: right, to: left });
  faults.push({
    atMs: start,
    kind: "clog-when-locked",
    sides: prng.int(2) === 0 ? [left, right] : [right, left],
    bridge,
  });
  faults.push({ atMs: end, kind: "heal" });
  return end + prng.between(0, 1_000);
}

function drawPartition(
  prng: Prng,
  atMs: number,
  nodes: number,
  validators: number,
  twins: readonly number[],
): FaultEvent {
  const kind = prng.pick(["isolate", "split", "one-way", "clog"] as const);
  if (kind === "isolate") return { atMs, kind, node: prng.int(nodes) };
  const ids = prng.shuffle(Array.from({ length: nodes }, (_, i) => i));
  const cut = prng.between(1, nodes - 1);
  const a = ids.slice(0, cut);
  const b = ids.slice(cut);
  // Twins style: put each twin on the other side from its sibling, so the two halves of the
  // Byzantine validator see different histories.
  twins.forEach((index, k) => {
    const twin = validators + k;
    if (prng.int(3) === 0) return;
    const [mine, other] = a.includes(index) ? [a, b] : [b, a];
    if (mine.includes(twin)) {
      mine.splice(mine.indexOf(twin), 1);
      other.push(twin);
    }
  });
  if (a.length === 0 || b.length === 0) return { atMs, kind: "isolate", node: prng.int(nodes) };
  if (kind === "split") return { atMs, kind: "split", groups: [a.sort(), b.sort()] };
  return { atMs, kind, from: a.sort(), to: b.sort() };
}

export interface RunOptions {
  readonly canary?: boolean;
  readonly mix?: Mix;
  readonly keys?: KeyRing;
}

/** Runs one seed to the end; never throws for a violation, which is returned instead. */
export function runSeed(seed: number, options: RunOptions = {}): SeedResult {
  const canary = options.canary === true;
  const config = drawConfig(seed, options.mix ?? (canary ? "fork-prone" : "default"));
  const sim = Simulator.create({
    seed,
    validators: config.validators,
    accounts: config.accounts,
    remittanceRules: config.remittanceRules,
    signatures: config.signatures,
    twins: config.twins,
    byzantine: config.byzantine,
    links: config.links,
    clockSkewMs: config.clockSkewMs,
    canary,
    maxTxsPerBlock: config.maxTxsPerBlock,
    commitDelayMs: config.commitDelayMs,
    workload: config.workload,
    invariantsOnEveryCommit: false,
    regossipStalledMs: config.regossipStalledMs,
    replay: replayCommand(seed, options),
    ...(options.keys === undefined ? {} : { keys: options.keys }),
  });
  let violation: SimulationViolation | undefined;
  try {
    const disarms: Array<() => void> = [];
    for (const fault of config.faults) {
      sim.runFor(fault.atMs - sim.nowMs);
      applyFault(sim, fault, disarms);
    }
    for (const disarm of disarms) disarm();
    sim.runFor(config.faultPhaseMs - sim.nowMs);
    // GST: the network heals and stays healthy; crashed nodes come back.
    sim.network.setFaults({ dropPpm: 0, corruptPpm: 0 });
    sim.nodes.forEach((node) => sim.restart(node.id));
    sim.network.stabilise();
    // Every honest node commits livenessHeights more blocks, and the chain reaches MIN_HEIGHTS.
    const heights = Math.max(config.livenessHeights, MIN_HEIGHTS - sim.maxHonestHeight());
    sim.check.liveness({
      heights,
      withinMs: LIVENESS_RECOVERY_MS + heights * LIVENESS_PER_HEIGHT_MS,
    });
    sim.check.all();
  } catch (error) {
    if (!(error instanceof SimulationViolation)) throw error;
    violation = error;
  }
  return {
    config,
    canary,
    violation,
    heights: sim.checkers.height,
    transactions: sim.checkers.stats.transactions,
    payments: sim.checkers.stats.payments,
    remittances: sim.checkers.stats.remittances,
    simMs: sim.nowMs,
    stats: sim.stats,
  };
}

function isLocked(sim: Simulator, id: number): boolean {
  const node = sim.node(id);
  return node.alive && node.view().lockedRound >= 0;
}

function applyFault(sim: Simulator, fault: FaultEvent, disarms: Array<() => void>): void {
  switch (fault.kind) {
    case "isolate":
      sim.network.isolate(fault.node);
      return;
    case "split":
      sim.network.partition(fault.groups);
      return;
    case "one-way":
      sim.network.cutOneWay(fault.from, fault.to);
      return;
    case "clog":
      sim.network.clog(fault.from, fault.to);
      return;
    case "unclog":
      sim.network.unclog(fault.from, fault.to);
      return;
    case "clog-when-locked": {
      // Re-armed at every new lock, so each height the bridge locks at is a chance.
      const [first, second] = fault.sides;
      const handled = new Set<string>();
      const lockOf = (s: Simulator) => {
        for (const id of fault.bridge) {
          if (!isLocked(s, id)) continue;
          const view = s.node(id).view();
          const key = `${view.height}/${view.lockedRound}`;
          if (!handled.has(key)) return { key, view };
        }
        return undefined;
      };
      const arm = () => {
        disarms.push(
          sim.when(
            (s) => lockOf(s) !== undefined,
            (s) => {
              const { key, view } = lockOf(s)!;
              handled.add(key);
              const proposer = s.world.validatorSet.proposer(
                view.height,
                view.lockedRound as Round,
              );
              const side = second.includes(proposer) && !first.includes(proposer) ? second : first;
              const other = side === first ? second : first;
              s.network.unclog(other, fault.bridge).clog(side, fault.bridge);
              arm();
            },
          ),
        );
      };
      arm();
      return;
    }
    case "heal":
      for (const disarm of disarms.splice(0)) disarm();
      sim.network.unclog().heal();
      return;
    case "crash":
      sim.crash(fault.node, { duringNextStep: fault.torn });
      return;
    case "restart":
      sim.restart(fault.node);
      return;
  }
}

export function replayCommand(seed: number, options: RunOptions = {}): string {
  const flags = [
    options.canary === true ? " --canary" : "",
    options.mix !== undefined &&
    options.mix !== (options.canary === true ? "fork-prone" : "default")
      ? ` --mix ${options.mix}`
      : "",
  ].join("");
  return `npm run sim -- --seed ${seed}${flags}`;
}

/** One line per seed: what was drawn and what happened. */
export function describeResult(result: SeedResult): string {
  const c = result.config;
  const pct = (ppm: number) => `${(ppm / 10_000).toFixed(1)}%`;
  const byzantine = [...c.byzantine]
    .map(([index, behaviours]) => `v${index}:${behaviours.join("+")}`)
    .join(",");
  const skews = [...c.clockSkewMs.values()].filter((s) => Math.abs(s) < FAR_SKEW_MS);
  const skewMax = Math.max(0, ...skews.map((s) => Math.abs(s)));
  const partitions = c.faults.filter((f) => f.kind === "heal").length;
  const crashes = c.faults.filter((f) => f.kind === "crash").length;
  const parts = [
    `seed ${c.seed}`,
    `v=${c.validators}${c.signatures === "ed25519" ? " ed25519" : ""}`,
    c.twins.length > 0 ? `twins=${c.twins.map((i) => `v${i}`).join(",")}` : "",
    byzantine.length > 0 ? `byz=${byzantine}` : "",
    `drop=${pct(c.links.dropPpm)} dup=${pct(c.links.duplicatePpm)} delay=${c.links.delayMsMin}-${c.links.delayMsMax}ms` +
      (c.links.reorderPpm > 0 ? ` reorder=${pct(c.links.reorderPpm)}` : "") +
      (c.links.corruptPpm > 0 ? ` corrupt=${pct(c.links.corruptPpm)}` : ""),
    `partitions=${partitions} crashes=${crashes} skew=±${skewMax}ms` +
      (c.farSkewedNode !== undefined
        ? `+${c.clockSkewMs.get(c.farSkewedNode)}ms@v${c.farSkewedNode}`
        : ""),
    `heights=${result.heights} payments=${result.payments}/${result.transactions}` +
      ` remittances=${result.remittances}${c.remittanceRules ? " (kyc+travel rule)" : ""}`,
    `sim=${(result.simMs / 1000).toFixed(1)}s`,
    result.violation === undefined ? "ok" : `FAIL ${result.violation.kind}`,
  ];
  return parts.filter((p) => p.length > 0).join("  ");
}
