// Goal: an envelope opens for each of its recipients and for no one else, returns the data the
// ledger hash commits to, and refuses every alteration.
// Method: fast-check round trips over generated records and 1–4 recipients from a pool of five
// institutions (the rest must get not_a_recipient); every single-byte change of the envelope's
// bytes refused; targeted tampering of ciphertext, wrapped keys, additional data and the
// recipient list; a dishonest sender whose hash does not match its data.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Hash, InstitutionId } from "@tongbao/types";
import {
  decodeEnvelope,
  decryptTravelRule,
  encryptTravelRule,
  generateTravelRuleKeyPair,
  TravelRuleError,
  type TravelRuleErrorCode,
  type TravelRuleKeyPair,
} from "./index.ts";
import { canonicalJson } from "./canonical-json.ts";
import { commitmentHash, committedBytes } from "./hash.ts";
import { sealCommitted } from "./encrypt.ts";
import { unwrapContentKey } from "./wrap.ts";
import { base64urlDecode } from "./base64url.ts";
import { travelRuleDataArb } from "../test/arbitraries.ts";
import { HK_BANK, OUTSIDER, PH_BANK, REGULATOR, sampleData } from "../test/fixtures.ts";

const CHAIN = "tongbao-devnet";
const PAYMENT = "3f1c0a7e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f:0000000000000000000000000000002a";

const POOL: ReadonlyArray<{ institution: InstitutionId; keys: TravelRuleKeyPair }> = [
  HK_BANK,
  PH_BANK,
  REGULATOR,
  OUTSIDER,
  "hk-emoney" as InstitutionId,
].map((institution) => ({ institution, keys: generateTravelRuleKeyPair() }));

const member = (institution: InstitutionId) => POOL.find((m) => m.institution === institution)!;
const recipientsOf = (institutions: readonly InstitutionId[]) =>
  institutions.map((i) => ({ institution: i, publicKey: member(i).keys.publicKey }));

async function open(
  envelope: string,
  institution: InstitutionId,
  dataHash: Hash,
  privateKey = member(institution).keys.privateKey,
) {
  return decryptTravelRule({
    envelope,
    institution,
    privateKey,
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

async function sample() {
  return encryptTravelRule({
    data: sampleData(),
    recipients: recipientsOf([PH_BANK, HK_BANK, REGULATOR]),
    chainId: CHAIN,
    paymentId: PAYMENT,
  });
}

test("each recipient decrypts the data the ledger hash commits to; outsiders cannot", async () => {
  const { encoded, dataHash, envelope } = await sample();
  assert.deepEqual(
    envelope.recipients.map((r) => r.institution),
    [HK_BANK, REGULATOR, PH_BANK].sort(),
  );
  for (const institution of [HK_BANK, PH_BANK, REGULATOR]) {
    const opened = await open(encoded, institution, dataHash);
    assert.deepEqual(opened.data, sampleData());
    assert.equal(opened.dataHash, dataHash);
    assert.equal(
      commitmentHash(
        committedBytes(opened.salt, new TextEncoder().encode(canonicalJson(opened.data))),
      ),
      dataHash,
    );
  }
  const outsider = await refusedWith(open(encoded, OUTSIDER, dataHash), "not_a_recipient");
  assert.match(
    outsider.message,
    /sg-bank is not a recipient of this envelope \(recipients: hk-bank, hkma, ph-bank\)/,
  );
  // An outsider who claims to be a recipient holds the wrong private key.
  await refusedWith(
    open(encoded, PH_BANK, dataHash, member(OUTSIDER).keys.privateKey),
    "not_a_recipient",
  );
  // Below the name check, the wrap itself does not open with another key.
  const entry = envelope.recipients.find((r) => r.institution === PH_BANK)!;
  const unwrapped = await unwrapContentKey(
    {
      ephemeralKey: base64urlDecode(entry.ephemeralKey)!,
      wrappedKey: base64urlDecode(entry.wrappedKey)!,
    },
    member(OUTSIDER).keys.privateKey,
    { ...envelope, institution: PH_BANK },
  );
  assert.equal(unwrapped, undefined);
});

test("round trip for any valid record and any 1–4 recipients", async () => {
  await fc.assert(
    fc.asyncProperty(
      travelRuleDataArb,
      fc.shuffledSubarray(
        POOL.map((m) => m.institution),
        { minLength: 1, maxLength: 4 },
      ),
      async (data, chosen) => {
        const { encoded, dataHash } = await encryptTravelRule({
          data,
          recipients: recipientsOf(chosen),
          chainId: CHAIN,
          paymentId: PAYMENT,
        });
        for (const { institution } of POOL) {
          if (chosen.includes(institution)) {
            const opened = await open(encoded, institution, dataHash);
            assert.deepEqual(opened.data, JSON.parse(JSON.stringify(data)));
          } else {
            await refusedWith(open(encoded, institution, dataHash), "not_a_recipient");
          }
        }
      },
    ),
    { numRuns: 40 },
  );
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
        for (const institution of [HK_BANK, PH_BANK, REGULATOR]) {
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
    { numRuns: 300 },
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

test("tampering with the ciphertext, a wrapped key, the additional data or the recipients fails", async () => {
  const cases: Array<[string, (e: any) => void]> = [
    ["ciphertext", (e) => (e.ciphertext = flipLastByte(e.ciphertext))],
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
        ([e.recipients[0].ephemeralKey, e.recipients[1].ephemeralKey] = [
          e.recipients[1].ephemeralKey,
          e.recipients[0].ephemeralKey,
        ]),
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
    await refusedWith(open(text, PH_BANK, dataHash), "decrypt_failed").catch((error) =>
      assert.fail(`${name}: ${error}`),
    );
  }
});

test("the chain id and payment id are bound: moving an envelope to another payment fails", async () => {
  const { text, dataHash } = await tampered((e) => (e.paymentId = "another:payment"));
  await refusedWith(open(text, PH_BANK, dataHash), "payment_mismatch");
  const moved = decryptTravelRule({
    envelope: text,
    institution: PH_BANK,
    privateKey: member(PH_BANK).keys.privateKey,
    payment: { chainId: CHAIN, paymentId: "another:payment", dataHash },
  });
  await refusedWith(moved, "decrypt_failed");
  const otherChain = await tampered((e) => (e.chainId = "tongbao-mainnet"));
  const onOtherChain = decryptTravelRule({
    envelope: otherChain.text,
    institution: PH_BANK,
    privateKey: member(PH_BANK).keys.privateKey,
    payment: { chainId: "tongbao-mainnet", paymentId: PAYMENT, dataHash: otherChain.dataHash },
  });
  await refusedWith(onOtherChain, "decrypt_failed");
});

test("a hash that differs from the ledger's is reported", async () => {
  const { encoded, dataHash } = await sample();
  const other = ((dataHash[0] === "f" ? "0" : "f") + dataHash.slice(1)) as Hash;
  const error = await refusedWith(open(encoded, PH_BANK, other), "hash_mismatch");
  assert.deepEqual(error.details, { expected: other, actual: dataHash });
});

test("a sender whose data does not match its hash is caught", async () => {
  const honest = committedBytes(
    new Uint8Array(32),
    new TextEncoder().encode(canonicalJson(sampleData())),
  );
  const claimed = commitmentHash(
    committedBytes(new Uint8Array(32).fill(1), new TextEncoder().encode("{}")),
  );
  const { encoded } = await sealCommitted({
    committed: honest,
    dataHash: claimed,
    recipients: recipientsOf([HK_BANK, PH_BANK]),
    chainId: CHAIN,
    paymentId: PAYMENT,
  });
  const error = await refusedWith(open(encoded, PH_BANK, claimed), "hash_mismatch");
  assert.match(error.message, /refuse it and report the sender/);
});

test("encryption refuses bad data, recipients and payment ids with what to fix", async () => {
  const data = sampleData();
  const base = { data, recipients: recipientsOf([HK_BANK]), chainId: CHAIN, paymentId: PAYMENT };
  const invalid = await refusedWith(
    encryptTravelRule({ ...base, data: { ...data, originator: undefined } as any }),
    "invalid_data",
  );
  assert.equal(invalid.details.problems?.[0]?.path, "originator");
  await refusedWith(encryptTravelRule({ ...base, recipients: [] }), "invalid_recipients");
  await refusedWith(
    encryptTravelRule({ ...base, recipients: recipientsOf([HK_BANK, HK_BANK]) }),
    "invalid_recipients",
  );
  await refusedWith(
    encryptTravelRule({
      ...base,
      recipients: [{ institution: HK_BANK, publicKey: new Uint8Array(32) }],
    }),
    "invalid_recipients",
  );
  await refusedWith(
    encryptTravelRule({
      ...base,
      recipients: [
        { institution: "HK" as InstitutionId, publicKey: member(HK_BANK).keys.publicKey },
      ],
    }),
    "invalid_recipients",
  );
  await refusedWith(encryptTravelRule({ ...base, paymentId: "has space" }), "invalid_payment");
  await refusedWith(encryptTravelRule({ ...base, chainId: "" }), "invalid_payment");
});

test("envelopes in another form, version or suite are refused before any decryption", async () => {
  const { encoded, dataHash } = await sample();
  const pretty = JSON.stringify(JSON.parse(encoded), null, 2);
  await refusedWith(open(pretty, PH_BANK, dataHash), "malformed_envelope");
  const v2 = await tampered((e) => (e.version = 2));
  await refusedWith(open(v2.text, PH_BANK, dataHash), "unsupported_envelope");
  const sm = await tampered((e) => (e.suite = "sm2-sm3-sm4"));
  await refusedWith(open(sm.text, PH_BANK, dataHash), "unsupported_envelope");
  const unsorted = await tampered((e) => e.recipients.reverse());
  await refusedWith(open(unsorted.text, PH_BANK, dataHash), "malformed_envelope");
  const extra = await tampered((e) => (e.note = "hi"));
  await refusedWith(open(extra.text, PH_BANK, dataHash), "malformed_envelope");
  await refusedWith(open("x".repeat(70_000), PH_BANK, dataHash), "malformed_envelope");
});
