// Goal: each primitive has exactly the byte layout the spec gives, and the reader refuses every
// byte string that is not a canonical encoding. Method: encode known values and compare with
// bytes written out by hand from docs/spec/encoding.md; feed the reader each kind of bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError, hexToBytes, bytesToHex } from "@tongbao/std";
import { DecodeError, Reader, Writer, decodeAll } from "./index.ts";

function hex(build: (writer: Writer) => void): string {
  const writer = new Writer();
  build(writer);
  return bytesToHex(writer.finish());
}

function reader(hexText: string): Reader {
  return new Reader(hexToBytes(hexText));
}

/** Asserts a DecodeError whose message contains `text` at byte `offset`. */
function refuses(read: () => unknown, text: string, offset: number): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof DecodeError, `expected DecodeError, got ${String(error)}`);
    assert.match(error.message, new RegExp(text));
    assert.equal(error.offset, offset);
    return true;
  });
}

test("integers are fixed-width big-endian", () => {
  assert.equal(
    hex((w) => w.u8(0xab)),
    "ab",
  );
  assert.equal(
    hex((w) => w.u16(0x0102)),
    "0102",
  );
  assert.equal(
    hex((w) => w.u32(0x01020304)),
    "01020304",
  );
  assert.equal(
    hex((w) => w.u53(2 ** 53 - 1)),
    "001fffffffffffff",
  );
  assert.equal(
    hex((w) => w.u53(0x1_0000_0001)),
    "0000000100000001",
  );
  assert.equal(
    hex((w) => w.u64(0x0102030405060708n)),
    "0102030405060708",
  );
  assert.equal(
    hex((w) => w.u64((1n << 64n) - 1n)),
    "ffffffffffffffff",
  );
});

test("integers decode to the values they encode, at both ends of their range", () => {
  const bytes = new Writer()
    .u8(0)
    .u8(255)
    .u16(0)
    .u16(65535)
    .u32(0)
    .u32(2 ** 32 - 1)
    .u53(0)
    .u53(2 ** 53 - 1)
    .u64(0n)
    .u64((1n << 64n) - 1n)
    .finish();
  const r = new Reader(bytes);
  assert.deepEqual(
    [r.u8(), r.u8(), r.u16(), r.u16(), r.u32(), r.u32(), r.u53(), r.u53(), r.u64(), r.u64()],
    [0, 255, 0, 65535, 0, 2 ** 32 - 1, 0, 2 ** 53 - 1, 0n, (1n << 64n) - 1n],
  );
  r.end();
});

test("bool is one byte 0 or 1", () => {
  assert.equal(
    hex((w) => w.bool(false).bool(true)),
    "0001",
  );
  const r = reader("0001");
  assert.equal(r.bool(), false);
  assert.equal(r.bool(), true);
});

test("fixed bytes are written as they are; bytes and strings carry a u32 byte length", () => {
  assert.equal(
    hex((w) => w.fixed(hexToBytes("a1b2c3"), 3)),
    "a1b2c3",
  );
  assert.equal(
    hex((w) => w.bytes(hexToBytes("a1b2"), 10)),
    "00000002a1b2",
  );
  assert.equal(
    hex((w) => w.bytes(new Uint8Array(0), 0)),
    "00000000",
  );
  // "é" is two bytes in UTF-8: the prefix counts bytes, not characters.
  assert.equal(
    hex((w) => w.string("HKé", 8)),
    "00000004484bc3a9",
  );
  const r = reader("a1b2c300000002a1b200000004484bc3a9");
  assert.equal(bytesToHex(r.fixed(3)), "a1b2c3");
  assert.equal(bytesToHex(r.bytes(10)), "a1b2");
  assert.equal(r.string(8), "HKé");
  r.end();
});

test("a leading byte-order mark is kept as data, not stripped", () => {
  // Stripping it would make two byte strings decode to one value.
  const bytes = new Writer().string("\ufeffA", 8).finish();
  assert.equal(bytesToHex(bytes), "00000004efbbbf41");
  assert.equal(
    decodeAll(bytes, (r) => r.string(8)),
    "\ufeffA",
  );
});

test("tag reads a byte that must be one of the allowed values", () => {
  assert.equal(reader("02").tag([1, 2], "op"), 2);
});

test(
  "raw appends nested encodings and the writer grows from any initial capacity",
  { timeout: 10_000 },
  () => {
    const inner = new Writer().u32(7).finish();
    const writer = new Writer(0);
    for (let i = 0; i < 100; i++) writer.raw(inner);
    assert.equal(writer.length, 400);
    const r = new Reader(writer.finish());
    for (let i = 0; i < 100; i++) assert.equal(r.u32(), 7);
    r.end();
  },
);

test("short input is refused inside every primitive", () => {
  refuses(() => reader("").u8(), "input ends inside u8", 0);
  refuses(() => reader("01").u16(), "input ends inside u16", 0);
  refuses(() => reader("010203").u32(), "input ends inside u32", 0);
  refuses(() => reader("00000000000000").u53("height"), "input ends inside height", 0);
  refuses(() => reader("00000000000000").u64(), "input ends inside u64", 0);
  refuses(() => reader("").bool(), "input ends inside bool", 0);
  refuses(() => reader("0102").fixed(3, "id"), "input ends inside id", 0);
  refuses(() => reader("000000").bytes(10, "memo"), "input ends inside memo length", 0);
  refuses(() => reader("00000003aabb").bytes(10, "memo"), "input ends inside memo", 4);
  refuses(() => reader("0000000241").string(10, "name"), "input ends inside name", 4);
  refuses(() => reader("").tag([1], "version"), "input ends inside version", 0);
});

test("trailing bytes are refused", () => {
  refuses(() => decodeAll(hexToBytes("0102"), (r) => r.u8()), "1 trailing bytes", 1);
  const r = reader("000000");
  r.u8();
  refuses(() => r.end(), "2 trailing bytes", 1);
});

test("bool other than 0 or 1 is refused", () => {
  refuses(() => reader("02").bool("flag"), "flag must be 0 or 1, got 2", 0);
  refuses(() => reader("ff").bool(), "must be 0 or 1, got 255", 0);
});

test("a length over the field's maximum is refused before the bytes are read", () => {
  refuses(() => reader("00000004aabbccdd").bytes(3, "memo"), "memo length 4 exceeds 3", 0);
  refuses(() => reader("ffffffff").bytes(3, "memo"), "memo length 4294967295 exceeds 3", 0);
  refuses(() => reader("0000000441424344").string(3, "code"), "code length 4 exceeds 3", 0);
});

test("invalid UTF-8 is refused: bad bytes, overlong forms, encoded surrogates", () => {
  for (const bad of ["ff", "c0af", "e08080", "eda080", "f4908080", "c3"]) {
    const length = (bad.length / 2).toString(16).padStart(8, "0");
    refuses(() => reader(length + bad).string(8, "name"), "name is not valid UTF-8", 0);
  }
});

test("u53 above 2^53-1 is refused", () => {
  refuses(() => reader("0020000000000000").u53("height"), "height exceeds 2\\^53-1", 0);
  refuses(() => reader("ffffffffffffffff").u53(), "exceeds 2\\^53-1", 0);
});

test("u64 above the field's maximum is refused; the maximum itself is accepted", () => {
  assert.equal(reader("00000000000003e8").u64("amount", 1000n), 1000n);
  refuses(() => reader("00000000000003e9").u64("amount", 1000n), "amount 1001 exceeds 1000", 0);
});

test("an unknown tag is refused", () => {
  refuses(() => reader("03").tag([1, 2], "op"), "unknown op 3", 0);
  refuses(() => reader("00").tag([1], "version"), "unknown version 0", 0);
});

test("the offset of a refusal points at the field that failed", () => {
  refuses(
    () => decodeAll(hexToBytes("010200000000"), (r) => [r.u8(), r.bool(), r.u32()]),
    "must be 0 or 1",
    1,
  );
});

test("the writer refuses values it cannot encode canonically: those are bugs, not input", () => {
  const cases: [string, (w: Writer) => unknown][] = [
    ["u8 256", (w) => w.u8(256)],
    ["u8 -1", (w) => w.u8(-1)],
    ["u8 1.5", (w) => w.u8(1.5)],
    ["u16 65536", (w) => w.u16(65536)],
    ["u32 2^32", (w) => w.u32(2 ** 32)],
    ["u53 2^53", (w) => w.u53(2 ** 53)],
    ["u53 -1", (w) => w.u53(-1)],
    ["u64 -1", (w) => w.u64(-1n)],
    ["u64 2^64", (w) => w.u64(1n << 64n)],
    ["u64 over max", (w) => w.u64(1001n, 1000n)],
    ["fixed wrong length", (w) => w.fixed(new Uint8Array(3), 4)],
    ["bytes over max", (w) => w.bytes(new Uint8Array(4), 3)],
    ["string over max bytes", (w) => w.string("é", 1)],
    ["lone high surrogate", (w) => w.string("a\ud800", 10)],
    ["lone low surrogate", (w) => w.string("\udc00", 10)],
  ];
  for (const [name, write] of cases) {
    assert.throws(() => write(new Writer()), AssertionError, name);
  }
  // A surrogate pair is one code point and encodes normally.
  assert.equal(
    hex((w) => w.string("😀", 4)),
    "00000004f09f9880",
  );
});

test("reading a fixed field is a view, so decoders copy what they keep", () => {
  const input = hexToBytes("aabb");
  const view = new Reader(input).fixed(2);
  input[0] = 0;
  assert.equal(view[0], 0);
});
