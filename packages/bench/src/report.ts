/**
 * The results of a run: what each step measured, the JSON document `--json` prints, and the
 * table printed otherwise. Pure: built from plain results, so its shape is tested.
 */
import type { Bound } from "./bound.ts";
import type { Machine } from "./machine.ts";
import type { GroupUsage } from "./process-sampler.ts";
import { headlineStep, keptUp, mostCommitted, type Mix } from "./scenarios.ts";

export interface StepResult {
  readonly offeredTps: number;
  readonly seconds: number;
  /** Committed payments per second sustained while the load was offered (stats.ts). */
  readonly tps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly submitted: number;
  readonly committed: number;
  /** Final with a failure code (e.g. insufficient funds). */
  readonly failed: number;
  readonly lost: number;
  readonly refused: Readonly<Record<string, number>>;
  /** How far the generator fell behind its schedule beyond one tick (ms). */
  readonly lagMsMax: number;
  /** Ledger: mean over the validator processes, % of one core. Peer: the whole server. */
  readonly cpuPct: number;
  /** Ledger: the largest validator. Peer: the server's processes together. */
  readonly rssMbMax: number;
  readonly generatorCpuPct: number;
  readonly processes: readonly GroupUsage[];
  /** Ledger: payments per block that carried any of this step's payments. */
  readonly paymentsPerBlock?: number;
  /**
   * Ledger: signature checks per final payment per validator over the step and its drain. Each
   * validator needs one per payment; more means some were checked twice.
   */
  readonly checksPerPayment?: number;
  /** Peer: transactions run again after a serialization failure. */
  readonly retries?: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly validators: number;
  readonly mix: Mix;
  readonly boundTps: number;
  readonly steps: readonly StepResult[];
}

export type PeerResult =
  | {
      readonly name: string;
      readonly mix: Mix;
      readonly settings: Readonly<Record<string, string | number>>;
      readonly steps: readonly StepResult[];
    }
  | { readonly name: string; readonly mix: Mix; readonly skipped: string };

export interface RunSettings {
  readonly command: string;
  readonly quick: boolean;
  readonly seconds: number;
  readonly accounts: number;
  /** Accounts opened by transactions before the load; absent in reports made before the flag. */
  readonly openAccounts?: number;
  readonly hotShare: number;
  readonly hotMerchants: number;
  readonly seed: number;
  readonly p99LimitMs: number;
  readonly tickMs: number;
  readonly warmupSeconds: number;
}

export interface RunResults {
  readonly machine: Machine;
  readonly settings: RunSettings;
  readonly bound: Bound;
  readonly scenarios: readonly ScenarioResult[];
  readonly peers: readonly PeerResult[];
  readonly plot?: string;
}

type Num = number | null;

/** JSON has no NaN or Infinity: a figure that could not be measured is null. */
function num(value: number, digits = 1): Num {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export interface StepJson {
  readonly offeredTps: number;
  readonly tps: Num;
  readonly p50Ms: Num;
  readonly p99Ms: Num;
  readonly maxMs: Num;
  readonly submitted: number;
  readonly committed: number;
  readonly failed: number;
  readonly lost: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly lagMsMax: Num;
  readonly cpuPct: Num;
  readonly rssMbMax: Num;
  readonly generatorCpuPct: Num;
  readonly processes: ReadonlyArray<{ name: string; cpuPct: Num; rssMbMax: Num }>;
  readonly paymentsPerBlock?: Num;
  readonly checksPerPayment?: Num;
  readonly retries?: number;
}

/**
 * The headline figures of a list of steps: those of the fastest step that kept up (p99 within
 * the limit, every payment final, no backlog growing), else of the fastest step (scenarios.ts:
 * headlineStep), and the most any step carried.
 */
interface Headline {
  readonly offeredTps: number;
  readonly tps: Num;
  /** The most final payments/s of any step, whatever its latency: what the system carried. */
  readonly tpsMax: Num;
  readonly p50Ms: Num;
  readonly p99Ms: Num;
  readonly maxMs: Num;
  readonly cpuPct: Num;
  readonly rssMbMax: Num;
  /** False when no step kept up: then the figures are those of the fastest step. */
  readonly keptUp: boolean;
  /** True when some step did not keep up: the system was driven past what it sustains. */
  readonly saturated: boolean;
}

export interface ScenarioJson extends Headline {
  readonly name: string;
  readonly validators: number;
  readonly mix: Mix;
  readonly boundTps: Num;
  /** tpsMax ÷ boundTps: how close the ledger came to what its signature checks allow. */
  readonly boundShare: Num;
  /**
   * Against the peer with the same mix, when it ran: `tpsRatio` compares the rates both carried
   * while keeping up (null unless both did), `tpsMaxRatio` the most both carried at all.
   */
  readonly vsPeer: {
    readonly peer: string;
    readonly tpsRatio: Num;
    readonly tpsMaxRatio: Num;
  } | null;
  readonly steps: readonly StepJson[];
}

export type PeerJson =
  | (Headline & {
      readonly name: string;
      readonly mix: Mix;
      readonly settings: Readonly<Record<string, string | number>>;
      readonly steps: readonly StepJson[];
    })
  | { readonly name: string; readonly mix: Mix; readonly skipped: string };

export interface ReportJson {
  readonly machine: Machine;
  readonly settings: RunSettings;
  readonly bound: { verifyPerCore: Num; p256VerifyPerCore: Num; cores: number };
  readonly scenarios: readonly ScenarioJson[];
  readonly peers: readonly PeerJson[];
  readonly plot: string | null;
}

function stepJson(step: StepResult): StepJson {
  return {
    offeredTps: step.offeredTps,
    tps: num(step.tps),
    p50Ms: num(step.p50Ms),
    p99Ms: num(step.p99Ms),
    maxMs: num(step.maxMs),
    submitted: step.submitted,
    committed: step.committed,
    failed: step.failed,
    lost: step.lost,
    refused: step.refused,
    lagMsMax: num(step.lagMsMax),
    cpuPct: num(step.cpuPct),
    rssMbMax: num(step.rssMbMax),
    generatorCpuPct: num(step.generatorCpuPct),
    processes: step.processes.map((p) => ({
      name: p.name,
      cpuPct: num(p.cpuPct),
      rssMbMax: num(p.rssMbMax),
    })),
    ...(step.paymentsPerBlock === undefined
      ? {}
      : { paymentsPerBlock: num(step.paymentsPerBlock) }),
    ...(step.checksPerPayment === undefined
      ? {}
      : { checksPerPayment: num(step.checksPerPayment, 2) }),
    ...(step.retries === undefined ? {} : { retries: step.retries }),
  };
}

function headline(steps: readonly StepResult[], p99LimitMs: number): Headline {
  const chosen = headlineStep(steps, p99LimitMs);
  const step = chosen?.step;
  return {
    offeredTps: step?.offeredTps ?? 0,
    tps: num(step?.tps ?? NaN),
    tpsMax: num(mostCommitted(steps)),
    p50Ms: num(step?.p50Ms ?? NaN),
    p99Ms: num(step?.p99Ms ?? NaN),
    maxMs: num(step?.maxMs ?? NaN),
    cpuPct: num(step?.cpuPct ?? NaN),
    rssMbMax: num(step?.rssMbMax ?? NaN),
    keptUp: chosen?.keptUp ?? false,
    saturated: steps.some((s) => !keptUp(s, p99LimitMs)),
  };
}

export function buildReport(results: RunResults): ReportJson {
  const limit = results.settings.p99LimitMs;
  const peers: PeerJson[] = results.peers.map((peer) =>
    "skipped" in peer
      ? { name: peer.name, mix: peer.mix, skipped: peer.skipped }
      : {
          name: peer.name,
          mix: peer.mix,
          ...headline(peer.steps, limit),
          settings: peer.settings,
          steps: peer.steps.map(stepJson),
        },
  );
  const scenarios = results.scenarios.map((scenario): ScenarioJson => {
    const head = headline(scenario.steps, limit);
    const peer = peers.find(
      (p): p is Extract<PeerJson, { steps: unknown }> => p.mix === scenario.mix && "steps" in p,
    );
    return {
      name: scenario.name,
      validators: scenario.validators,
      mix: scenario.mix,
      ...head,
      boundTps: num(scenario.boundTps, 0),
      boundShare: num((head.tpsMax ?? NaN) / scenario.boundTps, 3),
      vsPeer:
        peer === undefined
          ? null
          : {
              peer: peer.name,
              tpsRatio:
                head.keptUp && peer.keptUp ? num((head.tps ?? NaN) / (peer.tps ?? NaN), 3) : null,
              tpsMaxRatio: num((head.tpsMax ?? NaN) / (peer.tpsMax ?? NaN), 3),
            },
      steps: scenario.steps.map(stepJson),
    };
  });
  return {
    machine: results.machine,
    settings: results.settings,
    bound: {
      verifyPerCore: num(results.bound.verifyPerCore, 0),
      p256VerifyPerCore: num(results.bound.p256VerifyPerCore, 0),
      cores: results.bound.cores,
    },
    scenarios,
    peers,
    plot: results.plot ?? null,
  };
}

// ---- the table ---------------------------------------------------------------------------------

function cell(value: Num | string, digits = 0): string {
  if (value === null) return "–";
  if (typeof value === "string") return value;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

function refusedText(step: StepJson): string {
  const refused = Object.values(step.refused).reduce((a, b) => a + b, 0);
  return `${refused + step.lost}`;
}

/** The text report: every step, then the headline per scenario with its ratios. */
export function formatTable(report: ReportJson): string {
  const out: string[] = [];
  const { machine, bound, settings } = report;
  out.push(
    `Tongbao bench — ${machine.cpuModel}, ${bound.cores} cores, Node ${machine.node}; ` +
      `${settings.seconds} s per step, ${settings.accounts} accounts` +
      (settings.openAccounts ? ` paying, ${settings.openAccounts} more opened` : "") +
      (settings.quick ? " (--quick)" : ""),
  );
  out.push(
    `Signature bound (measured in this run): Ed25519 ${cell(bound.verifyPerCore)} verifies/s/core, ` +
      `P-256 ${cell(bound.p256VerifyPerCore)}; bound = verify/s × ${bound.cores} cores ÷ validators`,
  );
  out.push("");
  const header = [
    "scenario",
    "offered/s",
    "final/s",
    "p50 ms",
    "p99 ms",
    "max ms",
    "cpu %/proc",
    "rss MB",
    "gen cpu %",
    "per block",
    "refused+lost",
  ];
  const rows: string[][] = [];
  const stepRow = (name: string, step: StepJson) => [
    name,
    cell(step.offeredTps),
    cell(step.tps),
    cell(step.p50Ms),
    cell(step.p99Ms),
    cell(step.maxMs),
    cell(step.cpuPct),
    cell(step.rssMbMax),
    cell(step.generatorCpuPct),
    step.paymentsPerBlock === undefined ? "" : cell(step.paymentsPerBlock ?? null),
    refusedText(step),
  ];
  for (const s of report.scenarios) for (const step of s.steps) rows.push(stepRow(s.name, step));
  for (const p of report.peers) {
    if ("skipped" in p) rows.push([p.name, "skipped", "", "", "", "", "", "", "", "", ""]);
    else for (const step of p.steps) rows.push(stepRow(p.name, step));
  }
  out.push(...table(header, rows));
  out.push("");
  out.push(
    `Summary — kept up: the fastest step with p99 ≤ ${cell(settings.p99LimitMs)} ms, every ` +
      "payment final and no backlog growing; most: the most final/s of any step:",
  );
  const keptUpText = (h: Headline) =>
    h.keptUp ? `${cell(h.tps)} at ${cell(h.offeredTps)}/s` : "never";
  const load = (h: Headline) => (h.saturated ? "saturated" : "not saturated");
  const summaryRows = report.scenarios.map((s) => [
    s.name,
    keptUpText(s),
    s.keptUp ? cell(s.p99Ms) : "–",
    cell(s.tpsMax),
    cell(s.boundTps),
    cell(s.boundShare, 2),
    s.vsPeer === null ? "–" : cell(s.vsPeer.tpsRatio, 2),
    s.vsPeer === null ? "–" : `${cell(s.vsPeer.tpsMaxRatio, 2)} × ${s.vsPeer.peer}`,
    load(s),
  ]);
  for (const p of report.peers) {
    if ("skipped" in p) {
      summaryRows.push([p.name, "–", "–", "–", "–", "–", "–", "–", "skipped"]);
    } else {
      summaryRows.push([
        p.name,
        keptUpText(p),
        p.keptUp ? cell(p.p99Ms) : "–",
        cell(p.tpsMax),
        "–",
        "–",
        "–",
        "–",
        load(p),
      ]);
    }
  }
  out.push(
    ...table(
      [
        "scenario",
        "kept up: final/s",
        "p99 ms",
        "most final/s",
        "bound/s",
        "most ÷ bound",
        "÷ peer (kept up)",
        "÷ peer (most)",
        "load",
      ],
      summaryRows,
    ),
  );
  const skipped = new Map<string, string[]>();
  for (const p of report.peers) {
    if ("skipped" in p) skipped.set(p.skipped, [...(skipped.get(p.skipped) ?? []), p.name]);
  }
  for (const [reason, names] of skipped) out.push(`${names.join(", ")} skipped: ${reason}`);
  out.push(
    "",
    "cpu %/proc: each validator process on average (ledger), the PostgreSQL server's processes " +
      "together (peer); 100 % is one core. gen cpu %: the bench's own process, on the same cores.",
  );
  if (report.plot !== null) out.push(`Plot: ${report.plot}`);
  return out.join("\n");
}
