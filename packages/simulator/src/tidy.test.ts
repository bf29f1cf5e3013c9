// Goal: a run is a function of its seed. The simulator's sources use no wall clock, no
// randomness but the seeded Prng, no timers and no retries; only the CLI reads the wall clock
// (to report seeds per second) and picks a random first seed for a swarm (each seed it runs
// replays on its own).
// Method: scan every non-test source file for banned tokens; a self-check proves the scanner
// sees a planted token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const SRC = new URL(".", import.meta.url).pathname;

const BANNED: ReadonlyArray<[token: string, replacement: string]> = [
  ["Math.random", "the simulation's Prng"],
  ["Date.", "simulated time (sim.nowMs)"],
  ["new Date", "simulated time (sim.nowMs)"],
  ["performance.now", "simulated time (sim.nowMs)"],
  ["randomInt", "the simulation's Prng"],
  ["randomBytes", "the simulation's Prng"],
  ["getRandomValues", "the simulation's Prng"],
  ["setTimeout", "sim.after / the event queue"],
  ["setInterval", "sim.after / the event queue"],
  ["retry(", "nothing: a simulation never retries"],
];
/** The shell: it reports wall-clock speed and picks a swarm's first seed. */
const ALLOWED: Record<string, readonly string[]> = {
  "cli.ts": ["performance.now", "randomInt"],
};

function scan(text: string, allowed: readonly string[] = []): string[] {
  const hits: string[] = [];
  text.split("\n").forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    if (/^\s*(\*|\/\*\*)/.test(code)) return;
    for (const [token, replacement] of BANNED) {
      if (code.includes(token) && !allowed.includes(token)) {
        hits.push(`line ${i + 1}: ${token} — use ${replacement}`);
      }
    }
  });
  return hits;
}

test("the scanner finds a planted token", () => {
  assert.equal(scan("const x = Math.random();").length, 1);
  assert.equal(scan("// Math.random() in a comment").length, 0);
});

test("simulator sources use only simulated time and the seeded Prng", () => {
  const files = readdirSync(SRC).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  assert.ok(files.length > 5);
  const hits = files.flatMap((file) =>
    scan(readFileSync(join(SRC, file), "utf8"), ALLOWED[file]).map((hit) => `${file} ${hit}`),
  );
  assert.deepEqual(hits, []);
});
