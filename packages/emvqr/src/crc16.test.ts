// Goal: the CRC is CRC-16/CCITT-FALSE exactly, as EMV MPM requires. Method: the catalogue's
// check value, the EMVCo example's printed CRC, and a property comparing the table-driven
// implementation with the bitwise definition on random bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { crc16CcittFalse, crcHex } from "./crc16.ts";
import { EMVCO_EXAMPLE } from "./mpm.fixtures.ts";

/** The definition: shift each bit in, polynomial 0x1021, start 0xFFFF, no reflection. */
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

test('the check value of "123456789" is 29B1', () => {
  assert.equal(crc16CcittFalse(new TextEncoder().encode("123456789")), 0x29b1);
  assert.equal(crcHex("123456789"), "29B1");
});

test("the EMVCo example's CRC is A13A, computed over its UTF-8 bytes including 6304", () => {
  assert.equal(crcHex(EMVCO_EXAMPLE.slice(0, -4)), "A13A");
});

test("crcHex writes four upper-case digits, keeping leading zeros", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const small = Array.from({ length: 2000 }, (_, i) => String(i)).find(
    (text) => crcBitwise(utf8(text)) < 0x1000,
  );
  assert.ok(small !== undefined, "some short decimal has a CRC below 0x1000");
  assert.match(crcHex(small), /^0[0-9A-F]{3}$/);
  assert.equal(parseInt(crcHex(small), 16), crcBitwise(utf8(small)));
});

test("the table-driven CRC equals the bitwise definition", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      assert.equal(crc16CcittFalse(bytes), crcBitwise(bytes));
    }),
  );
});
