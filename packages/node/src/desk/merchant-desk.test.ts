// Goal: an institution signs QR codes only for its own, unfrozen merchants who asked (the account
// key's proof, a recent request time), always with the name it knows rather than one the request
// could bring; a dynamic code carries a fresh reference and an expiry within bounds, and verifies
// against the institution's key as served by GET /v1/institutions, while a changed amount does
// not; a static code has neither; registrations survive a restart through the register file, and
// a late or replayed registration cannot undo a newer one.
// Method: the API tests' single-validator chain (real ledger and LedgerServices), the real
// institution signer, merchants' requests signed with their test keys as a wallet signs them,
// codes checked with @tongbao/emvqr's verifier.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MERCHANT_CODE_PROOF_PURPOSE,
  MERCHANT_PROFILE_PROOF_PURPOSE,
  ServiceError,
  merchantCodeProofPayload,
  merchantProfileProofPayload,
  type MerchantCodeBody,
  type RegisterMerchantBody,
} from "@tongbao/api";
import { KeyType, sign } from "@tongbao/crypto";
import { crcHex, verifyTongbaoCode } from "@tongbao/emvqr";
import { encodeSignedTransaction } from "@tongbao/ledger";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import { TestChain, keys, type TestKey } from "../../../api/test/chain.ts";
import { CHAIN_ID, signingKey } from "../../../mempool/test/helpers.ts";
import { testGenesis } from "../../../ledger/test/fixtures.ts";
import { InstitutionDesk } from "./institution-desk.ts";
import { InstitutionSigner } from "./institution-signer.ts";
import { MerchantRegister, type MerchantProfile } from "./merchant-register.ts";

const TEA_HOUSE: MerchantProfile = {
  account: keys.merchant.account,
  name: "TEA HOUSE",
  city: "HONG KONG",
  mcc: "5812",
  alternateLanguage: { language: "ZH", name: "茶館" },
};

function deskOf(chain: TestChain, merchants = MerchantRegister.inMemory([TEA_HOUSE])) {
  let references = 0;
  return new InstitutionDesk(
    {},
    {
      signer: InstitutionSigner.fromGenesis(testGenesis(), signingKey(keys.hkBank)),
      services: chain.services,
      genesis: testGenesis(),
      nowMs: () => chain.nowMs,
      merchants,
      newReference: () => `REF-${++references}`,
    },
  );
}

const iso = (ms: number) => new Date(ms).toISOString();

function codeRequest(
  chain: TestChain,
  who: TestKey,
  fields: Partial<Omit<MerchantCodeBody, "proof">> = {},
  institution = "hk-bank",
): MerchantCodeBody {
  const request = {
    account: who.account,
    currency: "HKD",
    requestedAt: iso(chain.nowMs),
    ...fields,
  };
  const proof = sign(signingKey(who), {
    chainId: CHAIN_ID,
    purpose: MERCHANT_CODE_PROOF_PURPOSE,
    payload: merchantCodeProofPayload(request, institution),
  });
  return { ...request, proof: bytesToHex(proof) };
}

function registration(
  chain: TestChain,
  who: TestKey,
  fields: Partial<Omit<RegisterMerchantBody, "proof">> = {},
): RegisterMerchantBody {
  const request = {
    account: who.account,
    name: "Alice's Noodles",
    city: "KOWLOON",
    mcc: "5814",
    requestedAt: iso(chain.nowMs),
    ...fields,
  };
  const proof = sign(signingKey(who), {
    chainId: CHAIN_ID,
    purpose: MERCHANT_PROFILE_PROOF_PURPOSE,
    payload: merchantProfileProofPayload(request, "hk-bank"),
  });
  return { ...request, proof: bytesToHex(proof) };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<ServiceError> {
  let caught: unknown;
  await promise.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof ServiceError, `expected ServiceError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

/** The institution's key as a wallet reads it from GET /v1/institutions. */
async function institutionKey(chain: TestChain, id: string) {
  const { institutions } = await chain.services.institutions();
  const entry = institutions.find((i) => i.id === id)!;
  return {
    keyType: entry.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519,
    publicKey: hexToBytes(entry.publicKey),
  };
}

test("the institutions' directory lists each member with its roles and key", async () => {
  const chain = new TestChain();
  const { institutions } = await chain.services.institutions();
  assert.deepEqual(
    institutions.map((i) => [i.id, i.roles.join("+")]),
    [
      ["fx-desk", "validator+liquidity_provider"],
      ["hk-bank", "validator+issuer"],
      ["ph-bank", "validator+issuer"],
      ["regulator", "regulator"],
    ],
  );
  const hk = institutions.find((i) => i.id === "hk-bank")!;
  assert.equal(hk.publicKey, bytesToHex(keys.hkBank.publicKey));
  assert.equal(hk.account, keys.hkBank.account);
  assert.equal(hk.keyType, "ed25519");
});

test("a dynamic code: the institution's name for the merchant, a fresh reference, signed", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain);
  const code = await desk.createMerchantCode(
    codeRequest(chain, keys.merchant, { amount: "12.5", expiresInMs: 120_000 }),
  );
  assert.equal(code.kind, "dynamic");
  assert.deepEqual(code.amount, { amount: "12.50", currency: "HKD" });
  assert.equal(code.reference, "REF-1");
  assert.equal(code.expiresAtMs, chain.nowMs + 120_000);
  assert.equal(code.expiresAt, iso(chain.nowMs + 120_000));
  assert.equal(code.merchant.name, "TEA HOUSE");
  const key = await institutionKey(chain, "hk-bank");
  const verified = verifyTongbaoCode(code.payload, {
    chainId: CHAIN_ID,
    ...key,
    nowMs: chain.nowMs,
  });
  assert.ok(verified.ok, verified.ok ? "" : verified.error.message);
  assert.equal(verified.value.merchantName, "TEA HOUSE");
  assert.equal(verified.value.institution, "hk-bank");
  assert.equal(verified.value.account, keys.merchant.account);
  assert.equal(verified.value.ledgerReference, code.ledgerReference);
  assert.equal(verified.value.amount, "12.50");

  // The next sale gets the next reference; a changed amount (CRC recomputed) fails the signature.
  const next = await desk.createMerchantCode(codeRequest(chain, keys.merchant, { amount: "3" }));
  assert.equal(next.reference, "REF-2");
  assert.equal(next.expiresAtMs, chain.nowMs + 15 * 60_000, "15 minutes unless asked");
  const changed = code.payload.replace("540512.50", "540599.50").slice(0, -4);
  const forged = changed + crcHex(changed);
  const refused = verifyTongbaoCode(forged, { chainId: CHAIN_ID, ...key, nowMs: chain.nowMs });
  assert.equal(refused.ok ? "ok" : refused.error.code, "signature_wrong");
  // After its expiry the same code is refused.
  const late = verifyTongbaoCode(code.payload, {
    chainId: CHAIN_ID,
    ...key,
    nowMs: code.expiresAtMs! + 1,
  });
  assert.equal(late.ok ? "ok" : late.error.code, "expired");
});

test("a static code has no amount, reference or expiry", async () => {
  const chain = new TestChain();
  const code = await deskOf(chain).createMerchantCode(codeRequest(chain, keys.merchant));
  assert.equal(code.kind, "static");
  assert.equal(code.amount, undefined);
  assert.equal(code.reference, undefined);
  assert.equal(code.expiresAtMs, undefined);
  const verified = verifyTongbaoCode(code.payload, {
    chainId: CHAIN_ID,
    ...(await institutionKey(chain, "hk-bank")),
    nowMs: chain.nowMs + 365 * 86_400_000,
  });
  assert.ok(verified.ok && verified.value.kind === "static");
});

test("refused: bad proofs, stale times, other institutions' and frozen accounts, unknown merchants", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain);
  const good = codeRequest(chain, keys.merchant, { amount: "1.00" });
  await rejectsWith(desk.createMerchantCode({ ...good, proof: "00".repeat(64) }), "proof_invalid");
  // Signed by another key, or for another desk.
  const bob = codeRequest(chain, keys.bob, { amount: "1.00" });
  await rejectsWith(
    desk.createMerchantCode({ ...bob, account: keys.merchant.account }),
    "proof_invalid",
  );
  await rejectsWith(
    desk.createMerchantCode(codeRequest(chain, keys.merchant, { amount: "1.00" }, "ph-bank")),
    "proof_invalid",
  );
  // The amount is signed too: changing it on the way breaks the proof.
  await rejectsWith(desk.createMerchantCode({ ...good, amount: "100.00" }), "proof_invalid");
  const stale = await rejectsWith(
    desk.createMerchantCode(
      codeRequest(chain, keys.merchant, { requestedAt: iso(chain.nowMs - 6 * 60_000) }),
    ),
    "request_stale",
  );
  assert.match(stale.message, /360 s behind the desk's clock/);
  await rejectsWith(
    desk.createMerchantCode(codeRequest(chain, keys.carol)),
    "account_other_institution",
  );
  await rejectsWith(
    desk.createMerchantCode(codeRequest(chain, keys.bob)),
    "merchant_not_registered",
  );
  const nobody = { ...keys.alice, account: "ab".repeat(20) } as TestKey;
  await rejectsWith(desk.createMerchantCode(codeRequest(chain, nobody)), "account_not_found");
  await rejectsWith(
    desk.createMerchantCode(codeRequest(chain, keys.merchant, { currency: "USD" })),
    "currency_not_found",
  );
  for (const fields of [
    { amount: "1.001" },
    { amount: "0.00" },
    { amount: "123456789012.00" }, // longer than EMV's 13 characters
    { expiresInMs: 60_000 }, // a static code never expires
  ]) {
    await rejectsWith(
      desk.createMerchantCode(codeRequest(chain, keys.merchant, fields)),
      "invalid_request",
    );
  }

  await chain.services.submitTransactions([
    encodeSignedTransaction(
      chain.sign(keys.hkBank, [
        { kind: "set_frozen", account: keys.merchant.account, frozen: true },
      ]),
    ),
  ]);
  chain.produceBlock();
  await rejectsWith(
    desk.createMerchantCode(codeRequest(chain, keys.merchant, { amount: "1.00" })),
    "account_frozen",
  );
});

test("a merchant registers its profile; it is kept in the register file and read back", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-merchants-"));
  try {
    const file = join(dir, "merchants.json");
    const chain = new TestChain();
    const desk = deskOf(chain, await MerchantRegister.open(file));
    await rejectsWith(desk.merchantProfile(keys.alice.account), "merchant_not_registered");
    const first = registration(chain, keys.alice);
    const profile = await desk.registerMerchant(first);
    assert.deepEqual(profile, {
      account: keys.alice.account,
      institution: "hk-bank",
      name: "Alice's Noodles",
      city: "KOWLOON",
      mcc: "5814",
      updatedAt: first.requestedAt,
    });
    assert.match(await readFile(file, "utf8"), /"Alice's Noodles"/);

    const restarted = deskOf(chain, await MerchantRegister.open(file));
    assert.deepEqual(await restarted.merchantProfile(keys.alice.account), profile);
    const code = await restarted.createMerchantCode(
      codeRequest(chain, keys.alice, { amount: "8" }),
    );
    assert.equal(code.merchant.name, "Alice's Noodles");

    // A newer registration replaces it; the older request, replayed, cannot bring it back.
    chain.nowMs += 1_000;
    await restarted.registerMerchant(registration(chain, keys.alice, { name: "NOODLE BAR" }));
    await rejectsWith(restarted.registerMerchant(first), "request_stale");
    assert.equal((await restarted.merchantProfile(keys.alice.account)).name, "NOODLE BAR");

    // What a code cannot carry is refused with the rule it breaks.
    const long = await rejectsWith(
      restarted.registerMerchant(registration(chain, keys.alice, { city: "x".repeat(16) })),
      "invalid_request",
    );
    assert.match(long.message, /60 \(merchant city\)/);
    await rejectsWith(
      restarted.registerMerchant(registration(chain, keys.carol)),
      "account_other_institution",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a register file that is not valid is refused at start, naming the entry", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-merchants-"));
  try {
    const file = join(dir, "merchants.json");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, JSON.stringify({ version: 1, merchants: [{ ...TEA_HOUSE, mcc: "58" }] }));
    await assert.rejects(
      MerchantRegister.open(file),
      /merchants\[0\]: .*52 \(merchant category code\)/,
    );
    await writeFile(file, JSON.stringify({ version: 1, merchants: [TEA_HOUSE, TEA_HOUSE] }));
    await assert.rejects(MerchantRegister.open(file), /listed twice/);
    await writeFile(file, "{");
    await assert.rejects(MerchantRegister.open(file), /is not JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
