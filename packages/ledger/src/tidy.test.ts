// Goal: the deterministic packages use nothing that could make two validators disagree (clock,
// randomness, locale, JSON for hashed data, GC-dependent objects, floats for money) and carry no
// leftovers (.only, console.log); every hit names the file, the line and what to use instead.
// Method: scan the non-test .ts sources of ledger, std, types, codec and consensus
// with comments blanked out, matching banned tokens at word boundaries; in the ledger also flag
// Number( because money stays bigint. A self-test plants violations in a string.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

interface Rule {
  readonly token: string;
  readonly pattern: RegExp;
  readonly instead: string;
}

const rule = (token: string, pattern: RegExp, instead: string): Rule => ({
  token,
  pattern,
  instead,
});

const AGREED_TIME = "the block's agreed time (BlockContext.timestampMs)";
const PRNG = "Prng from @tongbao/std seeded from agreed data";
const CODEC = "the canonical binary codec (@tongbao/codec Writer/Reader)";

/** Banned in every deterministic package. */
const BANNED: readonly Rule[] = [
  rule("Date", /\bDate\b/g, AGREED_TIME),
  rule("Math.random", /\bMath\.random\b/g, PRNG),
  rule("performance.now", /\bperformance\.now\b/g, AGREED_TIME),
  rule("process.", /\bprocess\./g, "values the caller passes in (BlockContext, genesis config)"),
  rule("setTimeout", /\bsetTimeout\b/g, "actions returned to the caller, which owns the timers"),
  rule("setInterval", /\bsetInterval\b/g, "actions returned to the caller, which owns the timers"),
  rule("JSON.stringify", /\bJSON\.stringify\b/g, CODEC),
  rule("JSON.parse", /\bJSON\.parse\b/g, CODEC),
  rule("localeCompare", /\blocaleCompare\b/g, "compareBytes or a plain code-unit comparison"),
  rule("toLocaleString", /\btoLocaleString\b/g, "formatAmount from @tongbao/types"),
  rule("Intl.", /\bIntl\./g, "formatAmount and byte-wise comparison"),
  rule("Number.parseFloat", /\bNumber\.parseFloat\b/g, "parseAmount (bigint minor units)"),
  rule("parseFloat", /\bparseFloat\b/g, "parseAmount (bigint minor units)"),
  rule("crypto.getRandomValues", /\bcrypto\.getRandomValues\b/g, PRNG),
  rule("randomUUID", /\brandomUUID\b/g, `ids chosen by the client, or ${PRNG}`),
  rule("WeakRef", /\bWeakRef\b/g, "explicit lifetimes (nothing may depend on the GC)"),
  rule(
    "FinalizationRegistry",
    /\bFinalizationRegistry\b/g,
    "explicit lifetimes (nothing may depend on the GC)",
  ),
  rule(".only(", /\.only\(/g, "a plain test (and run one file with node --test)"),
  rule("console.log", /\bconsole\.log\b/g, "returned values; logging belongs to the node shell"),
];

/** Banned in the ledger only: money is bigint minor units and never passes through a float. */
const LEDGER_ONLY: readonly Rule[] = [
  rule("Number(", /\bNumber\(/g, "bigint arithmetic (money never becomes a float)"),
];

/**
 * Replaces every comment character with a space, keeping newlines, so that line numbers stay
 * right and commented-out code or prose is not flagged. Knows strings and template literals
 * (with nested `${…}`); treats regular-expression literals as code, which is enough here.
 */
function blankComments(source: string): string {
  const out = source.split("");
  type Mode = "code" | "line" | "block" | "'" | '"' | "`";
  let mode: Mode = "code";
  let depth = 0; // open braces in the current code segment
  const templates: number[] = []; // enclosing code depths of open `${…}` expressions
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const next = source[i + 1];
    switch (mode) {
      case "code":
        if (c === "/" && next === "/") {
          mode = "line";
          out[i] = " ";
        } else if (c === "/" && next === "*") {
          mode = "block";
          out[i] = out[i + 1] = " ";
          i++;
        } else if (c === "'" || c === '"' || c === "`") {
          mode = c;
        } else if (c === "{") {
          depth++;
        } else if (c === "}") {
          if (depth === 0 && templates.length > 0) {
            depth = templates.pop()!;
            mode = "`";
          } else {
            depth--;
          }
        }
        break;
      case "line":
        if (c === "\n") mode = "code";
        else out[i] = " ";
        break;
      case "block":
        if (c === "*" && next === "/") {
          out[i] = out[i + 1] = " ";
          i++;
          mode = "code";
        } else if (c !== "\n") {
          out[i] = " ";
        }
        break;
      case "'":
      case '"':
        if (c === "\\") i++;
        else if (c === mode || c === "\n") mode = "code";
        break;
      case "`":
        if (c === "\\") {
          i++;
        } else if (c === "`") {
          mode = "code";
        } else if (c === "$" && next === "{") {
          templates.push(depth);
          depth = 0;
          mode = "code";
          i++;
        }
        break;
    }
  }
  return out.join("");
}

/** Hits in one source text as `file:line: token — use X instead`. */
function scanSource(file: string, source: string, rules: readonly Rule[]): string[] {
  const hits: string[] = [];
  blankComments(source)
    .split("\n")
    .forEach((line, index) => {
      const spans: Array<{ start: number; end: number; rule: Rule }> = [];
      for (const r of rules) {
        for (const match of line.matchAll(r.pattern)) {
          spans.push({ start: match.index, end: match.index + match[0].length, rule: r });
        }
      }
      // A token inside a longer banned token (parseFloat in Number.parseFloat) is one hit.
      const kept = spans.filter(
        (s) =>
          !spans.some(
            (t) =>
              t !== s && t.start <= s.start && s.end <= t.end && t.end - t.start > s.end - s.start,
          ),
      );
      kept.sort((a, b) => a.start - b.start);
      for (const { rule: r } of kept) {
        hits.push(`${file}:${index + 1}: ${r.token} — use ${r.instead} instead`);
      }
    });
  return hits;
}

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) files.push(path);
  }
  return files;
}

/**
 * The deterministic packages, and the codec, whose encodings and hashes every validator must
 * compute identically.
 */
function deterministicSources(): Array<{ file: string; rules: readonly Rule[] }> {
  const packages = ["ledger", "std", "types", "codec", "consensus"];
  const out: Array<{ file: string; rules: readonly Rule[] }> = [];
  for (const name of packages) {
    const directory = join(repositoryRoot, "packages", name, "src");
    if (!existsSync(directory)) {
      assert.equal(name, "consensus", `packages/${name}/src is missing`);
      continue;
    }
    const rules = name === "ledger" ? [...BANNED, ...LEDGER_ONLY] : BANNED;
    for (const file of sourceFiles(directory)) out.push({ file, rules });
  }
  return out;
}

test("the deterministic packages use no banned API", () => {
  const sources = deterministicSources();
  const scanned = sources.map(({ file }) => relative(repositoryRoot, file));
  // The walk must actually reach the code: a wrong path would pass with zero files.
  assert.ok(scanned.includes(join("packages", "ledger", "src", "execute-block.ts")));
  assert.ok(scanned.includes(join("packages", "std", "src", "prng.ts")));
  assert.ok(scanned.includes(join("packages", "types", "src", "amount.ts")));
  assert.ok(scanned.includes(join("packages", "codec", "src", "writer.ts")));
  assert.ok(scanned.includes(join("packages", "consensus", "src", "engine", "engine.ts")));
  assert.ok(!scanned.some((file) => file.endsWith(".test.ts")));

  const hits = sources.flatMap(({ file, rules }) =>
    scanSource(relative(repositoryRoot, file), readFileSync(file, "utf8"), rules),
  );
  assert.deepEqual(hits, [], `banned APIs in deterministic code:\n${hits.join("\n")}`);
});

test("the scanner sees planted violations and ignores comments", () => {
  const planted = [
    "const now = Date.now(); // Math.random() in a comment is not code",
    "/* JSON.parse(text) in a block comment",
    "   that spans lines */ const roll = Math.random();",
    'const url = "http://example.test"; console.log(url);',
    "const text = `${JSON.stringify(value)} // inside a template, not a comment`;",
    "const rate = Number.parseFloat(input) + parseFloat(other);",
    "const minor = Number(amount); const ok = Number.isSafeInteger(minor);",
    // Split so that this file itself holds no focused-test call for other tools to flag.
    "test." + "only('x', () => {}); const ref = new WeakRef(object);",
    "const t = `${`${process.env.X}`}`; setTimeout(f, 1);",
    "// Date, Intl.NumberFormat and localeCompare only in a comment",
  ].join("\n");
  const hit = (line: number, token: string) => {
    const r = [...BANNED, ...LEDGER_ONLY].find((candidate) => candidate.token === token)!;
    return `planted.ts:${line}: ${token} — use ${r.instead} instead`;
  };
  assert.deepEqual(scanSource("planted.ts", planted, [...BANNED, ...LEDGER_ONLY]), [
    hit(1, "Date"),
    hit(3, "Math.random"),
    hit(4, "console.log"),
    hit(5, "JSON.stringify"),
    hit(6, "Number.parseFloat"),
    hit(6, "parseFloat"),
    hit(7, "Number("),
    hit(8, ".only("),
    hit(8, "WeakRef"),
    hit(9, "process."),
    hit(9, "setTimeout"),
  ]);
  // Outside the ledger Number( is allowed (std's Prng converts a bigint seed).
  assert.ok(!scanSource("planted.ts", planted, BANNED).some((hit) => hit.includes("Number(")));
});
