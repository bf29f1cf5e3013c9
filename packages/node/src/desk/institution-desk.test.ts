// Goal: the desk opens accounts only for keys whose holders prove them, and exactly once: the
// account exists (funded by issuing, or by a transfer from the institution's own account, or
// unfunded when the institution has too little) once the institution's transaction commits;
// asking again while it is on its way answers the same hash, and afterwards account_exists; bad
// proofs, wrong key lengths and invalid curve points change nothing. The institution signer
// refuses a key no genesis institution has.
// Method: the API tests' single-validator chain (real ledger, mempool and LedgerServices); keys
// of wallets made with @noble/curves as a browser makes them; blocks produced by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import {
  OPEN_ACCOUNT_PROOF_PURPOSE,
  ServiceError,
  openAccountProofPayload,
  type OpenAccountBody,
} from "@tongbao/api";
import { signingMessage } from "@tongbao/codec";
import { encodeSignedTransaction } from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import { TestChain, keys, type TestKey } from "../../../api/test/chain.ts";
import { CHAIN_ID, signingKey, transfer } from "../../../mempool/test/helpers.ts";
import { testGenesis } from "../../../ledger/test/fixtures.ts";
import { InstitutionDesk } from "./institution-desk.ts";
import { InstitutionSigner } from "./institution-signer.ts";

function deskOf(
  chain: TestChain,
  institution: TestKey,
  demoFunds?: { amount: string; currency: string },
) {
  const genesis = testGenesis();
  return new InstitutionDesk(demoFunds === undefined ? {} : { demoFunds }, {
    signer: InstitutionSigner.fromGenesis(genesis, signingKey(institution)),
    services: chain.services,
    genesis,
    nowMs: () => chain.nowMs,
  });
}

/** A wallet's request, signed as the browser signs it. */
function request(institution: string, type: "ed25519" | "p256" = "ed25519"): OpenAccountBody {
  const secret =
    type === "ed25519" ? ed25519.utils.randomSecretKey() : p256.utils.randomSecretKey();
  const publicKey = bytesToHex(
    type === "ed25519" ? ed25519.getPublicKey(secret) : p256.getPublicKey(secret, true),
  );
  const message = signingMessage({
    chainId: CHAIN_ID,
    purpose: OPEN_ACCOUNT_PROOF_PURPOSE,
    payload: openAccountProofPayload({ keyType: type, publicKey, institution }),
  });
  const proof = type === "ed25519" ? ed25519.sign(message, secret) : p256.sign(message, secret);
  return { keyType: type, publicKey, proof: bytesToHex(proof), name: "Wong Siu Ming" };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<ServiceError> {
  let caught: unknown;
  await promise.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof ServiceError, `expected ServiceError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}

test("an issuer's desk opens and funds an account once; repeats answer the same, then account_exists", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain, keys.hkBank, { amount: "1000", currency: "HKD" });
  assert.deepEqual(desk.info(), {
    institution: "hk-bank",
    name: "Hong Kong Bank",
    kycTier: 1,
    demoFunds: { amount: "1000.00", currency: "HKD" },
  });
  for (const type of ["ed25519", "p256"] as const) {
    const body = request("hk-bank", type);
    const opened = await desk.openAccount(body);
    assert.equal(opened.status, "accepted");
    assert.deepEqual(opened.funding, { amount: "1000.00", currency: "HKD" });
    assert.match(opened.message, /for Wong Siu Ming/);
    assert.deepEqual(await desk.openAccount(body), opened, "a repeat answers the same");
    assert.equal(await chain.services.account(opened.account), undefined, "not before the block");

    chain.produceBlock();
    const committed = await chain.services.transaction(opened.hash);
    assert.ok(committed.status === "committed" && committed.codeName === "ok");
    const account = await chain.services.account(opened.account);
    assert.equal(account?.institution, "hk-bank");
    assert.equal(account?.kycTier, 1);
    assert.equal(account?.keyType, type);
    assert.deepEqual(account?.balances, [{ amount: "1000.00", currency: "HKD" }]);
  }
});

test("a desk that does not issue the currency pays from its own account, or opens unfunded", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain, keys.fxDesk, { amount: "25.00", currency: "HKD" });
  const unfunded = await desk.openAccount(request("fx-desk"));
  assert.equal(unfunded.funding, undefined);
  assert.match(unfunded.message, /too little HKD/);
  // The FX desk receives 30.00 HKD: enough for one funded opening, not two.
  await chain.services.submitTransactions([
    encodeSignedTransaction(chain.sign(keys.hkBank, [transfer(keys.fxDesk.account, 30_00n)])),
  ]);
  chain.produceBlock();
  const funded = await desk.openAccount(request("fx-desk"));
  assert.deepEqual(funded.funding, { amount: "25.00", currency: "HKD" });
  chain.produceBlock();
  const account = await chain.services.account(funded.account);
  assert.deepEqual(account?.balances, [{ amount: "25.00", currency: "HKD" }]);
  assert.ok((await chain.services.account(unfunded.account)) !== undefined);
  const own = await chain.services.account(keys.fxDesk.account);
  assert.deepEqual(own?.balances, [{ amount: "5.00", currency: "HKD" }]);
  assert.equal((await desk.openAccount(request("fx-desk"))).funding, undefined);
});

test("bad proofs, wrong lengths and invalid points are refused and change nothing", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain, keys.hkBank);
  const before = chain.fingerprint();
  const good = request("hk-bank");
  await rejectsWith(desk.openAccount({ ...good, proof: "00".repeat(64) }), "proof_invalid");
  // A proof made for another institution's desk is not one for this desk.
  await rejectsWith(desk.openAccount(request("ph-bank")), "proof_invalid");
  await rejectsWith(
    desk.openAccount({ ...good, publicKey: request("hk-bank").publicKey }),
    "proof_invalid",
  );
  // 02 followed by x = p − 1 … not on the curve; OpenSSL refuses the point.
  await rejectsWith(
    desk.openAccount({ ...good, keyType: "p256", publicKey: "02" + "ff".repeat(32) }),
    "proof_invalid",
  );
  const length = await rejectsWith(
    desk.openAccount({ ...good, publicKey: "02" + good.publicKey }),
    "invalid_request",
  );
  assert.match(length.message, /ed25519 key is 32 bytes/);
  assert.equal(chain.fingerprint(), before);
});

test("a key that already has an account is told so, with the account", async () => {
  const chain = new TestChain();
  const desk = deskOf(chain, keys.hkBank);
  const body = request("hk-bank");
  const opened = await desk.openAccount(body);
  chain.produceBlock();
  // A desk that has forgotten the opening (a restart) still never opens twice.
  const fresh = deskOf(chain, keys.hkBank);
  const exists = await rejectsWith(fresh.openAccount(body), "account_exists");
  assert.equal(exists.details["account"], opened.account);
});

test("the institution signer is only for a key of the chain's institutions", () => {
  assert.throws(
    () => InstitutionSigner.fromGenesis(testGenesis(), signingKey(keys.alice)),
    /no institution of tongbao-test has the public key/,
  );
  const signer = InstitutionSigner.fromGenesis(testGenesis(), signingKey(keys.phBank));
  assert.deepEqual(signer.institution.issues, ["PHP"]);
  assert.equal(signer.institution.accountId, keys.phBank.account);
  assert.throws(() => signer.signPayload("tx", new Uint8Array(1)), /signTransaction/);
  assert.equal(signer.signPayload("qr", new Uint8Array([1, 2])).length, 64);
});

test("demo funds in a currency the chain lacks are refused when the desk is made", () => {
  const chain = new TestChain();
  assert.throws(
    () => deskOf(chain, keys.hkBank, { amount: "1", currency: "USD" }),
    /no currency USD/,
  );
  assert.throws(
    () => deskOf(chain, keys.hkBank, { amount: "1.001", currency: "HKD" }),
    /3 digits after the point/,
  );
});
