import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import type { NodeLine } from "./devnet/node-process.ts";
import { outputMode, reportReplay, type ReplaySource } from "./devnet/replay-progress.ts";

/** A validator process as the reporter sees it: a name and a feed of its stdout lines. */
class LineFeed implements ReplaySource {
  private readonly listeners = new Set<(line: NodeLine) => void>();

  constructor(readonly name: string) {}

  onLine(listener: (line: NodeLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(line: NodeLine): void {
    for (const listener of this.listeners) listener(line);
  }
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("devnet replay progress", () => {
  test("--json passes every replaying line through, and nothing after stop", () => {
    const a = new LineFeed("hk-emoney");
    const out = capture();
    const stop = reportReplay([a], { mode: "json", stream: out.stream });
    a.emit({ event: "replaying", height: 10, of: 40 });
    a.emit({ event: "status", height: 10 });
    a.emit({ event: "replaying", height: 40, of: 40 });
    stop();
    a.emit({ event: "replaying", height: 41, of: 41 });
    const lines = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(lines, [
      { event: "replaying", name: "hk-emoney", height: 10, of: 40 },
      { event: "replaying", name: "hk-emoney", height: 40, of: 40 },
    ]);
  });

  test("piped text reports each validator, at most every interval, and always when done", () => {
    const a = new LineFeed("hk-emoney");
    const b = new LineFeed("fx-bank");
    const out = capture();
    const stop = reportReplay([a, b], { mode: "plain", stream: out.stream });
    a.emit({ event: "replaying", height: 1, of: 300 });
    a.emit({ event: "replaying", height: 2, of: 300 }); // within the interval: not shown
    b.emit({ event: "replaying", height: 150, of: 300 });
    a.emit({ event: "replaying", height: 300, of: 300 });
    stop();
    assert.deepEqual(out.text().trimEnd().split("\n"), [
      "  hk-emoney replaying stored blocks 1/300 (0 %)",
      "  fx-bank   replaying stored blocks 150/300 (50 %)",
      "  hk-emoney replaying stored blocks 300/300 (100 %)",
    ]);
  });

  test("ignores malformed progress lines", () => {
    const a = new LineFeed("hk-emoney");
    const out = capture();
    const stop = reportReplay([a], { mode: "json", stream: out.stream });
    a.emit({ event: "replaying", height: "many", of: 3 });
    stop();
    assert.equal(out.text(), "");
  });

  test("chooses bars for a terminal, lines otherwise, JSON when asked", () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    const pipe = new PassThrough() as unknown as NodeJS.WriteStream;
    assert.equal(outputMode(false, tty), "tty");
    assert.equal(outputMode(false, pipe), "plain");
    assert.equal(outputMode(true, tty), "json");
  });
});
