// Goal: for any structure built from the primitives, encoding is a bijection between values and
// canonical byte strings: decode(encode(v)) = v, any decodable bytes re-encode to themselves,
// and cut or extended encodings are refused. Method: fast-check draws a random schema (fields
// of every primitive, optionals and bounded lists), values for it and byte strings near and far
// from valid encodings, and checks each law against a schema-driven encoder and decoder.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { equalBytes } from "@tongbao/std";
import { DecodeError, Reader, Writer, decodeAll } from "./index.ts";

type Field =
  | { kind: "u8" }
  | { kind: "u16" }
  | { kind: "u32" }
  | { kind: "u53" }
  | { kind: "u64"; max: bigint }
  | { kind: "bool" }
  | { kind: "fixed"; length: number }
  | { kind: "bytes"; max: number }
  | { kind: "string"; max: number }
  | { kind: "tag"; allowed: number[] }
  | { kind: "optional"; inner: Field }
  | { kind: "list"; max: number; item: Field }
  | { kind: "struct"; fields: Field[] };

type Value = number | bigint | boolean | Uint8Array | string | undefined | Value[];

const leafField: fc.Arbitrary<Field> = fc.oneof(
  fc.constant({ kind: "u8" } as const),
  fc.constant({ kind: "u16" } as const),
  fc.constant({ kind: "u32" } as const),
  fc.constant({ kind: "u53" } as const),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((max) => ({ kind: "u64", max }) as const),
  fc.constant({ kind: "bool" } as const),
  fc.integer({ min: 0, max: 40 }).map((length) => ({ kind: "fixed", length }) as const),
  fc.integer({ min: 0, max: 40 }).map((max) => ({ kind: "bytes", max }) as const),
  fc.integer({ min: 0, max: 40 }).map((max) => ({ kind: "string", max }) as const),
  fc
    .uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 5 })
    .map((allowed) => ({ kind: "tag", allowed }) as const),
);

const schema: fc.Arbitrary<Field> = fc.letrec<{ field: Field; struct: Field }>((tie) => ({
  field: fc.oneof(
    { maxDepth: 3, depthIdentifier: "schema" },
    leafField,
    // Not an optional of an optional: this model writes both absences as `undefined`, so it
    // could not tell "present, holding nothing" from "absent" (the codec has no such field).
    tie("field")
      .filter((inner) => inner.kind !== "optional")
      .map((inner) => ({ kind: "optional", inner }) as const),
    fc
      .record({ max: fc.integer({ min: 0, max: 4 }), item: tie("field") })
      .map(({ max, item }) => ({ kind: "list", max, item }) as const),
    tie("struct"),
  ),
  struct: fc
    .array(tie("field"), { minLength: 1, maxLength: 6, depthIdentifier: "schema" })
    .map((fields) => ({ kind: "struct", fields }) as const),
})).struct;

/** Strings whose UTF-8 form fits `maxBytes`, drawn from all of Unicode including astral planes. */
function stringWithin(maxBytes: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: "grapheme", maxLength: maxBytes })
    .filter((text) => new TextEncoder().encode(text).length <= maxBytes);
}

function valueOf(field: Field): fc.Arbitrary<Value> {
  switch (field.kind) {
    case "u8":
      return fc.integer({ min: 0, max: 0xff });
    case "u16":
      return fc.integer({ min: 0, max: 0xffff });
    case "u32":
      return fc.integer({ min: 0, max: 0xffff_ffff });
    case "u53":
      return fc.maxSafeNat();
    case "u64":
      return fc.bigInt({ min: 0n, max: field.max });
    case "bool":
      return fc.boolean();
    case "fixed":
      return fc.uint8Array({ minLength: field.length, maxLength: field.length });
    case "bytes":
      return fc.uint8Array({ maxLength: field.max });
    case "string":
      return stringWithin(field.max);
    case "tag":
      return fc.constantFrom(...field.allowed);
    case "optional":
      return fc.option(valueOf(field.inner), { nil: undefined });
    case "list":
      return fc.array(valueOf(field.item), { maxLength: field.max });
    case "struct":
      return fc.tuple(...field.fields.map(valueOf));
  }
}

function write(writer: Writer, field: Field, value: Value): void {
  switch (field.kind) {
    case "u8":
      writer.u8(value as number);
      return;
    case "u16":
      writer.u16(value as number);
      return;
    case "u32":
      writer.u32(value as number);
      return;
    case "u53":
      writer.u53(value as number);
      return;
    case "u64":
      writer.u64(value as bigint, field.max);
      return;
    case "bool":
      writer.bool(value as boolean);
      return;
    case "fixed":
      writer.fixed(value as Uint8Array, field.length);
      return;
    case "bytes":
      writer.bytes(value as Uint8Array, field.max);
      return;
    case "string":
      writer.string(value as string, field.max);
      return;
    case "tag":
      writer.u8(value as number);
      return;
    case "optional":
      // An optional field is a presence bool followed by the value when present.
      writer.bool(value !== undefined);
      if (value !== undefined) write(writer, field.inner, value);
      return;
    case "list": {
      // A list is a u32 count bounded by the field's maximum, then the items.
      const items = value as Value[];
      writer.u32(items.length);
      for (const item of items) write(writer, field.item, item);
      return;
    }
    case "struct":
      field.fields.forEach((inner, i) => write(writer, inner, (value as Value[])[i]));
      return;
  }
}

function read(reader: Reader, field: Field): Value {
  switch (field.kind) {
    case "u8":
      return reader.u8();
    case "u16":
      return reader.u16();
    case "u32":
      return reader.u32();
    case "u53":
      return reader.u53();
    case "u64":
      return reader.u64("u64", field.max);
    case "bool":
      return reader.bool();
    case "fixed":
      return reader.fixed(field.length).slice();
    case "bytes":
      return reader.bytes(field.max).slice();
    case "string":
      return reader.string(field.max);
    case "tag":
      return reader.tag(field.allowed, "tag");
    case "optional":
      return reader.bool("presence") ? read(reader, field.inner) : undefined;
    case "list": {
      const count = reader.u32("count");
      if (count > field.max) reader.fail(`count ${count} exceeds ${field.max}`);
      return Array.from({ length: count }, () => read(reader, field.item));
    }
    case "struct":
      return field.fields.map((inner) => read(reader, inner));
  }
}

function encode(field: Field, value: Value): Uint8Array {
  const writer = new Writer(0);
  write(writer, field, value);
  return writer.finish();
}

function decode(field: Field, bytes: Uint8Array): Value {
  return decodeAll(bytes, (reader) => read(reader, field));
}

/** Decodes or returns undefined for a DecodeError; any other error fails the test. */
function tryDecode(field: Field, bytes: Uint8Array): { value: Value } | undefined {
  try {
    return { value: decode(field, bytes) };
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

const schemaAndValue = schema.chain((field) => valueOf(field).map((value) => ({ field, value })));

test("decode(encode(v)) = v for random schemas and values", () => {
  fc.assert(
    fc.property(schemaAndValue, ({ field, value }) => {
      assert.deepEqual(decode(field, encode(field, value)), value);
    }),
    { numRuns: 500 },
  );
});

test("every strict prefix of an encoding is refused", () => {
  fc.assert(
    fc.property(schemaAndValue, ({ field, value }) => {
      const bytes = encode(field, value);
      for (let cut = 0; cut < bytes.length; cut++) {
        assert.throws(() => decode(field, bytes.subarray(0, cut)), DecodeError);
      }
    }),
    { numRuns: 200 },
  );
});

test("an encoding with bytes appended is refused", () => {
  fc.assert(
    fc.property(
      schemaAndValue,
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      ({ field, value }, extra) => {
        const bytes = encode(field, value);
        const longer = new Uint8Array(bytes.length + extra.length);
        longer.set(bytes);
        longer.set(extra, bytes.length);
        assert.throws(() => decode(field, longer), DecodeError);
      },
    ),
    { numRuns: 300 },
  );
});

test("any byte string that decodes re-encodes to exactly the same bytes", () => {
  // Random bytes rarely decode, so most candidates are valid encodings with a few bytes
  // overwritten by small or random values, which lands near the edges of each rule (0/1/2 for
  // bools and presence flags, lengths near their maximum, bytes that are not UTF-8).
  let decoded = 0;
  const candidate = schemaAndValue.chain(({ field, value }) => {
    const bytes = encode(field, value);
    const mutation = fc.array(
      fc.record({
        at: fc.nat({ max: Math.max(bytes.length - 1, 0) }),
        to: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })),
      }),
      { maxLength: 3 },
    );
    return fc.oneof(
      mutation.map((changes) => {
        const copy = bytes.slice();
        for (const { at, to } of changes) if (at < copy.length) copy[at] = to;
        return { field, bytes: copy };
      }),
      fc.uint8Array({ maxLength: bytes.length + 4 }).map((random) => ({ field, bytes: random })),
    );
  });
  fc.assert(
    fc.property(candidate, ({ field, bytes }) => {
      const result = tryDecode(field, bytes);
      if (result === undefined) return;
      decoded++;
      assert.ok(
        equalBytes(encode(field, result.value), bytes),
        "decoded bytes re-encode differently",
      );
    }),
    { numRuns: 2000 },
  );
  // Guards the property against vacuity: if nothing decoded, nothing was checked.
  assert.ok(decoded > 100, `only ${decoded} candidates decoded`);
});
