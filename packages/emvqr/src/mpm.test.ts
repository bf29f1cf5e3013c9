// Goal: MPM decoding and encoding agree with the EMVCo specification's own example, and both
// modes refuse what makes a payload unreadable or untrustworthy. Method: the Annex B example
// decoded in both modes and re-encoded byte for byte; hand-made payloads that break exactly one
// structural rule, wrapped in a correct CRC; every single-character change of the example.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMpm, encodeMpm, mpmValue, type MpmCode, type QrResult } from "./index.ts";
import { EMVCO_EXAMPLE, MINIMAL, withCrc } from "./mpm.fixtures.ts";

function value<T>(result: QrResult<T>): T {
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function refusal<T>(result: QrResult<T>): { code: string; message: string } {
  if (result.ok) assert.fail("expected a refusal");
  return result.error;
}

test("the EMVCo example decodes in both modes with CRC A13A and every object in place", () => {
  for (const mode of ["strict", "lenient"] as const) {
    const code: MpmCode = value(decodeMpm(EMVCO_EXAMPLE, { mode }));
    assert.equal(code.crc, "A13A");
    assert.deepEqual(code.warnings, []);
    assert.deepEqual(
      code.objects.map((o) => o.id),
      ["00", "01", "29", "31", "52", "58", "59", "60", "64", "54", "53", "55", "62", "91"],
    );
    assert.deepEqual(code.objects[2], {
      id: "29",
      objects: [
        { id: "00", value: "D15600000000" },
        { id: "05", value: "A93FO3230Q" },
      ],
    });
    assert.equal(mpmValue(code.objects, "64", "01"), "最佳运输");
    assert.equal(mpmValue(code.objects, "64", "02"), "北京");
    assert.equal(mpmValue(code.objects, "54"), "23.72");
    assert.equal(mpmValue(code.objects, "62", "03"), "1234");
    assert.equal(mpmValue(code.objects, "62", "06"), "***");
    assert.equal(mpmValue(code.objects, "62", "09"), "ME");
    assert.equal(mpmValue(code.objects, "91", "07"), "12345678");
  }
});

test("the EMVCo example re-encodes byte for byte", () => {
  const code = value(decodeMpm(EMVCO_EXAMPLE, { mode: "strict" }));
  assert.equal(value(encodeMpm(code.objects)), EMVCO_EXAMPLE);
  assert.equal(value(encodeMpm(code.objects, { mode: "lenient" })), EMVCO_EXAMPLE);
});

test("lengths count code points, not bytes or UTF-16 units", () => {
  const objects = [
    ...MINIMAL,
    {
      id: "64",
      objects: [
        { id: "00", value: "ZH" },
        { id: "01", value: "茶館😀" },
      ],
    },
  ];
  const payload = value(encodeMpm(objects));
  // 茶館😀 is 3 code points, 4 UTF-16 units and 10 UTF-8 bytes.
  assert.ok(payload.includes("0103茶館😀"));
  assert.deepEqual(value(decodeMpm(payload, { mode: "strict" })).objects, objects);
});

const structural: [name: string, payload: string, code: string, message: RegExp][] = [
  [
    "a CRC that does not match",
    EMVCO_EXAMPLE.slice(0, -4) + "A13B",
    "crc_mismatch",
    /root 63 \(CRC\): A13B does not match the payload, whose CRC is A13A/,
  ],
  [
    "a changed character under an intact CRC",
    EMVCO_EXAMPLE.replace("23.72", "93.72"),
    "crc_mismatch",
    /damaged or changed/,
  ],
  ["no CRC", "000201" + "52045411", "crc_missing", /root 63 \(CRC\): missing/],
  ["a CRC that is not hex", "0002016304XYZW", "crc_missing", /"XYZW" is not four hex digits/],
  ["a CRC of five characters", "00020163051234A", "crc_missing", /not four hex digits/],
  [
    "a length that is not digits",
    withCrc("00020152A45411"),
    "tlv_broken",
    /root: broken TLV at character 6: ID 52 has length "A4", not two digits/,
  ],
  [
    "an ID that is not digits",
    withCrc("0002015X045411"),
    "tlv_broken",
    /ID "5X" is not two digits/,
  ],
  [
    "a value that runs past the end",
    "0002015299",
    "tlv_broken",
    /ID 52 says 99 characters but only 0 remain/,
  ],
  ["a trailing fragment", "00020163", "tlv_broken", /too few for an ID and a length/],
  [
    "a duplicate ID at the root",
    withCrc("00020152045411520454115303344"),
    "id_duplicate",
    /root: ID 52 appears twice \(at characters 6 and 14\)/,
  ],
  [
    "a duplicate ID in a template",
    withCrc("000201" + "2618" + "0007com.abc" + "00030xy"),
    "id_duplicate",
    /root 26 \(merchant account information template\): ID 00 appears twice/,
  ],
  ["00 not first", withCrc("010211000201"), "id_misplaced", /must start with ID 00/],
  [
    "63 not last",
    "00020163040000" + "52045411",
    "id_misplaced",
    /root 63 \(CRC\): must be the last object, but ID 52 follows it/,
  ],
  [
    "a payload longer than any QR code",
    "0".repeat(5000),
    "payload_invalid",
    /more than any QR code holds/,
  ],
  ["a lone surrogate", "000201\uD800", "payload_invalid", /lone UTF-16 surrogate/],
  ["an empty payload", "", "payload_invalid", /empty/],
];

for (const [name, payload, code, message] of structural) {
  test(`both modes refuse ${name}`, () => {
    for (const mode of ["strict", "lenient"] as const) {
      const error = refusal(decodeMpm(payload, { mode }));
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
    }
  });
}

test("a payload that is not a string is refused, not thrown", () => {
  assert.equal(refusal(decodeMpm(42)).code, "payload_invalid");
  assert.equal(refusal(decodeMpm(undefined)).code, "payload_invalid");
});

test("every single-character substitution, deletion and insertion of the example is refused", () => {
  // Deterministic and exhaustive over printable ASCII: CRC-16 detects every change confined to
  // 16 bits, and deletions and insertions break the TLV lengths. Strict mode must refuse all;
  // lenient mode only accepts a CRC digit written in lower case (the same CRC value).
  const chars = Array.from(EMVCO_EXAMPLE);
  const alphabet = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
  let variants = 0;
  const check = (changed: string, sameCrcValue: boolean) => {
    variants++;
    assert.equal(decodeMpm(changed, { mode: "strict" }).ok, false, changed);
    assert.equal(decodeMpm(changed, { mode: "lenient" }).ok, sameCrcValue, changed);
  };
  for (let i = 0; i < chars.length; i++) {
    const before = chars.slice(0, i).join("");
    const after = chars.slice(i + 1).join("");
    check(before + after, false);
    for (const c of alphabet) {
      check(before + c + chars[i] + after, false);
      if (c === chars[i]) continue;
      const inCrc = i >= chars.length - 4;
      check(before + c + after, inCrc && c.toUpperCase() === chars[i]);
    }
  }
  // Per position: one deletion, 95 insertions and 94 or 95 substitutions.
  assert.ok(variants >= chars.length * 190, `${variants} variants`);
});
