/**
 * Structured logs with pino: one JSON object per line, to stderr or to a file. Each node gets
 * its own logger (no module-level logger), so several nodes in one process log apart.
 */
import { pino, type Logger } from "pino";

export type { Logger };

export interface NodeLoggerOptions {
  /** Appears as `node` in every line. */
  readonly name: string;
  /** A file to append to (created with its directory); stderr when absent. */
  readonly file?: string;
  /** pino level: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent". */
  readonly level?: string;
}

/**
 * Synchronous writes: a node logs a few lines per block, and a line written before a crash
 * (an assertion, kill -9) must be on disk, not in a buffer.
 */
export function createNodeLogger(options: NodeLoggerOptions): Logger {
  const destination = pino.destination({
    dest: options.file ?? 2,
    sync: true,
    ...(options.file === undefined ? {} : { mkdir: true, append: true }),
  });
  return pino(
    {
      level: options.level ?? "info",
      base: { node: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
