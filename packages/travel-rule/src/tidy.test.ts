// Goal: the library runs in a browser as it is — no Node modules or globals — and reads no
// clock and no non-cryptographic randomness.
// Method: scan the package's non-test sources, comments blanked, for banned tokens; a self-test
// plants each violation in a string to prove the scanner sees it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BANNED: ReadonlyArray<[RegExp, string]> = [
  [
    /from\s+"node:|import\("node:|\brequire\(/g,
    "WebCrypto or @noble/* (the library must load in a browser)",
  ],
  [/\bBuffer\b/g, "Uint8Array and base64url.ts"],
  [/\bprocess\./g, "options passed by the caller"],
  [/\bDate\b/g, "dates passed by the caller (ValidateOptions.today)"],
  [/\bMath\.random\b/g, "randomBytes from @noble/hashes (crypto.getRandomValues)"],
  [/\bconsole\.log\b|\.only\(/g, "nothing: leftovers"],
];

function violations(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, (c) => c.replace(/[^\n]/g, " "));
  return BANNED.flatMap(([pattern, instead]) =>
    [...code.matchAll(pattern)].map((m) => `${m[0]} (use ${instead})`),
  );
}

test("library sources use no Node module, global or clock", () => {
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
    'import { hash } from "node:crypto";',
    "Buffer.from(x)",
    "process.env.X",
    "new Date()",
    "Math.random()",
    "console.log(1)",
  ];
  for (const line of planted) assert.equal(violations(line).length, 1, line);
  assert.deepEqual(violations("// Buffer in a comment\n/* Date */"), []);
});
