// Goal: consumer-presented payloads decode to the BER-TLV tree EMV defines (multi-byte tags,
// long-form lengths, constructed templates nested), round-trip, handle more than 512 bytes,
// and broken input is refused with a message naming the byte and the problem. Method: a
// payload written in hex by hand (cpm.fixtures.ts), hand-made broken variants, and a fast-check
// round trip over random trees.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CPM_PREFIX,
  decodeCpm,
  encodeCpm,
  isCpmTemplate,
  type CpmObject,
  type QrResult,
} from "./index.ts";
import { CPM_EXAMPLE_HEX } from "./cpm.fixtures.ts";

const b64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));

function refusal<T>(result: QrResult<T>): { code: string; message: string } {
  if (result.ok) assert.fail("expected a refusal");
  return result.error;
}

test("the example decodes into nested templates with multi-byte tags", () => {
  const payload = b64(CPM_EXAMPLE_HEX);
  assert.ok(payload.startsWith(CPM_PREFIX));
  const decoded = decodeCpm(payload);
  assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
  const expected: CpmObject[] = [
    { tag: "85", value: bytes("4350563031") },
    {
      tag: "61",
      objects: [
        { tag: "4F", value: bytes("A0000000555555") },
        { tag: "50", value: new TextEncoder().encode("PRODUCT1") },
        { tag: "57", value: bytes("4761739001010010D25122011143804400000F") },
        { tag: "5A", value: bytes("4761739001010010") },
      ],
    },
    {
      tag: "62",
      objects: [
        { tag: "5F20", value: new TextEncoder().encode("CARDHOLDER/EMV") },
        { tag: "5F2D", value: new TextEncoder().encode("enzh") },
      ],
    },
    {
      tag: "63",
      objects: [
        { tag: "9F26", value: bytes("C2D4C0A1B2E3F405") },
        { tag: "9F27", value: bytes("80") },
        { tag: "9F36", value: bytes("00A1") },
        { tag: "82", value: bytes("1980") },
        { tag: "9F37", value: bytes("11223344") },
      ],
    },
  ];
  assert.deepEqual(decoded.value.objects, expected);
  const encoded = encodeCpm(expected);
  assert.ok(encoded.ok && encoded.value === payload);
});

test("payloads beyond 512 bytes use long-form lengths and round-trip", () => {
  const big: CpmObject[] = [
    { tag: "85", value: bytes("4350563031") },
    { tag: "61", objects: [{ tag: "4F", value: bytes("A0000000555555") }] },
    {
      tag: "63",
      objects: [
        { tag: "9F10", value: new Uint8Array(300).fill(0xab) },
        { tag: "9F1F", value: new Uint8Array(200).fill(0x31) },
      ],
    },
  ];
  const encoded = encodeCpm(big);
  assert.ok(encoded.ok);
  const raw = Buffer.from(encoded.value, "base64");
  assert.ok(raw.length > 512, `${raw.length} bytes`);
  // 63 holds (2 + 3 + 300) + (2 + 2 + 200) = 509 bytes: 82 01 FD; 9F10 holds 300: 82 01 2C.
  assert.ok(raw.toString("hex").toUpperCase().includes("638201FD9F1082012C"));
  const decoded = decodeCpm(encoded.value);
  assert.ok(decoded.ok);
  assert.deepEqual(decoded.value.objects, big);
});

test("a long-form length of one byte (81 xx) is read", () => {
  const hex = "85054350563031" + "6109" + "4F07A0000000555555" + "9F108180" + "00".repeat(128);
  const decoded = decodeCpm(b64(hex));
  assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
  const last = decoded.value.objects[2]!;
  assert.ok(!isCpmTemplate(last) && last.value.length === 128);
});

const APP = "6109" + "4F07A0000000555555";
const broken: [name: string, hex: string, code: string, message: RegExp][] = [
  [
    "a value running past the end",
    "85054350563031" + APP + "5A08476173",
    "tlv_broken",
    /CPM: broken BER-TLV at byte 18: tag 5A says 8 bytes but only 3 remain/,
  ],
  [
    "a template whose content overruns it",
    "85054350563031" + "6109" + "4F09A0000000555555",
    "tlv_broken",
    /CPM 61: broken BER-TLV at byte 9: tag 4F says 9 bytes but only 7 remain/,
  ],
  [
    "a tag without a length",
    "85054350563031" + APP + "9F",
    "tlv_broken",
    /the payload ends inside a tag/,
  ],
  [
    "a multi-byte tag cut short",
    "85054350563031" + APP + "5A",
    "tlv_broken",
    /tag 5A has no length/,
  ],
  [
    "an indefinite length",
    "85054350563031" + APP + "5A80",
    "tlv_broken",
    /tag 5A has an indefinite length/,
  ],
  [
    "a length of three bytes",
    "85054350563031" + APP + "5A830000010000",
    "tlv_broken",
    /tag 5A's length takes 3 bytes; at most 2/,
  ],
  [
    "a tag of four bytes",
    "85054350563031" + APP + "9F8181010100",
    "tlv_broken",
    /a tag longer than 3 bytes/,
  ],
  ["padding bytes", "85054350563031" + APP + "00", "tlv_broken", /00 is not a tag/],
  [
    "a first object other than 85",
    APP + "85054350563031",
    "not_cpm",
    /must start with tag 85 \(payload format indicator\) = "CPV01"/,
  ],
  ["another version", "85054350563032" + APP, "not_cpm", /"CPV01"/],
  [
    "no application template",
    "85054350563031" + "5A084761739001010010",
    "rule_broken",
    /no application template \(61\)/,
  ],
  [
    "an application without an AID",
    "85054350563031" + "610A5A084761739001010010",
    "rule_broken",
    /61 \(application template\): 4F \(AID\) is missing/,
  ],
  [
    "an AID of four bytes",
    "85054350563031" + "61064F04A0000000",
    "rule_broken",
    /4F \(AID\): 4 bytes; an AID has 5–16 bytes/,
  ],
  [
    "templates nested too deep",
    "85054350563031" + APP + "7010" + "700E" + "700C" + "700A" + "7008" + "7006" + "5A0400000000",
    "tlv_broken",
    /templates nest deeper than 4/,
  ],
];

for (const [name, hex, code, message] of broken) {
  test(`refuses ${name}`, () => {
    const error = refusal(decodeCpm(b64(hex)));
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
  });
}

test("refuses base64 that is not canonical", () => {
  const good = b64("85054350563031" + APP + "5A020000");
  assert.ok(good.endsWith("==") && decodeCpm(good).ok);
  for (const bad of [
    good.slice(0, -1),
    good.replace(/=*$/, ""),
    ` ${good}`,
    good.replace("h", "-"),
    good.replace("==", "="),
    "hQVDUFYwMWEJTwegAAAAVVVVVR==", // "R" before "==" leaves non-zero padding bits
  ]) {
    assert.equal(refusal(decodeCpm(bad)).code, "base64_invalid", bad);
  }
});

const primitiveTag = fc.oneof(
  fc
    .integer({ min: 0x01, max: 0xfe })
    .filter((b) => (b & 0x20) === 0 && (b & 0x1f) !== 0x1f && b !== 0x85 && b !== 0x61)
    .map((b) => b.toString(16).toUpperCase().padStart(2, "0")),
  fc
    .integer({ min: 0x01, max: 0x7f })
    .map((b) => "9F" + b.toString(16).toUpperCase().padStart(2, "0")),
  fc
    .integer({ min: 0x01, max: 0x7f })
    .map((b) => "5F" + b.toString(16).toUpperCase().padStart(2, "0")),
);
// Plain objects: fc.record builds them without a prototype, which deepEqual tells apart.
const primitive = fc
  .record({ tag: primitiveTag, value: fc.uint8Array({ maxLength: 300 }) })
  .map((o) => ({ ...o }));
const template = fc
  .record({
    tag: fc.constantFrom("62", "63", "64", "70", "77", "BF0C"),
    objects: fc.array(primitive, { maxLength: 4 }),
  })
  .map((o) => ({ ...o }));

test("random trees round-trip through encodeCpm and decodeCpm", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(primitive, template), { maxLength: 6 }), (rest) => {
      const objects: CpmObject[] = [
        { tag: "85", value: bytes("4350563031") },
        { tag: "61", objects: [{ tag: "4F", value: bytes("A0000000555555") }] },
        ...rest,
      ];
      const encoded = encodeCpm(objects);
      if (!encoded.ok) {
        // Only size may stop a tree this generator makes.
        assert.equal(encoded.error.code, "payload_invalid", encoded.error.message);
        return;
      }
      assert.ok(encoded.value.startsWith(CPM_PREFIX));
      const decoded = decodeCpm(encoded.value);
      assert.ok(decoded.ok, decoded.ok ? "" : decoded.error.message);
      assert.deepEqual(decoded.value.objects, objects);
    }),
  );
});

test("the encoder refuses a tag that contradicts its shape", () => {
  assert.match(
    refusal(encodeCpm([{ tag: "61", value: bytes("00") }])).message,
    /tag 61 is constructed; give objects/,
  );
  assert.match(
    refusal(encodeCpm([{ tag: "5A", objects: [] }])).message,
    /tag 5A is primitive; give a value/,
  );
  assert.match(
    refusal(encodeCpm([{ tag: "9F", value: bytes("00") }])).message,
    /"9F" is not a well-formed tag/,
  );
});
