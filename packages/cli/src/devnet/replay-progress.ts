/**
 * Shows how far restarting validators have replayed their stored blocks. A resumed devnet
 * rebuilds each ledger from genesis before it commits again; on a long chain that takes a
 * while, and a silent terminal looks like a hang.
 *
 * - a terminal: one progress bar per replaying validator (cli-progress);
 * - `--json`: the nodes' own `{"event":"replaying",…}` lines, passed through;
 * - piped text: a line per validator at most every PLAIN_REPORT_MS, and one when it is done.
 */
import cliProgress from "cli-progress";
import type { NodeLine } from "./node-process.ts";

/** How often piped text output reports replay progress per validator. */
export const PLAIN_REPORT_MS = 2_000;

export interface ReplaySource {
  readonly name: string;
  onLine(listener: (line: NodeLine) => void): () => void;
}

export interface ReplayOutput {
  readonly mode: "json" | "tty" | "plain";
  /** Where lines and bars are written. */
  readonly stream: NodeJS.WritableStream;
}

export function outputMode(json: boolean, stream: NodeJS.WriteStream): ReplayOutput["mode"] {
  if (json) return "json";
  return stream.isTTY === true ? "tty" : "plain";
}

/** Starts reporting; the returned function stops it (call it once every node has started). */
export function reportReplay(nodes: readonly ReplaySource[], output: ReplayOutput): () => void {
  const write = (text: string) => output.stream.write(text + "\n");
  let multibar: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  const lastPlainMs = new Map<string, number>();
  const width = Math.max(...nodes.map((n) => n.name.length));

  const onReplaying = (name: string, height: number, of: number) => {
    if (output.mode === "json") {
      write(JSON.stringify({ event: "replaying", name, height, of }));
      return;
    }
    if (output.mode === "plain") {
      const nowMs = Date.now();
      if (height < of && nowMs - (lastPlainMs.get(name) ?? 0) < PLAIN_REPORT_MS) return;
      lastPlainMs.set(name, nowMs);
      const percent = of === 0 ? 100 : Math.floor((100 * height) / of);
      write(`  ${name.padEnd(width)} replaying stored blocks ${height}/${of} (${percent} %)`);
      return;
    }
    multibar ??= new cliProgress.MultiBar(
      {
        stream: output.stream,
        format: `  {name} replaying stored blocks [{bar}] {value}/{total} blocks · eta {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let bar = bars.get(name);
    if (bar === undefined) {
      bar = multibar.create(of, 0, { name: name.padEnd(width) });
      bars.set(name, bar);
    }
    bar.update(height);
  };

  const offs = nodes.map((node) =>
    node.onLine((line) => {
      if (line.event !== "replaying") return;
      const height = Number(line["height"]);
      const of = Number(line["of"]);
      if (Number.isSafeInteger(height) && Number.isSafeInteger(of)) {
        onReplaying(node.name, height, of);
      }
    }),
  );
  return () => {
    for (const off of offs) off();
    multibar?.stop();
  };
}
