// Goal: `tongbao qr decode` prints exactly the documented JSON line for the EMVCo example and a
// consumer-presented example, exits 0 for valid and 1 for invalid payloads (one JSON line on
// stdout with --json, one line on stderr without), and `tongbao qr encode` makes codes that
// decode — signed by a devnet institution and verified, drawn as PNG that a QR reader (jsQR)
// reads back with a UTF-8 name intact, and as the SVG the qrcode package draws.
// Method: qrDecode and qrEncode called in-process with a fixed time; three runs of the real
// binary for the exit codes; expected JSON written by hand from the EMVCo and EMV CPM layouts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// jsqr is CommonJS whose types declare an ES default export; Node hands over module.exports,
// which carries the function both as itself and as .default.
import jsqr from "jsqr";
import pngjs from "pngjs";
import QRCode from "qrcode";
import { KeyType } from "@tongbao/crypto";
import { decodeMpm, encodeMpm, verifyTongbaoCode } from "@tongbao/emvqr";
import { demoNetworkConfig, DEVNET_CHAIN_ID } from "./devnet/demo.ts";
import { CliError } from "./errors.ts";
import { writeNetwork } from "./network.ts";
import { institutionKeyOf, qrDecode, qrDecodeCommand } from "./qr-decode.ts";
import { drawCode, qrEncode, type QrEncodeOptions } from "./qr-encode.ts";

const BIN = new URL("../bin/tongbao.mjs", import.meta.url).pathname;
const NOW_MS = Date.parse("2026-01-01T00:00:00Z");
const EMVCO =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";
/** 85 "CPV01"; 61 { 4F AID, 50 "PRODUCT1", 57 track 2 }; 62 { 5F20 "CARDHOLDER/EMV" }. */
const CPM_HEX =
  "85054350563031" +
  "6128" +
  "4F07A0000000555555" +
  "500850524F4455435431" +
  "5713" +
  "4761739001010010D25122011143804400000F" +
  "6211" +
  "5F200E43415244484F4C4445522F454D56";
const CPM = Buffer.from(CPM_HEX, "hex").toString("base64");
const defaults = { strict: false, json: true, chainId: DEVNET_CHAIN_ID };

test("qr decode --json prints the EMVCo example as one line, keys in payload order", () => {
  const expected =
    '{"mode":"mpm","valid":true,"crc":"A13A","objects":{' +
    '"00":"01","01":"12",' +
    '"29":{"00":"D15600000000","05":"A93FO3230Q"},' +
    '"31":{"00":"D15600000001","03":"12345678"},' +
    '"52":"4111","58":"CN","59":"BEST TRANSPORT","60":"BEIJING",' +
    '"64":{"00":"ZH","01":"最佳运输","02":"北京"},' +
    '"54":"23.72","53":"156","55":"01",' +
    '"62":{"03":"1234","06":"***","07":"A6008667","09":"ME"},' +
    '"91":{"00":"A011223344998877","07":"12345678"},' +
    '"63":"A13A"}}';
  for (const strict of [false, true]) {
    const result = qrDecode(EMVCO, { ...defaults, strict }, NOW_MS);
    assert.equal(result.valid, true);
    assert.equal(result.output, expected);
    JSON.parse(result.output);
  }
});

test("qr decode --json prints a CPM payload as a list of tags with upper-case hex", () => {
  assert.ok(CPM.startsWith("hQVDUFY"));
  const expected =
    '{"mode":"cpm","valid":true,"objects":[' +
    '{"tag":"85","value":"4350563031"},' +
    '{"tag":"61","objects":[{"tag":"4F","value":"A0000000555555"},{"tag":"50","value":"50524F4455435431"},{"tag":"57","value":"4761739001010010D25122011143804400000F"}]},' +
    '{"tag":"62","objects":[{"tag":"5F20","value":"43415244484F4C4445522F454D56"}]}]}';
  const result = qrDecode(CPM, defaults, NOW_MS);
  assert.equal(result.output, expected);
});

test("qr decode --json says which rule broke and where, in one line", () => {
  const cases: [string, boolean, string][] = [
    [
      EMVCO.slice(0, -4) + "A13B",
      false,
      "root 63 (CRC): A13B does not match the payload, whose CRC is A13A; the code was damaged or changed",
    ],
    [EMVCO.slice(0, -4) + "a13a", true, "root 63 (CRC): a13a must be written in upper-case hex"],
    [
      CPM.slice(0, -4),
      false,
      "CPM: broken BER-TLV at byte 49: tag 62 says 17 bytes but only 15 remain",
    ],
    [
      CPM + " ",
      false,
      "CPM: not canonical base64 (A–Z a–z 0–9 + /, padded with = to a multiple of 4, no spaces)",
    ],
  ];
  for (const [payload, strict, error] of cases) {
    const result = qrDecode(payload, { ...defaults, strict }, NOW_MS);
    assert.equal(result.valid, false);
    assert.equal(result.output, JSON.stringify({ valid: false, error }));
  }
  // Strict refuses what lenient accepts with a warning: a code without merchant name and city.
  const p2p = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
  const lenient = qrDecode(p2p, defaults, NOW_MS);
  assert.ok(lenient.valid && JSON.parse(lenient.output).warnings.length === 3);
  const strict = qrDecode(p2p, { ...defaults, strict: true }, NOW_MS);
  assert.deepEqual(JSON.parse(strict.output), {
    valid: false,
    error: "root 52 (merchant category code): is missing; it is mandatory",
  });
});

test("the binary exits 0 for a valid payload and 1 for an invalid one, one JSON line each", async () => {
  // Two real runs in parallel (each loads the whole CLI through tsx, about 3 s).
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [BIN, "qr", "decode", ...args], (error, stdout, stderr) =>
        done({ status: error === null ? 0 : (error.code as number), stdout, stderr }),
      );
    });
  const [valid, invalid] = await Promise.all([
    run(EMVCO, "--json"),
    run(EMVCO.slice(0, -1) + "B", "--json"),
  ]);
  assert.equal(valid.status, 0, valid.stderr);
  assert.equal(valid.stdout, qrDecode(EMVCO, defaults, NOW_MS).output + "\n");
  assert.equal(invalid.status, 1);
  assert.equal(invalid.stdout.split("\n").length, 2, "one line and its newline");
  assert.equal(JSON.parse(invalid.stdout).valid, false);
});

test("without --json an invalid payload is one line on stderr: the command throws a CliError", async () => {
  await assert.rejects(
    qrDecodeCommand(EMVCO.slice(0, -1) + "B", { strict: false, json: false, dir: tmpdir() }),
    (e: unknown) =>
      e instanceof CliError && /^refused: root 63 \(CRC\): A13B does not match/.test(e.message),
  );
});

async function withDevnet(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-qr-"));
  try {
    await writeNetwork(demoNetworkConfig({ validators: 1, ports: [30101] }), join(dir, "net"));
    await fn(join(dir, "net"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const base = (dir: string): QrEncodeOptions => ({
  account: "tea-house",
  name: "TEA HOUSE",
  city: "HONG KONG",
  currency: "HKD",
  mcc: "5812",
  json: false,
  dir,
});

test("qr encode: a dynamic code signed by the devnet institution verifies, and forgery fails", async () => {
  await withDevnet(async (dir) => {
    const result = await qrEncode({ ...base(dir), amount: "12.50", signWith: "hk-emoney" }, NOW_MS);
    assert.equal(result.code.kind, "dynamic");
    assert.equal(result.code.institution, "hk-emoney");
    assert.equal(result.code.expiresAtMs, NOW_MS + 15 * 60_000);
    assert.match(result.code.reference!, /^[A-Za-z0-9_-]{12}$/);
    // Signed with node:crypto by the CLI, verified here with the library's default (noble).
    const key = await institutionKeyOf("hk-emoney", dir);
    const unverified = qrDecode(result.payload, defaults, NOW_MS);
    assert.equal(JSON.parse(unverified.output).tongbao.signatureVerified, null);
    assert.deepEqual(JSON.parse(qrDecode(EMVCO, defaults, NOW_MS, key).output), {
      valid: false,
      error:
        "not a Tongbao code: --institution-key verifies the signature of Tongbao merchant codes only",
    });
    const verified = verifyTongbaoCode(result.payload, {
      chainId: DEVNET_CHAIN_ID,
      ...key,
      nowMs: NOW_MS,
    });
    assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
    // Through the decode command, with the institution named: verified; a forged amount: refused.
    const decoded = qrDecode(result.payload, defaults, NOW_MS, key);
    assert.equal(JSON.parse(decoded.output).tongbao.signatureVerified, true);
    const objects = decodeMpm(result.payload, { mode: "strict" });
    assert.ok(objects.ok);
    const forged = encodeMpm(
      objects.value.objects.map((o) => (o.id === "54" ? { id: "54", value: "1250.00" } : o)),
    );
    assert.ok(forged.ok);
    const refused = qrDecode(forged.value, defaults, NOW_MS, key);
    assert.equal(refused.valid, false);
    assert.match(JSON.parse(refused.output).error, /^Tongbao code refused \(signature_wrong\)/);
    // And once expired.
    const late = qrDecode(result.payload, defaults, NOW_MS + 16 * 60_000, key);
    assert.match(JSON.parse(late.output).error, /^Tongbao code refused \(expired\)/);
  });
});

test("qr encode refuses what it cannot make, saying what to fix", async () => {
  await withDevnet(async (dir) => {
    const cases: [Partial<QrEncodeOptions>, RegExp][] = [
      [
        { signWith: "ph-wallet" },
        /that key belongs to ph-wallet, but the payee's institution is hk-emoney/,
      ],
      [{ account: "nobody" }, /no account named "nobody"; known names: .*tea-house/],
      [{ reference: "R1" }, /only with --amount/],
      [{ amount: "1.00", expiresIn: "2d" }, /"2d" is not a duration; write e\.g\. 90s, 15m or 2h/],
      [{ amount: "1.00", expiresIn: "25h" }, /longer than 24h/],
      [{ amount: "1.001" }, /root 54 \(amount\): "1\.001" has 3 decimals; HKD has 2/],
      [{ currency: "EUR" }, /currency: "EUR" is not one Tongbao codes carry/],
      [{ out: join(dir, "code.gif") }, /must end in \.png or \.svg/],
      [{ nameAlt: "茶館" }, /--name-alt and --language go together/],
    ];
    for (const [change, message] of cases) {
      await assert.rejects(
        qrEncode({ ...base(dir), ...change }, NOW_MS),
        (e: unknown) => e instanceof CliError && message.test(e.message),
      );
    }
  });
});

test("qr encode --out writes a PNG that a QR reader decodes to the payload, UTF-8 name included", async () => {
  await withDevnet(async (dir) => {
    const out = join(dir, "code.png");
    const result = await qrEncode(
      {
        ...base(dir),
        name: "茶館 TEA HOUSE",
        nameAlt: "茶館",
        language: "ZH",
        amount: "8.80",
        out,
      },
      NOW_MS,
    );
    const png = await readFile(out);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = pngjs.PNG.sync.read(png);
    const read = jsqr.default(
      new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      image.width,
      image.height,
    );
    assert.ok(read !== null, "jsQR finds the code");
    assert.equal(read.data, result.payload);
    assert.deepEqual(
      read.chunks.map((c) => c.type),
      ["byte"],
    );
    assert.equal(qrDecode(read.data, defaults, NOW_MS).valid, true);
    assert.equal(result.code.merchantName, "茶館 TEA HOUSE");
  });
});

test("qr encode --out FILE.svg writes the SVG the qrcode package draws for the payload's bytes", async () => {
  await withDevnet(async (dir) => {
    const out = join(dir, "code.svg");
    const result = await qrEncode({ ...base(dir), out }, NOW_MS);
    const svg = await readFile(out, "utf8");
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const expected = await QRCode.toString(
      [{ mode: "byte", data: new TextEncoder().encode(result.payload) }],
      { type: "svg", errorCorrectionLevel: "M", margin: 4 },
    );
    assert.equal(svg, expected);
    await drawCode(result.payload, join(dir, "again.svg"));
    assert.equal(await readFile(join(dir, "again.svg"), "utf8"), svg);
  });
});

test("--institution-key takes hex (type by length), a key file or a devnet name", async () => {
  await withDevnet(async (dir) => {
    const byName = await institutionKeyOf("hk-emoney", dir);
    const hex = Buffer.from(byName.publicKey).toString("hex");
    assert.deepEqual(await institutionKeyOf(hex, dir), byName);
    assert.equal((await institutionKeyOf("02" + "ab".repeat(32), dir)).keyType, KeyType.P256);
    await assert.rejects(
      institutionKeyOf("nope", dir),
      /is not a public key \(64 hex digits for Ed25519, 66 for P-256\)/,
    );
  });
});
