// Goal: the library runs in a browser as it is — no Node modules or globals — and reads no
// clock: times come in as agreed block times.
// Method: scan the package's non-test sources, comments blanked, for banned tokens; a self-test
// plants each violation in a string to prove the scanner sees it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BANNED: ReadonlyArray<[RegExp, string]> = [
  [/from\s+"node:|import\("node:|\brequire\(/g, "plain ES (the library must load in a browser)"],
  [/\bBuffer\b/g, "Uint8Array"],
  [/\bprocess\./g, "options passed by the caller"],
  [/\bDate\.now\b|\bnew Date\(\)/g, "the block time passed by the caller"],
  [/\bMath\.random\b/g, "values derived from the payment (uetrFromTxHash)"],
  [/\bparseFloat\b|\bNumber\(\s*amount/g, "bigint minor units (money never becomes a float)"],
  [/\bconsole\.log\b|\.only\(/g, "nothing: leftovers"],
];

function violations(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, (c) => c.replace(/[^\n]/g, " "));
  return BANNED.flatMap(([pattern, instead]) =>
    [...code.matchAll(pattern)].map((m) => `${m[0]} (use ${instead})`),
  );
}

test("library sources use no Node module, global, clock or float money", () => {
  const dir = fileURLToPath(new URL(".", import.meta.url));
  const found = readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .flatMap((name) =>
      violations(readFileSync(join(dir, name), "utf8")).map((v) => `${name}: ${v}`),
    );
  assert.deepEqual(found, []);
});

test("the scanner sees each banned token", () => {
  const planted = [
    'import x from "node:fs";',
    "Buffer.alloc(1)",
    "process.exit()",
    "Date.now()",
    "Math.random()",
    "parseFloat(a)",
    "console.log(1)",
  ];
  for (const line of planted) assert.equal(violations(line).length, 1, line);
  assert.deepEqual(violations("// new Date() in a comment"), []);
});
