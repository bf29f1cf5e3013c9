// Goal: strict mode refuses every rule of the specification, one test per rule, naming the rule
// and where it broke; lenient mode accepts the same payload and reports the rule as a warning.
// Method: the minimal strict-valid code with exactly one object changed, re-encoded in lenient
// mode (so the CRC is right and only the rule under test is broken).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMpm, encodeMpm, type MpmObject } from "./index.ts";
import { MINIMAL, edit, withCrc } from "./mpm.fixtures.ts";

function lenientPayload(objects: readonly MpmObject[]): string {
  const encoded = encodeMpm(objects, { mode: "lenient" });
  if (!encoded.ok) assert.fail(encoded.error.message);
  return encoded.value;
}

type Change = [path: string[], replacement: string | MpmObject[] | undefined];

const rules: [rule: string, changes: Change[], message: RegExp][] = [
  ["00 must be 01", [[["00"], "02"]], /^root 00 \(payload format indicator\): "02" must be "01"$/],
  [
    "01 is 11 or 12",
    [[["01"], "13"]],
    /^root 01 \(point of initiation method\): "13" must be "11" \(static\) or "12" \(dynamic\)$/,
  ],
  [
    "52 is four digits",
    [[["52"], "541"]],
    /^root 52 \(merchant category code\): "541" must be four digits/,
  ],
  [
    "52 is mandatory",
    [[["52"], undefined]],
    /^root 52 \(merchant category code\): is missing; it is mandatory$/,
  ],
  [
    "53 is three digits",
    [[["53"], "HKD"]],
    /^root 53 \(transaction currency\): "HKD" must be three digits/,
  ],
  ["53 is mandatory", [[["53"], undefined]], /^root 53 \(transaction currency\): is missing/],
  [
    "54 is digits with one point",
    [[["54"], "12,50"]],
    /^root 54 \(amount\): "12,50" must be digits with at most one "\."/,
  ],
  ["54 is non-zero", [[["54"], "0.00"]], /^root 54 \(amount\): "0.00" must be non-zero$/],
  [
    "54 is at most 13 characters",
    [[["54"], "12345678901.25"]],
    /^root 54 \(amount\): "12345678901.25" is 14 characters; at most 13$/,
  ],
  [
    "54 has no more decimals than the currency",
    [[["54"], "12.345"]],
    /^root 54 \(amount\): "12.345" has 3 decimals; HKD has 2$/,
  ],
  [
    "54 in yen has no decimals",
    [
      [["53"], "392"],
      [["54"], "100.5"],
    ],
    /^root 54 \(amount\): "100.5" has 1 decimals; JPY has 0$/,
  ],
  [
    "55 is 01, 02 or 03",
    [[["55"], "04"]],
    /^root 55 \(tip or convenience indicator\): "04" must be "01" \(prompt\)/,
  ],
  [
    "55 = 02 needs 56",
    [[["55"], "02"]],
    /^root 56 \(convenience fee fixed\): is missing; 55 = "02" requires a fixed fee$/,
  ],
  [
    "55 = 03 needs 57",
    [[["55"], "03"]],
    /^root 57 \(convenience fee percentage\): is missing; 55 = "03" requires a percentage$/,
  ],
  [
    "56 only with 55 = 02",
    [[["56"], "1.00"]],
    /^root 56 \(convenience fee fixed\): may only be present when 55 = "02"$/,
  ],
  [
    "56 is an amount",
    [
      [["55"], "02"],
      [["56"], "0"],
    ],
    /^root 56 \(convenience fee fixed\): "0" must be non-zero$/,
  ],
  [
    "57 only with 55 = 03",
    [
      [["55"], "02"],
      [["56"], "1"],
      [["57"], "5"],
    ],
    /^root 57 \(convenience fee percentage\): may only be present when 55 = "03"$/,
  ],
  [
    "57 is 00.01–99.99",
    [
      [["55"], "03"],
      [["57"], "100"],
    ],
    /^root 57 \(convenience fee percentage\): "100" must be a percentage "00\.01"–"99\.99"$/,
  ],
  [
    "57 is not zero",
    [
      [["55"], "03"],
      [["57"], "00.00"],
    ],
    /^root 57 .*"00\.00" must be a percentage/,
  ],
  [
    "58 is two capital letters",
    [[["58"], "hk"]],
    /^root 58 \(country code\): "hk" must be two capital letters/,
  ],
  ["58 is mandatory", [[["58"], undefined]], /^root 58 \(country code\): is missing/],
  [
    "59 is at most 25 characters",
    [[["59"], "A".repeat(26)]],
    /^root 59 \(merchant name\): "A{26}" is 26 characters; at most 25$/,
  ],
  ["59 is mandatory", [[["59"], undefined]], /^root 59 \(merchant name\): is missing/],
  [
    "60 is at most 15 characters",
    [[["60"], "B".repeat(16)]],
    /^root 60 \(merchant city\): "B{16}" is 16 characters; at most 15$/,
  ],
  ["60 is mandatory", [[["60"], undefined]], /^root 60 \(merchant city\): is missing/],
  [
    "61 is at most 10 characters",
    [[["61"], "12345678901"]],
    /^root 61 \(postal code\): "12345678901" is 11 characters; at most 10$/,
  ],
  [
    "62 sub-fields are at most 25 characters",
    [[["62", "05"], "R".repeat(26)]],
    /^root 62-05 \(reference label\): "R{26}" is 26 characters; at most 25$/,
  ],
  [
    "62-00 is reserved (a GUI there is a real-world habit)",
    [[["62", "00"], "com.example"]],
    /^root 62-00: is reserved for future use; a scheme's own data belongs in a template 50–99$/,
  ],
  ["62-12..49 are reserved", [[["62", "20"], "x"]], /^root 62-20: is reserved for future use/],
  [
    "62-09 is A, M, E at most once each",
    [[["62", "09"], "AAM"]],
    /^root 62-09 \(additional consumer data request\): "AAM" must be letters A, M, E/,
  ],
  [
    "62-11 is three characters",
    [[["62", "11"], "AB"]],
    /^root 62-11 \(merchant channel\): "AB" must be 3 characters$/,
  ],
  [
    "62-50..99 start with a GUI",
    [[["62", "50"], [{ id: "01", value: "x" }]]],
    /^root 62-50 \(payment system specific template\): must start with its globally unique identifier in 00$/,
  ],
  [
    "64 needs a language",
    [[["64"], [{ id: "01", value: "茶館" }]]],
    /^root 64-00 \(language preference\): is missing; it is mandatory in 64$/,
  ],
  [
    "64 needs a name",
    [[["64"], [{ id: "00", value: "ZH" }]]],
    /^root 64-01 \(alternate merchant name\): is missing/,
  ],
  [
    "64-00 is two letters",
    [
      [
        ["64"],
        [
          { id: "00", value: "ZHO" },
          { id: "01", value: "茶館" },
        ],
      ],
    ],
    /^root 64-00 \(language preference\): "ZHO" must be two letters/,
  ],
  [
    "64-01 is at most 25 characters",
    [
      [
        ["64"],
        [
          { id: "00", value: "ZH" },
          { id: "01", value: "茶".repeat(26) },
        ],
      ],
    ],
    /^root 64-01 .* 26 characters; at most 25$/,
  ],
  [
    "64-02 is at most 15 characters",
    [
      [
        ["64"],
        [
          { id: "00", value: "ZH" },
          { id: "01", value: "茶館" },
          { id: "02", value: "港".repeat(16) },
        ],
      ],
    ],
    /^root 64-02 \(alternate merchant city\): .* 16 characters; at most 15$/,
  ],
  [
    "64-03 and beyond are reserved",
    [
      [
        ["64"],
        [
          { id: "00", value: "ZH" },
          { id: "01", value: "茶館" },
          { id: "03", value: "x" },
        ],
      ],
    ],
    /^root 64-03: is reserved for future use in 64$/,
  ],
  [
    "26–51 start with a GUI in 00",
    [
      [
        ["26"],
        [
          { id: "01", value: "12345678" },
          { id: "00", value: "com.example.pay" },
        ],
      ],
    ],
    /^root 26 \(merchant account information template\): must start with its globally unique identifier in 00$/,
  ],
  [
    "a GUI is at most 32 characters",
    [[["26", "00"], "g".repeat(33)]],
    /^root 26-00 \(globally unique identifier\): "g{33}" is 33 characters; at most 32$/,
  ],
  [
    "80–99 start with a GUI in 00",
    [[["80"], [{ id: "01", value: "x" }]]],
    /^root 80 \(unreserved template\): must start with its globally unique identifier in 00$/,
  ],
  [
    "65–79 are never present",
    [[["70"], "x"]],
    /^root 70 \(reserved\): is reserved for future use and must not be present$/,
  ],
  [
    "at least one merchant account",
    [[["26"], undefined]],
    /^root: no merchant account information \(IDs 02–51\); at least one is mandatory$/,
  ],
  [
    "values are not empty",
    [[["61"], ""]],
    /^root 61 \(postal code\): is empty; a data object holds 1–99 characters$/,
  ],
  [
    "a payload holds at most 512 characters",
    ["81", "82", "83", "84"].map((id): Change => [
      [id],
      [
        { id: "00", value: "g" },
        { id: "01", value: "x".repeat(90) },
      ],
    ]),
    /^root: 514 characters; a payload holds at most 512$/,
  ],
];

for (const [rule, changes, message] of rules) {
  test(`strict refuses, lenient warns: ${rule}`, () => {
    let objects: MpmObject[] = [...MINIMAL];
    for (const [path, replacement] of changes) objects = edit(objects, path, replacement);
    const payload = lenientPayload(objects);
    const strict = decodeMpm(payload, { mode: "strict" });
    assert.equal(strict.ok, false, `strict accepted ${payload}`);
    if (!strict.ok) {
      assert.equal(strict.error.code, "rule_broken");
      assert.match(strict.error.message, message);
    }
    const lenient = decodeMpm(payload, { mode: "lenient" });
    assert.ok(lenient.ok, lenient.ok ? "" : lenient.error.message);
    assert.ok(
      lenient.value.warnings.some((w) => message.test(w.message)),
      JSON.stringify(lenient.value.warnings),
    );
    // The strict encoder refuses what the strict decoder refuses.
    assert.equal(encodeMpm(objects).ok, false);
  });
}

test("strict refuses, lenient warns: a CRC in lower case", () => {
  const payload = lenientPayload(edit(MINIMAL, ["52"], "5812"));
  const lower = payload.slice(0, -4) + payload.slice(-4).toLowerCase();
  assert.notEqual(lower, payload, "this CRC has a letter");
  const strict = decodeMpm(lower, { mode: "strict" });
  assert.ok(
    !strict.ok &&
      /^root 63 \(CRC\): [0-9a-f]{4} must be written in upper-case hex$/.test(strict.error.message),
  );
  const lenient = decodeMpm(lower);
  assert.ok(lenient.ok && lenient.value.warnings.length === 1);
});

test("strict refuses, lenient warns: lengths counted in UTF-8 bytes", () => {
  // 59 "茶館" counted as 6 bytes instead of 2 characters, as some generators do.
  const body =
    "000201" +
    "26190015com.example.pay" +
    "52045411" +
    "5303344" +
    "5802HK" +
    "5906茶館" +
    "6009HONG KONG";
  const payload = withCrc(body);
  const strict = decodeMpm(payload, { mode: "strict" });
  assert.ok(!strict.ok && strict.error.code === "tlv_broken", "strict reads characters only");
  const lenient = decodeMpm(payload);
  assert.ok(lenient.ok, lenient.ok ? "" : lenient.error.message);
  assert.match(lenient.value.warnings[0]!.message, /lengths count UTF-8 bytes/);
  assert.deepEqual(
    lenient.value.objects.find((o) => o.id === "59"),
    { id: "59", value: "茶館" },
  );
});

test("strict refuses, lenient reads as a plain value: a template ID whose value is not TLV", () => {
  // Some schemes put a plain value (a 32-digit hex reference) at an ID of 80–99.
  const objects = [...MINIMAL, { id: "82", value: "47FCECA2796DDB8C0D63753C1131BD85" }];
  const payload = withCrc("000201" + "2605hello");
  const strict = decodeMpm(payload, { mode: "strict" });
  assert.ok(!strict.ok && strict.error.code === "tlv_broken");
  assert.match(
    strict.error.message,
    /^root 26 \(merchant account information template\): broken TLV at character 10/,
  );
  const encoded = encodeMpm(objects, { mode: "lenient" });
  assert.ok(encoded.ok, encoded.ok ? "" : encoded.error.message);
  const lenient = decodeMpm(encoded.value);
  assert.ok(lenient.ok);
  assert.deepEqual(lenient.value.objects, objects);
  assert.match(
    lenient.value.warnings[0]!.message,
    /^root 82 \(unreserved template\): is a template but its value is not TLV; read as a plain value$/,
  );
  // A plain value that is valid TLV would come back as a template, so the encoder refuses it.
  const ambiguous = encodeMpm([...MINIMAL, { id: "82", value: "0001x" }], { mode: "lenient" });
  assert.ok(!ambiguous.ok && /is a template; give objects/.test(ambiguous.error.message));
  assert.equal(encodeMpm(objects).ok, false, "strict encoding refuses it");
});

test("lenient accepts a peer-to-peer code without 52, 59 and 60, with warnings", () => {
  let objects: MpmObject[] = [...MINIMAL];
  for (const id of ["52", "59", "60"]) objects = edit(objects, [id], undefined);
  const lenient = decodeMpm(lenientPayload(objects));
  assert.ok(lenient.ok);
  assert.deepEqual(
    lenient.value.warnings.map((w) => w.message.slice(0, 7)),
    ["root 52", "root 59", "root 60"],
  );
});

test("the minimal code is strict-valid, with no warnings in lenient mode", () => {
  const payload = lenientPayload(MINIMAL);
  assert.ok(decodeMpm(payload, { mode: "strict" }).ok);
  const lenient = decodeMpm(payload);
  assert.ok(lenient.ok && lenient.value.warnings.length === 0);
});
