// Goal: a Tongbao merchant code carries the merchant's account, institution, amount, currency,
// reference and expiry, is signed by the institution, and a payer's check refuses it with the
// precise reason: CRC broken, not a Tongbao code, unsigned, signature wrong (which is what any
// forged change looks like), expired, or valid for longer than 24 hours. Method: codes built,
// signed with noble keys (Ed25519 and P-256), then damaged or forged one field at a time and
// re-encoded with a correct CRC; pinned reference vectors computed outside the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { KeyType } from "@tongbao/codec";
import {
  DYNAMIC_VALIDITY_MS_MAX,
  attachSignature,
  buildTongbaoCode,
  decodeMpm,
  isMpmTemplate,
  ledgerReference,
  readTongbaoCode,
  signingPayload,
  verifyTongbaoCode,
  type MpmObject,
  type QrIssueCode,
  type QrResult,
} from "./index.ts";
import { EMVCO_EXAMPLE, edit } from "./mpm.fixtures.ts";
import {
  ACCOUNT,
  CHAIN_ID,
  DYNAMIC_PARAMS,
  ED25519_SIGNER,
  NOW_MS,
  P256_SIGNER,
  STATIC_PARAMS,
  reencoded,
  sign,
  value,
  type TestSigner,
} from "./tongbao.fixtures.ts";

const verifyAs = (payload: string, signer: TestSigner, nowMs = NOW_MS + 1000) =>
  verifyTongbaoCode(payload, {
    chainId: CHAIN_ID,
    keyType: signer.keyType,
    publicKey: signer.publicKey,
    nowMs,
  });

function refused<T>(result: QrResult<T>, code: QrIssueCode, message?: RegExp): void {
  assert.ok(!result.ok, "expected a refusal");
  assert.equal(result.error.code, code, result.error.message);
  if (message !== undefined) assert.match(result.error.message, message);
}

test("a dynamic code carries every field, and they read back", () => {
  const payload = value(buildTongbaoCode(DYNAMIC_PARAMS));
  assert.ok(payload.startsWith("000201010212"));
  const code = value(readTongbaoCode(payload));
  assert.deepEqual(
    { ...code, signedMessage: undefined },
    {
      kind: "dynamic",
      account: ACCOUNT,
      institution: "hk-emoney",
      merchantName: "TEA HOUSE",
      city: "HONG KONG",
      country: "HK",
      mcc: "5812",
      currency: "HKD",
      amount: "12.50",
      reference: "INV-2026-0001",
      ledgerReference: "a4e66c9197cc9e77a78083babd3265805e8223c0d70bf6c4a8bd3949a47a8d4a",
      expiresAtMs: NOW_MS + 15 * 60_000,
      signedMessage: undefined,
      templateId: "47",
    },
  );
  // Unsigned: the signed bytes are the payload up to the CRC.
  assert.equal(new TextDecoder().decode(code.signedMessage), payload.slice(0, -8));
  // The merchant template fits the EMV limit of 99 characters with the longest institution.
  const longest = value(buildTongbaoCode({ ...DYNAMIC_PARAMS, institution: "a".repeat(32) }));
  assert.ok(value(readTongbaoCode(longest)).institution.length === 32);
});

test("a static code has no amount, reference or expiry", () => {
  const code = value(readTongbaoCode(value(buildTongbaoCode(STATIC_PARAMS))));
  assert.equal(code.kind, "static");
  assert.equal(code.amount, undefined);
  assert.equal(code.reference, undefined);
  assert.equal(code.expiresAtMs, undefined);
  refused(
    buildTongbaoCode({ ...STATIC_PARAMS, reference: "X1" }),
    "rule_broken",
    /a static code \(no amount\) carries no reference/,
  );
});

test("ledgerReference is taggedHash(tongbao/qr-reference, account ‖ reference)", () => {
  // Computed with Python's hashlib: sha256(len(tag) ‖ tag ‖ account bytes ‖ UTF-8 reference).
  assert.equal(
    ledgerReference(ACCOUNT, "INV-2026-0001"),
    "a4e66c9197cc9e77a78083babd3265805e8223c0d70bf6c4a8bd3949a47a8d4a",
  );
  assert.equal(
    ledgerReference("00".repeat(19) + "01", "A"),
    "3b64422080237d17b4f6fbcee9c8cdec8fc8ddbf2122e51ab31f345675bd87ef",
  );
  assert.throws(() => ledgerReference(ACCOUNT, "has space"), RangeError);
  assert.throws(() => ledgerReference("XYZ", "A"), RangeError);
});

test("building refuses what a payer could not pay, saying what to fix", () => {
  const cases: [Partial<typeof DYNAMIC_PARAMS>, QrIssueCode, RegExp][] = [
    [{ account: "1F".repeat(20) }, "rule_broken", /account: .* must be 40 lower-case hex digits/],
    [{ institution: "-bank" }, "rule_broken", /institution: "-bank" must be 2–32 characters/],
    [{ currency: "EUR" }, "rule_broken", /currency: "EUR" is not one Tongbao codes carry/],
    [{ reference: "has space" }, "rule_broken", /reference: "has space" must be 1–25 of/],
    [{ reference: undefined }, "rule_broken", /a dynamic code needs a fresh one/],
    [{ nowMs: undefined }, "rule_broken", /nowMs: a dynamic code needs the current time/],
    [{ expiresAtMs: NOW_MS }, "rule_broken", /must be an integer time in ms after nowMs/],
    [
      { expiresAtMs: NOW_MS + DYNAMIC_VALIDITY_MS_MAX + 1 },
      "expiry_too_far",
      /24\.0 h from now; a dynamic code expires within 24 h/,
    ],
    [
      { amount: "12.505" },
      "rule_broken",
      /root 54 \(amount\): "12\.505" has 3 decimals; HKD has 2/,
    ],
    [{ amount: "0" }, "rule_broken", /root 54 \(amount\): "0" must be non-zero/],
    [
      { merchantName: "THE VERY LONG TEA HOUSE NAME" },
      "rule_broken",
      /root 59 \(merchant name\): .* 28 characters; at most 25/,
    ],
    [{ templateId: "62" }, "rule_broken", /templateId: "62" must be a merchant template ID 26–51/],
  ];
  for (const [change, code, message] of cases) {
    refused(buildTongbaoCode({ ...DYNAMIC_PARAMS, ...change }), code, message);
  }
  // Exactly 24 hours is allowed.
  assert.ok(
    buildTongbaoCode({ ...DYNAMIC_PARAMS, expiresAtMs: NOW_MS + DYNAMIC_VALIDITY_MS_MAX }).ok,
  );
});

for (const signer of [ED25519_SIGNER, P256_SIGNER]) {
  const name = signer.keyType === KeyType.Ed25519 ? "Ed25519" : "P-256";

  test(`${name}: sign → verify, and the signed bytes are the same before and after signing`, () => {
    const unsigned = value(buildTongbaoCode(DYNAMIC_PARAMS));
    const signed = sign(unsigned, signer);
    const code = value(verifyAs(signed, signer));
    assert.equal(code.signature?.keyType, signer.keyType);
    assert.deepEqual(value(signingPayload(signed)), value(signingPayload(unsigned)));
    assert.ok(decodeMpm(signed, { mode: "strict" }).ok, "a signed code is a strict EMV code");
    assert.ok(Array.from(signed).length <= 512);
    // Static codes are signed the same way and never expire.
    const staticSigned = sign(value(buildTongbaoCode(STATIC_PARAMS)), signer);
    assert.ok(verifyAs(staticSigned, signer, NOW_MS + 365 * 86_400_000).ok);
  });

  test(`${name}: a forged amount, reference, account, expiry or name is "signature wrong"`, () => {
    const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), signer);
    const forgeries: [string, (o: readonly MpmObject[]) => MpmObject[]][] = [
      ["amount", (o) => edit(o, ["54"], "1250.00")],
      ["reference", (o) => edit(o, ["62", "05"], "INV-2026-0002")],
      ["account", (o) => edit(o, ["47", "01"], "AAAAAAAAAAAAAAAAAAAAAAAAAAA")],
      ["institution", (o) => edit(o, ["47", "02"], "ph-wallet")],
      ["expiry", (o) => edit(o, ["47", "03"], String(NOW_MS + 60 * 60_000))],
      ["name", (o) => edit(o, ["59"], "TEA HOUSE 2")],
      ["currency", (o) => edit(o, ["53"], "608")],
      ["static instead of dynamic", (o) => edit(o, ["01"], "11").filter((x) => x.id !== "54")],
    ];
    for (const [what, change] of forgeries) {
      const forged = reencoded(signed, change);
      const result = verifyAs(forged, signer);
      // A static code with a reference is refused before the signature is looked at.
      if (what === "static instead of dynamic") refused(result, "rule_broken", /static code/);
      else refused(result, "signature_wrong", /the signature does not match the code/);
    }
  });

  test(`${name}: a damaged character is "CRC broken", before any signature check`, () => {
    const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), signer);
    const damaged = signed.replace("12.50", "92.50");
    refused(verifyAs(damaged, signer), "crc_mismatch", /does not match the payload/);
  });

  test(`${name}: another key, another network or another key type is "signature wrong"`, () => {
    const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), signer);
    const other = signer === ED25519_SIGNER ? P256_SIGNER : ED25519_SIGNER;
    refused(
      verifyAs(signed, other),
      "signature_wrong",
      /signed with a .* key, but hk-emoney's key is/,
    );
    const otherKey = { ...signer, publicKey: new Uint8Array(signer.publicKey.length).fill(2) };
    refused(verifyAs(signed, otherKey), "signature_wrong");
    const forMain = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), signer, "tongbao-main");
    refused(
      verifyAs(forMain, signer),
      "signature_wrong",
      /signed for another network than tongbao-devnet-1/,
    );
  });
}

test("time: expired codes and codes valid beyond 24 hours are refused", () => {
  const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), ED25519_SIGNER);
  const expiry = NOW_MS + 15 * 60_000;
  assert.ok(verifyAs(signed, ED25519_SIGNER, expiry - 1).ok);
  refused(
    verifyAs(signed, ED25519_SIGNER, expiry),
    "expired",
    /expired at 2026-01-01T00:15:00\.000Z, 0 s ago/,
  );
  refused(
    verifyAs(signed, ED25519_SIGNER, expiry + 3_600_000),
    "expired",
    /60 min ago; ask the merchant for a new one/,
  );
  // An institution that signs a code valid for two days is refused by the payer's check.
  const far = value(
    buildTongbaoCode({
      ...DYNAMIC_PARAMS,
      nowMs: NOW_MS + 2 * 86_400_000 - 3_600_000,
      expiresAtMs: NOW_MS + 2 * 86_400_000,
    }),
  );
  refused(
    verifyAs(sign(far, ED25519_SIGNER), ED25519_SIGNER),
    "expiry_too_far",
    /48\.0 h from now/,
  );
  // readTongbaoCode flags the time too when it is given the time.
  refused(readTongbaoCode(signed, { nowMs: expiry }), "expired");
  assert.ok(readTongbaoCode(signed).ok, "without a time, reading ignores the expiry");
});

test("unsigned codes and codes of other schemes are refused with their reason", () => {
  const unsigned = value(buildTongbaoCode(DYNAMIC_PARAMS));
  refused(
    verifyAs(unsigned, ED25519_SIGNER),
    "signature_missing",
    /not signed; only a code signed by hk-emoney/,
  );
  refused(
    verifyAs(EMVCO_EXAMPLE, ED25519_SIGNER),
    "not_tongbao",
    /no merchant account template \(26–51\) with GUI org\.tongbao/,
  );
  refused(
    attachSignature(EMVCO_EXAMPLE, { keyType: KeyType.Ed25519, signature: new Uint8Array(64) }),
    "not_tongbao",
  );
});

test("attaching refuses a second signature and a malformed one", () => {
  const unsigned = value(buildTongbaoCode(DYNAMIC_PARAMS));
  const signed = sign(unsigned, ED25519_SIGNER);
  refused(
    attachSignature(signed, { keyType: KeyType.Ed25519, signature: new Uint8Array(64) }),
    "rule_broken",
    /already signed/,
  );
  refused(
    attachSignature(unsigned, { keyType: KeyType.Ed25519, signature: new Uint8Array(63) }),
    "rule_broken",
    /expected 64 bytes/,
  );
  refused(
    attachSignature(unsigned, { keyType: 3 as KeyType, signature: new Uint8Array(64) }),
    "rule_broken",
    /keyType must be 1/,
  );
});

test("the signature templates must come last, and unknown fields are refused", () => {
  const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), ED25519_SIGNER);
  // Something added after the signature would be unsigned.
  const appended = reencoded(signed, (o) => [
    ...o,
    { id: "99", objects: [{ id: "00", value: "x" }] },
  ]);
  refused(readTongbaoCode(appended), "rule_broken", /the last objects before the CRC/);
  const unknown = reencoded(signed, (o) => edit(o, ["47", "04"], "1"));
  refused(readTongbaoCode(unknown), "rule_broken", /root 47-04: unknown to this version/);
  const twice = reencoded(signed, (o) => [
    ...o.slice(0, 3),
    { ...(o[2] as MpmObject), id: "48" },
    ...o.slice(3),
  ]);
  refused(readTongbaoCode(twice), "rule_broken", /2 Tongbao merchant templates/);
  const lenientOnly = signed.slice(0, -4) + signed.slice(-4).toLowerCase();
  assert.ok(!readTongbaoCode(lenientOnly).ok || lenientOnly === signed, "Tongbao codes are strict");
});

test("the merchant template may sit at another ID in 26–51, beside other schemes", () => {
  const payload = value(buildTongbaoCode({ ...DYNAMIC_PARAMS, templateId: "30" }));
  const withPayNow = reencoded(payload, (o) => [
    ...o.slice(0, 2),
    {
      id: "26",
      objects: [
        { id: "00", value: "SG.PAYNOW" },
        { id: "01", value: "2" },
      ],
    },
    ...o.slice(2),
  ]);
  const code = value(readTongbaoCode(withPayNow));
  assert.equal(code.templateId, "30");
  assert.ok(verifyAs(sign(withPayNow, ED25519_SIGNER), ED25519_SIGNER).ok);
});

test("a malformed institution key is the caller's bug: it throws", () => {
  const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), ED25519_SIGNER);
  const options = { chainId: CHAIN_ID, keyType: KeyType.Ed25519, nowMs: NOW_MS };
  assert.throws(
    () => verifyTongbaoCode(signed, { ...options, publicKey: new Uint8Array(31) }),
    RangeError,
  );
  assert.throws(
    () =>
      verifyTongbaoCode(signed, {
        ...options,
        keyType: 7 as KeyType,
        publicKey: ED25519_SIGNER.publicKey,
      }),
    RangeError,
  );
  assert.throws(
    () =>
      verifyTongbaoCode(signed, {
        ...options,
        chainId: "no spaces allowed",
        publicKey: ED25519_SIGNER.publicKey,
      }),
    RangeError,
  );
});

test("a verify function can be passed in (e.g. @tongbao/crypto's, on a node)", () => {
  const signed = sign(value(buildTongbaoCode(DYNAMIC_PARAMS)), ED25519_SIGNER);
  const seen: string[] = [];
  const result = verifyTongbaoCode(signed, {
    chainId: CHAIN_ID,
    keyType: KeyType.Ed25519,
    publicKey: ED25519_SIGNER.publicKey,
    nowMs: NOW_MS,
    verify: (item) => {
      seen.push(`${item.chainId}/${item.purpose}/${item.payload.length}`);
      return false;
    },
  });
  refused(result, "signature_wrong");
  assert.deepEqual(seen, [`${CHAIN_ID}/qr/${value(signingPayload(signed)).length}`]);
});

test("property: random codes sign and verify; any forged signed field is refused", () => {
  const decimal = fc
    .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 99 }))
    .filter(([w, c]) => w + c > 0)
    .map(([w, c]) => `${w}.${String(c).padStart(2, "0")}`);
  const params = fc.record({
    account: fc
      .uint8Array({ minLength: 20, maxLength: 20 })
      .map((b) => Buffer.from(b).toString("hex")),
    institution: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/),
    merchantName: fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 25 }),
    city: fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 15 }),
    amount: decimal,
    reference: fc.stringMatching(/^[A-Za-z0-9._-]{1,25}$/),
    validForMs: fc.integer({ min: 1, max: DYNAMIC_VALIDITY_MS_MAX }),
    p256: fc.boolean(),
  });
  fc.assert(
    fc.property(params, fc.nat(), (p, which) => {
      const signer = p.p256 ? P256_SIGNER : ED25519_SIGNER;
      const payload = value(
        buildTongbaoCode({
          ...STATIC_PARAMS,
          account: p.account,
          institution: p.institution,
          merchantName: p.merchantName,
          city: p.city,
          amount: p.amount,
          reference: p.reference,
          nowMs: NOW_MS,
          expiresAtMs: NOW_MS + p.validForMs,
        }),
      );
      const signed = sign(payload, signer);
      const code = value(verifyAs(signed, signer, NOW_MS));
      assert.equal(code.account, p.account);
      assert.equal(code.amount, p.amount);
      assert.equal(code.ledgerReference, ledgerReference(p.account, p.reference));
      const forgeries: ((o: readonly MpmObject[]) => MpmObject[])[] = [
        (o) => edit(o, ["54"], p.amount === "1.00" ? "2.00" : "1.00"),
        (o) => edit(o, ["62", "05"], p.reference === "R" ? "S" : "R"),
        (o) => {
          const merchant = o.find((x) => x.id === "47");
          assert.ok(merchant !== undefined && isMpmTemplate(merchant));
          const other = p.account.startsWith("00") ? "11" : "00";
          return edit(o, ["47", "01"], Buffer.from(other.repeat(20), "hex").toString("base64url"));
        },
      ];
      const forged = reencoded(signed, forgeries[which % forgeries.length]!);
      refused(verifyAs(forged, signer, NOW_MS), "signature_wrong");
    }),
    { numRuns: 50 },
  );
});
