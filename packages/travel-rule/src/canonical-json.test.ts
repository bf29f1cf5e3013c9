// Goal: canonical JSON has one text per value (RFC 8785 on strings, integers, arrays, objects),
// and parsing accepts that text only.
// Method: compare with JSON.stringify over key-sorted copies (an independent spelling) on
// generated values; re-spellings of a canonical text — spaces, key order, repeated keys, longer
// escapes, other numbers — are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { canonicalJson, parseCanonicalJson } from "./canonical-json.ts";

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

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedCopy((value as any)[key]);
  return out;
}

test("canonical JSON is JSON.stringify of the key-sorted value", () => {
  fc.assert(
    fc.property(valueArb.value, (value) => {
      const text = canonicalJson(value as object);
      assert.equal(text, JSON.stringify(sortedCopy(value)));
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
