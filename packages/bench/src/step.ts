/**
 * One load step, the same for the ledger and the peer: offer pre-built payments open-loop at a
 * rate for a number of seconds, wait for the last ones to become final (or give up), and turn
 * what the recorder and the process sampler saw into a StepResult.
 *
 * CPU is measured while the load is offered (not while the last payments drain), so it is the
 * cost of carrying that rate; latency covers every payment, the last ones included.
 */
import { LatencyRecorder, type StepOutcome } from "./latency-recorder.ts";
import type { GroupUsage, ProcessSampler } from "./process-sampler.ts";
import type { StepResult } from "./report.ts";
import { runOpenLoop } from "./schedule.ts";
import { sustainedThroughput } from "./stats.ts";

/** The system under test, as a step sees it. */
export interface StepTarget<P> {
  /** Hands `payments` over now (one tick's worth); records them in `recorder`, never throws. */
  send(payments: readonly P[], tick: number, recorder: LatencyRecorder): void;
  /** Resolves once every submission so far has been answered. */
  settled(): Promise<void>;
  /** Resolves once every commit seen so far has been given to the recorder. */
  idle(): Promise<void>;
}

export interface StepOptions<P> {
  readonly ratePerS: number;
  readonly seconds: number;
  readonly tickMs: number;
  readonly payments: readonly P[];
  readonly target: StepTarget<P>;
  readonly sampler: ProcessSampler;
  /** The step's recorder is handed here before the first payment is sent. */
  readonly useRecorder: (recorder: LatencyRecorder | undefined) => void;
  /** How long to wait for the last payments after the load stops. */
  readonly drainTimeoutMs: number;
  /** Folds the sampled processes into the step's figures. */
  readonly usage: (groups: readonly GroupUsage[]) => {
    cpuPct: number;
    rssMbMax: number;
    generatorCpuPct: number;
  };
  /** Figures only one kind of target has (payments per block, retries). */
  readonly extra?: (outcome: StepOutcome) => Partial<StepResult>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The part of a short step's start that is not yet steady: commits have yet to flow. */
export function warmupMs(seconds: number): number {
  return Math.min(1000, (seconds * 1000) / 4);
}

export async function runStep<P>(options: StepOptions<P>): Promise<StepResult> {
  const { ratePerS, seconds, tickMs, payments, target, sampler } = options;
  const recorder = new LatencyRecorder();
  options.useRecorder(recorder);
  sampler.begin();
  const loop = await runOpenLoop({
    ratePerS,
    total: payments.length,
    tickMs,
    nowMs: () => performance.now(),
    sleep,
    send: (from, to, tick) => target.send(payments.slice(from, to), tick, recorder),
  });
  const groups = sampler.end();
  const usage = options.usage(groups);
  await target.settled();
  const deadline = performance.now() + options.drainTimeoutMs;
  while (recorder.waiting > 0 && performance.now() < deadline) await sleep(50);
  await target.idle();
  options.useRecorder(undefined);
  const outcome = recorder.outcome();
  const tps = sustainedThroughput(outcome.commits, {
    startMs: loop.startMs,
    steadyFromMs: loop.startMs + warmupMs(seconds),
    endMs: loop.startMs + seconds * 1000,
  });
  return {
    offeredTps: ratePerS,
    seconds,
    tps,
    p50Ms: outcome.latency.p50Ms,
    p99Ms: outcome.latency.p99Ms,
    maxMs: outcome.latency.maxMs,
    submitted: outcome.submitted,
    committed: outcome.committed,
    failed: outcome.failed,
    lost: outcome.lost,
    refused: outcome.refused,
    lagMsMax: loop.lagMsMax,
    ...usage,
    processes: groups,
    ...options.extra?.(outcome),
  };
}
