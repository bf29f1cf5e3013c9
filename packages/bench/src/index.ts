/** @tongbao/bench: the pieces of `npm run bench`, for its tests and for other tools. */
export { measureBound, verifyRate, boundTps, type Bound } from "./bound.ts";
export { PaymentGenerator, signPayments, checkWorkload, type PaymentIntent } from "./generator.ts";
export { LatencyRecorder, type StepOutcome } from "./latency-recorder.ts";
export { percentile, summarizeLatencies, sustainedThroughput, median } from "./stats.ts";
export { runOpenLoop, dueCount, dueAtMs } from "./schedule.ts";
export { SCENARIOS, ratesOf, sweepLadder, headlineStep, keptUp } from "./scenarios.ts";
export { buildReport, formatTable, type ReportJson, type RunResults } from "./report.ts";
export { renderLatencyPlot, type PlotSeries } from "./svg-plot.ts";
export { PostgresLedger, SCHEMA_SQL } from "./postgres-ledger.ts";
export { findPostgres, startPostgres, PostgresUnavailableError } from "./postgres-server.ts";
export { BatchSubmitter, planLanes } from "./submitter.ts";
export { CommitStream, type CommittedBlock } from "./commit-stream.ts";
export { ProcessSampler, type GroupUsage } from "./process-sampler.ts";
export { parseBenchOptions, type BenchOptions } from "./options.ts";
