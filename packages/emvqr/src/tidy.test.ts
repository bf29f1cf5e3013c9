// Goal: the library stays browser-safe, so the web wallet can bundle it. Method: scan every
// non-test source file for Node-only modules and globals (the package's tsconfig also compiles
// it without Node types), and bundle it with esbuild for the browser as vite would.
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

test("the package bundles for the browser, with the browser's SHA-256 and no Node module", async () => {
  // What vite does for the wallet: resolve the "browser" conditions and refuse Node built-ins.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [join(SRC, "index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((path) => path.endsWith("codec/src/sha256-browser.ts")));
  assert.ok(!inputs.some((path) => path.endsWith("sha256-node.ts") || path.startsWith("node:")));
});
