// Goal: an envelope of the national-algorithms suite (SM2 + HKDF-SM3 + SM4-GCM) opens for each
// of its 1–16 recipients and for no one else, refuses every alteration with the same codes as
// the X25519 suite, and cannot be passed off as the other suite.
// Method: round trips for 1, 2, 5 and 16 recipients out of a pool of 17 (the rest must get
// not_a_recipient) and fast-check over generated records and recipient sets; every single-byte
// change of the envelope's bytes refused; targeted tampering of ciphertext, nonce, wrapped keys,
// ephemeral keys, the recipient list and the suite; wrong or missing keys; bad recipient keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Hash, InstitutionId } from "@tongbao/types";
import {
  SM_SUITE,
  X25519_SUITE,
  decodeEnvelope,
  decryptTravelRule,
  encryptTravelRule,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
  TravelRuleError,
  type TravelRuleErrorCode,
  type TravelRuleKeyPair,
} from "./index.ts";
import { base64urlDecode } from "./base64url.ts";
import { canonicalJson } from "./canonical-json.ts";
import { commitmentHash, committedBytes } from "./hash.ts";
import { sealCommitted } from "./encrypt.ts";
import { unwrapContentKeySm } from "./sm-wrap.ts";
import { travelRuleDataArb } from "../test/arbitraries.ts";
import { sampleData } from "../test/fixtures.ts";

const CHAIN = "tongbao-devnet";
const PAYMENT = "3f1c0a7e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f:0000000000000000000000000000002a";

const POOL: ReadonlyArray<{ institution: InstitutionId; keys: TravelRuleKeyPair }> = Array.from(
  { length: 17 },
  (_, i) => ({
    institution: `bank-${String(i).padStart(2, "0")}` as InstitutionId,
    keys: generateSm2TravelRuleKeyPair(),
  }),
);
const OUTSIDER = POOL[16]!;

const member = (institution: InstitutionId) => POOL.find((m) => m.institution === institution)!;
const recipientsOf = (institutions: readonly InstitutionId[]) =>
  institutions.map((i) => ({ institution: i, publicKey: member(i).keys.publicKey }));

async function open(
  envelope: string,
  institution: InstitutionId,
  dataHash: Hash,
  sm2PrivateKey: Uint8Array | undefined = member(institution).keys.privateKey,
) {
  return decryptTravelRule({
    envelope,
    institution,
    sm2PrivateKey,
    payment: { chainId: CHAIN, paymentId: PAYMENT, dataHash },
  });
}

async function refusedWith(
  promise: Promise<unknown>,
  ...codes: TravelRuleErrorCode[]
): Promise<TravelRuleError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TravelRuleError, String(error));
    assert.ok(codes.includes(error.code), `${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`expected a refusal with ${codes.join(" or ")}`);
}

const THREE = [POOL[0]!, POOL[1]!, POOL[2]!].map((m) => m.institution);

async function sample() {
  return encryptTravelRule({
    data: sampleData(),
    recipients: recipientsOf(THREE),
    chainId: CHAIN,
    paymentId: PAYMENT,
    suite: SM_SUITE,
  });
}

test("1, 2, 5 and 16 recipients each decrypt; everyone else is not a recipient", async () => {
  for (const count of [1, 2, 5, 16]) {
    const chosen = POOL.slice(0, count).map((m) => m.institution);
    const { encoded, dataHash, envelope } = await encryptTravelRule({
      data: sampleData(),
      recipients: recipientsOf([...chosen].reverse()),
      chainId: CHAIN,
      paymentId: PAYMENT,
      suite: SM_SUITE,
    });
    assert.equal(envelope.suite, "sm2-hkdf-sm3-sm4gcm");
    assert.deepEqual(
      envelope.recipients.map((r) => r.institution),
      chosen,
    );
    for (const entry of envelope.recipients) {
      assert.equal(base64urlDecode(entry.publicKey)!.length, 33);
      assert.equal(base64urlDecode(entry.ephemeralKey)!.length, 33);
      assert.equal(base64urlDecode(entry.wrappedKey)!.length, 32);
    }
    for (const { institution } of POOL) {
      if (chosen.includes(institution)) {
        const opened = await open(encoded, institution, dataHash);
        assert.deepEqual(opened.data, sampleData());
        assert.equal(
          commitmentHash(
            committedBytes(opened.salt, new TextEncoder().encode(canonicalJson(opened.data))),
          ),
          dataHash,
        );
      } else {
        await refusedWith(open(encoded, institution, dataHash), "not_a_recipient");
      }
    }
  }
});

test("round trip for any valid record and any 1–16 recipients", async () => {
  await fc.assert(
    fc.asyncProperty(
      travelRuleDataArb,
      fc.shuffledSubarray(
        POOL.map((m) => m.institution),
        { minLength: 1, maxLength: 16 },
      ),
      async (data, chosen) => {
        const { encoded, dataHash } = await encryptTravelRule({
          data,
          recipients: recipientsOf(chosen),
          chainId: CHAIN,
          paymentId: PAYMENT,
          suite: SM_SUITE,
        });
        const reader = chosen[0]!;
        const opened = await open(encoded, reader, dataHash);
        assert.deepEqual(opened.data, JSON.parse(JSON.stringify(data)));
        const outsider = POOL.find((m) => !chosen.includes(m.institution))!;
        await refusedWith(open(encoded, outsider.institution, dataHash), "not_a_recipient");
      },
    ),
    { numRuns: 25 },
  );
});

test("wrong or missing keys: not a recipient, and the wrap does not open", async () => {
  const { encoded, dataHash, envelope } = await sample();
  const reader = THREE[1]!;
  const outsider = await refusedWith(
    open(encoded, OUTSIDER.institution, dataHash),
    "not_a_recipient",
  );
  assert.match(outsider.message, /bank-16 is not a recipient of this envelope/);
  // A recipient's name with another SM2 key.
  await refusedWith(open(encoded, reader, dataHash, OUTSIDER.keys.privateKey), "not_a_recipient");
  // Only an X25519 key given: the message names the key this envelope needs.
  const x25519Only = await refusedWith(
    decryptTravelRule({
      envelope: encoded,
      institution: reader,
      privateKey: generateTravelRuleKeyPair().privateKey,
      payment: { chainId: CHAIN, paymentId: PAYMENT, dataHash },
    }),
    "not_a_recipient",
  );
  assert.match(x25519Only.message, /sm2-hkdf-sm3-sm4gcm.*SM2 private key \(sm2PrivateKey\)/);
  // A private key outside 1 ≤ d ≤ n − 2.
  await refusedWith(open(encoded, reader, dataHash, new Uint8Array(32)), "invalid_key");
  // Below the name check, the wrap itself does not open with another key.
  const entry = envelope.recipients.find((r) => r.institution === reader)!;
  const wrapped = {
    ephemeralKey: base64urlDecode(entry.ephemeralKey)!,
    wrappedKey: base64urlDecode(entry.wrappedKey)!,
  };
  const context = { ...envelope, institution: reader };
  assert.equal(unwrapContentKeySm(wrapped, OUTSIDER.keys.privateKey, context), undefined);
  assert.equal(unwrapContentKeySm(wrapped, member(reader).keys.privateKey, context)?.length, 16);
  // The wrap is bound to its institution and payment.
  for (const other of [
    { ...context, institution: THREE[0]! },
    { ...context, paymentId: "another:payment" },
    { ...context, suite: X25519_SUITE },
  ]) {
    assert.equal(unwrapContentKeySm(wrapped, member(reader).keys.privateKey, other), undefined);
  }
});

test("any single-byte change of the envelope is refused by every recipient", async () => {
  const { encoded, dataHash } = await sample();
  const bytes = new TextEncoder().encode(encoded);
  const strict = new TextDecoder("utf-8", { fatal: true });
  await fc.assert(
    fc.asyncProperty(
      fc.nat(bytes.length - 1),
      fc.integer({ min: 1, max: 255 }),
      async (at, flip) => {
        const changed = bytes.slice();
        changed[at]! ^= flip;
        let text: string;
        try {
          text = strict.decode(changed);
        } catch {
          return; // not even UTF-8: no envelope text
        }
        for (const institution of THREE) {
          await refusedWith(
            open(text, institution, dataHash),
            "malformed_envelope",
            "unsupported_envelope",
            "payment_mismatch",
            "hash_mismatch",
            "not_a_recipient",
            "decrypt_failed",
          );
        }
      },
    ),
    { numRuns: 150 },
  );
});

/** Decodes, edits and re-encodes canonically, so only the edit itself can be refused. */
async function tampered(edit: (envelope: any) => void) {
  const { encoded, dataHash } = await sample();
  const envelope = structuredClone(decodeEnvelope(encoded)) as any;
  edit(envelope);
  return { text: canonicalJson(envelope), dataHash: envelope.dataHash as Hash };
}

function flipLastByte(text: string): string {
  const bytes = base64urlDecode(text)!;
  bytes[bytes.length - 1]! ^= 1;
  return Buffer.from(bytes).toString("base64url");
}

test("tampering with the ciphertext, nonce, wrapped keys, ephemeral keys or recipients fails", async () => {
  const reader = THREE[2]!;
  const cases: Array<[string, (e: any) => void]> = [
    ["ciphertext", (e) => (e.ciphertext = flipLastByte(e.ciphertext))],
    ["ciphertext's first byte", (e) => (e.ciphertext = `B${e.ciphertext.slice(1)}`)],
    ["nonce", (e) => (e.nonce = flipLastByte(e.nonce))],
    [
      "own wrapped key",
      (e) => (e.recipients[2].wrappedKey = flipLastByte(e.recipients[2].wrappedKey)),
    ],
    [
      "another's wrapped key",
      (e) => (e.recipients[0].wrappedKey = flipLastByte(e.recipients[0].wrappedKey)),
    ],
    [
      "ephemeral keys swapped",
      (e) =>
        ([e.recipients[1].ephemeralKey, e.recipients[2].ephemeralKey] = [
          e.recipients[2].ephemeralKey,
          e.recipients[1].ephemeralKey,
        ]),
    ],
    [
      "own ephemeral key negated (02 ↔ 03)",
      (e) => {
        const key = base64urlDecode(e.recipients[2].ephemeralKey)!;
        key[0] = key[0] === 2 ? 3 : 2;
        e.recipients[2].ephemeralKey = Buffer.from(key).toString("base64url");
      },
    ],
    [
      "own ephemeral key off the curve",
      (e) => {
        const key = base64urlDecode(e.recipients[2].ephemeralKey)!;
        key.fill(0xff, 1); // x = 2²⁵⁶ − 1 is not even a field element
        e.recipients[2].ephemeralKey = Buffer.from(key).toString("base64url");
      },
    ],
    ["a recipient removed", (e) => e.recipients.splice(1, 1)],
    [
      "a recipient added",
      (e) => e.recipients.unshift({ ...e.recipients[0], institution: "aa-bank" }),
    ],
    ["data hash (in the envelope and the payment alike)", (e) => (e.dataHash = "0".repeat(64))],
  ];
  for (const [name, edit] of cases) {
    const { text, dataHash } = await tampered(edit);
    await refusedWith(open(text, reader, dataHash), "decrypt_failed").catch((error) =>
      assert.fail(`${name}: ${error}`),
    );
  }
});

test("an SM envelope cannot pass for the other suite or an unknown one", async () => {
  const { dataHash } = await sample();
  const relabelled = await tampered((e) => (e.suite = X25519_SUITE));
  const error = await refusedWith(open(relabelled.text, THREE[0]!, dataHash), "malformed_envelope");
  assert.match(error.message, /publicKey: 33 bytes; expected 32/);
  const unknown = await tampered((e) => (e.suite = "sm2-sm3-sm4"));
  await refusedWith(open(unknown.text, THREE[0]!, dataHash), "unsupported_envelope");
});

test("the chain id and payment id are bound", async () => {
  const { text, dataHash } = await tampered((e) => (e.paymentId = "another:payment"));
  await refusedWith(open(text, THREE[0]!, dataHash), "payment_mismatch");
  const moved = decryptTravelRule({
    envelope: text,
    institution: THREE[0]!,
    sm2PrivateKey: member(THREE[0]!).keys.privateKey,
    payment: { chainId: CHAIN, paymentId: "another:payment", dataHash },
  });
  await refusedWith(moved, "decrypt_failed");
});

test("a hash that differs from the ledger's, or a sender who lied, is reported", async () => {
  const { encoded, dataHash } = await sample();
  const other = ((dataHash[0] === "f" ? "0" : "f") + dataHash.slice(1)) as Hash;
  const error = await refusedWith(open(encoded, THREE[0]!, other), "hash_mismatch");
  assert.deepEqual(error.details, { expected: other, actual: dataHash });

  const honest = committedBytes(
    new Uint8Array(32),
    new TextEncoder().encode(canonicalJson(sampleData())),
  );
  const claimed = commitmentHash(
    committedBytes(new Uint8Array(32).fill(1), new TextEncoder().encode("{}")),
  );
  const lie = await sealCommitted({
    committed: honest,
    dataHash: claimed,
    recipients: recipientsOf(THREE),
    chainId: CHAIN,
    paymentId: PAYMENT,
    suite: SM_SUITE,
  });
  const caught = await refusedWith(open(lie.encoded, THREE[0]!, claimed), "hash_mismatch");
  assert.match(caught.message, /refuse it and report the sender/);
});

test("encryption refuses keys of the wrong kind, points off the curve and unknown suites", async () => {
  const base = {
    data: sampleData(),
    chainId: CHAIN,
    paymentId: PAYMENT,
    suite: SM_SUITE,
  } as const;
  const x25519Key = await refusedWith(
    encryptTravelRule({
      ...base,
      recipients: [{ institution: THREE[0]!, publicKey: generateTravelRuleKeyPair().publicKey }],
    }),
    "invalid_recipients",
  );
  assert.match(
    x25519Key.message,
    /recipients\[0\]\.publicKey: expected 33 bytes of SM2 public key/,
  );
  const offCurve = new Uint8Array(33).fill(0xff);
  offCurve[0] = 2;
  const uncompressedPrefix = POOL[0]!.keys.publicKey.slice();
  uncompressedPrefix[0] = 4;
  for (const publicKey of [offCurve, uncompressedPrefix]) {
    const error = await refusedWith(
      encryptTravelRule({ ...base, recipients: [{ institution: THREE[0]!, publicKey }] }),
      "invalid_recipients",
    );
    assert.match(error.message, /not a usable SM2 public key/);
  }
  // SM2 keys given to the default suite.
  await refusedWith(
    encryptTravelRule({ ...base, suite: undefined, recipients: recipientsOf(THREE) }),
    "invalid_recipients",
  );
  await refusedWith(
    encryptTravelRule({ ...base, suite: "sm2" as any, recipients: recipientsOf(THREE) }),
    "unsupported_envelope",
  );
});
