// Goal: canonical JSON has one text per value (RFC 8785 on strings, integers, arrays, objects),
// and parsing accepts that text only.
// Method: compare with a member-by-member spelling built on JSON.stringify, on generated values
// (integer-like keys included); re-spellings of a canonical text — spaces, key order, repeated
// keys, longer escapes, other numbers — are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CANONICAL_JSON_DEPTH_MAX, canonicalJson, parseCanonicalJson } from "./canonical-json.ts";

const valueArb = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary" }).filter((s) => !/\p{Surrogate}/u.test(s)),
    fc.nat(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
  ),
}));

/**
 * The expected text, spelled with JSON.stringify for strings and numbers. Objects are written
 * member by member: a JavaScript object would list integer-like keys ("0") first whatever the
 * order they were added in, so a sorted copy handed to JSON.stringify would not be sorted.
 */
function expectedText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(expectedText).join(",")}]`;
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${expectedText((value as any)[k])}`).join(",")}}`;
}

test("canonical JSON sorts keys and spells values as JSON.stringify does", () => {
  fc.assert(
    fc.property(valueArb.value, (value) => {
      const text = canonicalJson(value as object);
      assert.equal(text, expectedText(value));
      assert.deepEqual(parseCanonicalJson(text), JSON.parse(text));
    }),
  );
});

test("keys sort by UTF-16 code units and undefined members are left out", () => {
  assert.equal(
    canonicalJson({ b: "1", a: "2", B: "3", é: "4", "😀": "5", "\uffff": "6", c: undefined }),
    '{"B":"3","a":"2","b":"1","é":"4","😀":"5","\uffff":"6"}',
  );
  assert.equal(canonicalJson({ s: '"\\\n\u0001\u007f<&' }), '{"s":"\\"\\\\\\n\\u0001\u007f<&"}');
});

test("only the canonical spelling parses", () => {
  assert.deepEqual(parseCanonicalJson('{"a":[1,"x"],"b":{}}'), { a: [1, "x"], b: {} });
  for (const text of [
    '{"a":1, "b":2}',
    '{"b":2,"a":1}',
    '{"a":1,"a":1}',
    '{"a":"\\u0078"}',
    '{"a":1.0}',
    '{"a":-1}',
    '{"a":1e2}',
    '{"a":true}',
    '{"a":null}',
    ' {"a":1}',
    '{"a":"\\ud800"}',
    "{",
  ]) {
    assert.equal(parseCanonicalJson(text), undefined, text);
  }
});

test("nesting deeper than the bound is not canonical, however deep, and never overflows the stack", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  assert.deepEqual(
    parseCanonicalJson(nested(CANONICAL_JSON_DEPTH_MAX)),
    JSON.parse(nested(CANONICAL_JSON_DEPTH_MAX)),
  );
  assert.equal(parseCanonicalJson(nested(CANONICAL_JSON_DEPTH_MAX + 1)), undefined);
  assert.equal(parseCanonicalJson(nested(100_000)), undefined);
  assert.equal(parseCanonicalJson(`{"a":${nested(100_000)}}`), undefined);
});
