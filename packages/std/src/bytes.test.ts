// Goal: hex is exact for every byte value and every length, within and across the encoder's chunks.
// Method: every byte value; lengths around the chunk size against Node's own hex; a round trip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hexToBytes, rangeToHex } from "./bytes.ts";

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

test("bytesToHex writes two lower-case digits per byte, every byte value", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const hex = bytesToHex(all);
  assert.equal(hex.length, 512);
  for (let i = 0; i < 256; i++)
    assert.equal(hex.slice(2 * i, 2 * i + 2), i.toString(16).padStart(2, "0"));
  assert.equal(bytesToHex(new Uint8Array(0)), "");
});

test("bytesToHex agrees with Node's hex, across and at the edges of its chunks", () => {
  for (const length of [1, 20, 32, 4095, 4096, 4097, 8192, 10_000]) {
    const bytes = pseudoRandomBytes(length, length);
    assert.equal(bytesToHex(bytes), Buffer.from(bytes).toString("hex"), `length ${length}`);
    assert.deepEqual(hexToBytes(bytesToHex(bytes)), bytes);
  }
});

test("bytesToHex reads only the view it is given", () => {
  const backing = pseudoRandomBytes(64, 7);
  const view = backing.subarray(10, 30);
  assert.equal(bytesToHex(view), Buffer.from(view).toString("hex"));
});

test("rangeToHex equals bytesToHex of that subarray", () => {
  const bytes = pseudoRandomBytes(5000, 11);
  for (const [start, end] of [
    [0, 0],
    [3, 23],
    [0, 5000],
    [100, 4300],
    [4999, 5000],
  ] as const) {
    assert.equal(rangeToHex(bytes, start, end), bytesToHex(bytes.subarray(start, end)));
  }
});
