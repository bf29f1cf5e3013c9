/**
 * What `npm run bench` runs: the scenarios, the rates each offers, when a sweep stops, and which
 * step stands for a scenario in the summary. Pure rules; the runners are ledger-scenario.ts and
 * postgres-peer.ts.
 */

export type Mix = "uniform" | "hot";

export interface LedgerScenario {
  readonly kind: "ledger";
  readonly name: string;
  readonly validators: number;
  readonly mix: Mix;
  /**
   * Fixed rates; the saturation sweep; or the fixed rates and then the sweep's ladder above the
   * highest of them, until a step stops keeping up (a full run only: a quick run stays fixed).
   */
  readonly rates: "fixed" | "sweep" | "fixed+beyond";
}

export interface PeerScenario {
  readonly kind: "peer";
  readonly name: string;
  readonly mix: Mix;
  /** The fixed rates only, or the fixed rates and then the sweep's ladder. */
  readonly rates: "fixed" | "fixed+sweep";
}

export type Scenario = LedgerScenario | PeerScenario;

export const SCENARIOS: readonly Scenario[] = [
  { kind: "ledger", name: "1-validator", validators: 1, mix: "uniform", rates: "fixed+beyond" },
  { kind: "ledger", name: "4-validators", validators: 4, mix: "uniform", rates: "fixed" },
  { kind: "ledger", name: "4-validators-hot", validators: 4, mix: "hot", rates: "fixed" },
  { kind: "ledger", name: "sweep", validators: 4, mix: "uniform", rates: "sweep" },
  { kind: "peer", name: "postgresql", mix: "uniform", rates: "fixed+sweep" },
  { kind: "peer", name: "postgresql-hot", mix: "hot", rates: "fixed" },
];

export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (found === undefined) {
    throw new RangeError(
      `unknown scenario "${name}"; the scenarios are ${SCENARIOS.map((s) => s.name).join(", ")}`,
    );
  }
  return found;
}

export interface SweepOptions {
  readonly fromTps: number;
  readonly factor: number;
  readonly stepsMax: number;
}

/** The sweep's offered rates: from, from × factor, … (rounded to 10/s), at most stepsMax. */
export function sweepLadder(options: SweepOptions): number[] {
  const { fromTps, factor, stepsMax } = options;
  if (!(fromTps > 0) || !(factor > 1) || !Number.isInteger(stepsMax) || stepsMax < 1) {
    throw new RangeError(
      `sweep: --sweep-from > 0, --sweep-factor > 1 and --sweep-steps ≥ 1 required (got ${fromTps}, ${factor}, ${stepsMax})`,
    );
  }
  const rates: number[] = [];
  for (let k = 0; k < stepsMax; k++) {
    const rate = Math.max(10, Math.round((fromTps * factor ** k) / 10) * 10);
    if (rates.at(-1) !== rate) rates.push(rate);
  }
  return rates;
}

/**
 * The rates a scenario offers, in order; a sweep's run stops early at saturation. `beyond` false
 * (a quick run) keeps "fixed+beyond" to the fixed rates.
 */
export function ratesOf(
  scenario: Scenario,
  fixed: readonly number[],
  sweep: SweepOptions,
  beyond = true,
): number[] {
  const ladder = sweepLadder(sweep);
  switch (scenario.rates) {
    case "fixed":
      return [...fixed];
    case "fixed+beyond": {
      const top = Math.max(...fixed);
      return beyond ? [...fixed, ...ladder.filter((rate) => rate > top)] : [...fixed];
    }
    case "sweep":
      return ladder;
    case "fixed+sweep":
      return [...new Set([...fixed, ...ladder])].sort((a, b) => a - b);
  }
}

/** What the rules below read from a step. */
export interface StepFigures {
  readonly offeredTps: number;
  readonly tps: number;
  readonly p99Ms: number;
  readonly submitted: number;
  readonly committed: number;
}

/** Share of a step's payments that must be final for the step to count as keeping up. */
export const COMMITTED_SHARE_MIN = 0.99;

/**
 * Share of the offered rate that must be committed while the load lasts. Below it a backlog is
 * growing: a short step can end before its p99 shows it, a longer one would not.
 */
export const THROUGHPUT_SHARE_MIN = 0.9;

/** Kept up: p99 within the limit, (nearly) every payment final, and no backlog growing. */
export function keptUp(step: StepFigures, p99LimitMs: number): boolean {
  return (
    step.submitted > 0 &&
    step.committed >= COMMITTED_SHARE_MIN * step.submitted &&
    step.tps >= THROUGHPUT_SHARE_MIN * step.offeredTps &&
    step.p99Ms <= p99LimitMs
  );
}

/**
 * A sweep stops after the first step that did not keep up: p99 past the limit (2 s by default),
 * payments refused or lost, or a backlog growing. Higher rates would only queue more.
 */
export function sweepShouldStop(step: StepFigures, p99LimitMs: number): boolean {
  return !keptUp(step, p99LimitMs);
}

/**
 * The rate of one more step after a sweep stops at `failedRate`: the geometric mean of it and
 * `keptRate`, the rate of the step before it that kept up, rounded to 10/s. The ladder grows
 * ×1.5 a step, so without it the highest rate kept up is known only to within a third. Undefined
 * when no step kept up, or when no rate fits between the two.
 */
export function refinedRate(keptRate: number | undefined, failedRate: number): number | undefined {
  if (keptRate === undefined || !(keptRate < failedRate)) return undefined;
  const between = Math.round(Math.sqrt(keptRate * failedRate) / 10) * 10;
  return between > keptRate && between < failedRate ? between : undefined;
}

/**
 * The step that stands for a scenario: the highest committed rate among the steps that kept up;
 * if none did, the highest committed rate of all (and `keptUp` says so).
 */
export function headlineStep<S extends StepFigures>(
  steps: readonly S[],
  p99LimitMs: number,
): { step: S; keptUp: boolean } | undefined {
  const best = (list: readonly S[]) =>
    list.reduce<S | undefined>((a, s) => (a === undefined || s.tps > a.tps ? s : a), undefined);
  const within = best(steps.filter((s) => keptUp(s, p99LimitMs)));
  if (within !== undefined) return { step: within, keptUp: true };
  const any = best(steps);
  return any === undefined ? undefined : { step: any, keptUp: false };
}

/** The most payments/s any step committed, whatever its latency: what the system carried. */
export function mostCommitted(steps: readonly StepFigures[]): number {
  return steps.length === 0 ? NaN : Math.max(...steps.map((s) => s.tps));
}

/**
 * The seed of one step's payments, so that a ledger scenario and the peer offered the same rate
 * with the same mix get the very same payments.
 */
export function stepSeed(seed: number, mix: Mix, ratePerS: number): number {
  return (Math.imul(seed ^ (mix === "hot" ? 0x5bd1e995 : 0), 31) + Math.round(ratePerS)) >>> 0;
}
