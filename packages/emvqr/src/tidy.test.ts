// Goal: the library stays browser-safe, so the web wallet can bundle it. Method: scan every
// non-test source file for Node-only modules and globals. (The package's tsconfig also compiles
// it without Node types, so most of these would not type-check either.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const SRC = new URL(".", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".fixtures.ts")
      ? [path]
      : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "a node: import"],
  [/from\s+["'](fs|path|crypto|os|child_process|buffer)["']/, "a Node built-in import"],
  [/\bBuffer\b/, "Buffer"],
  [/\bprocess\./, "process"],
  [/\brequire\(/, "require"],
  [
    /\bDate\.now\(|\bMath\.random\(/,
    "a clock or randomness (time and references come in as arguments)",
  ],
];

test("library sources use no Node-only module or global, no clock and no randomness", () => {
  const files = sources(SRC);
  assert.ok(files.length > 10);
  for (const file of files) {
    // Comments may name what the code avoids ("without Buffer"); only code counts.
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    for (const [pattern, what] of FORBIDDEN) {
      assert.doesNotMatch(text, pattern, `${file} uses ${what}`);
    }
  }
});
