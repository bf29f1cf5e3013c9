/** @tongbao/bench: the pieces of `npm run bench`, for its tests and for other tools. */
export { PaymentGenerator, signPayments, checkWorkload, type PaymentIntent } from "./generator.ts";
export { LatencyRecorder, type StepOutcome } from "./latency-recorder.ts";
export { percentile, summarizeLatencies, sustainedThroughput, median } from "./stats.ts";
export { runOpenLoop, dueCount, dueAtMs } from "./schedule.ts";
