// Goal: the consensus core stays deterministic and sans-I/O: no clock, randomness, timers,
// JSON or locale-dependent calls in its sources (house style, "Determinism"), and no leftover focus/FIXME.
// Method: scan every non-test source file under src/ for banned tokens and print the
// replacement for each hit; a self-check proves the scanner sees a planted token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const SRC = new URL(".", import.meta.url).pathname;

const BANNED: ReadonlyArray<[token: string, replacement: string]> = [
  ["Date.", "the nowMs carried by events"],
  ["new Date", "the nowMs carried by events"],
  ["performance.now", "the nowMs carried by events"],
  ["Math.random", "a Prng seeded from agreed data"],
  ["getRandomValues", "a Prng seeded from agreed data"],
  ["setTimeout", "a schedule-timeout action"],
  ["setInterval", "a schedule-timeout action"],
  ["queueMicrotask", "the action list"],
  ["JSON.stringify", "the codec's canonical encoding"],
  ["JSON.parse", "the codec's decoders"],
  ["localeCompare", "compareBytes"],
  ["console.", "an action the shell logs"],
  ["process.", "options passed to the constructor"],
  ["await ", "a synchronous port"],
];
// Split so that this file does not match itself.
const EVERYWHERE: ReadonlyArray<[token: string, replacement: string]> = [
  [".on" + "ly(", "run the whole suite"],
  ["FIX" + "ME", "fix it or open an issue"],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

function scan(
  text: string,
  rules: ReadonlyArray<[string, string]>,
): Array<{ line: number; token: string; replacement: string }> {
  const hits: Array<{ line: number; token: string; replacement: string }> = [];
  text.split("\n").forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    if (/^\s*(\*|\/\*\*)/.test(code)) return; // doc comments may name what is banned
    for (const [token, replacement] of rules) {
      if (code.includes(token)) hits.push({ line: i + 1, token, replacement });
    }
  });
  return hits;
}

test("the scanner finds a planted token", () => {
  assert.equal(scan("const t = Date.now();", BANNED).length, 1);
  assert.equal(scan("// Date.now() in a comment", BANNED).length, 0);
});

test("consensus sources use no banned API", () => {
  const problems: string[] = [];
  for (const path of sources(SRC)) {
    const text = readFileSync(path, "utf8");
    const isTest = path.endsWith(".test.ts") || path.endsWith(".suite.ts");
    const rules = isTest ? EVERYWHERE : [...BANNED, ...EVERYWHERE];
    for (const hit of scan(text, rules)) {
      problems.push(`${relative(SRC, path)}:${hit.line}: ${hit.token} → use ${hit.replacement}`);
    }
  }
  assert.deepEqual(problems, []);
});
