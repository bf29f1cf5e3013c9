/**
 * Offering a scenario's rates in order, the same for the ledger and the peer: one step per rate.
 * Where the scenario sweeps, the first step that does not keep up ends it, and one more step at
 * `refinedRate` between that rate and the last one kept narrows down the highest rate kept up
 * (unless `refine` is off, as in a quick run).
 */
import { refinedRate, sweepShouldStop, type StepFigures } from "./scenarios.ts";

export interface LadderOptions {
  /** False for fixed rates: every rate is offered, whatever the steps before did. */
  readonly stopsWhenBehind: boolean;
  readonly refine: boolean;
  readonly p99LimitMs: number;
}

export interface LadderReport<S> {
  /** After each step; `between` for the step added after the sweep stopped. */
  step(step: S, between: boolean): void;
  /** The step at `rate` did not keep up, and ends the sweep. */
  stopped(rate: number, step: S): void;
}

/** The steps offered, by offered rate. */
export async function offerLadder<S extends StepFigures>(
  rates: readonly number[],
  options: LadderOptions,
  offer: (rate: number) => Promise<S>,
  report: LadderReport<S>,
): Promise<S[]> {
  const steps: S[] = [];
  let keptRate: number | undefined;
  for (const rate of rates) {
    const step = await offer(rate);
    steps.push(step);
    report.step(step, false);
    if (options.stopsWhenBehind && sweepShouldStop(step, options.p99LimitMs)) {
      report.stopped(rate, step);
      const between = options.refine ? refinedRate(keptRate, rate) : undefined;
      if (between !== undefined) {
        const refined = await offer(between);
        steps.push(refined);
        report.step(refined, true);
      }
      break;
    }
    keptRate = rate;
  }
  return steps.sort((a, b) => a.offeredTps - b.offeredTps);
}
