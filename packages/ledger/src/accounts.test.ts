// Goal: accounts are opened only by institutions, frozen only by their institution or a
// regulator, and a frozen account neither sends nor receives.
// Method: one block per case on the test genesis; check codes, state and invariants.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, CurrencyCode } from "@tongbao/types";
import { KeyType, ResultCode, checkInvariants, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx, testKey } from "../test/fixtures.ts";

const open = (name: string, kycTier = 1): Operation => ({
  kind: "open_account",
  keyType: KeyType.Ed25519,
  publicKey: testKey(name).publicKey,
  kycTier,
});

test("an institution opens an account for a customer, bound to the customer's key", () => {
  const ledger = new TestLedger();
  const dave = testKey("dave");
  const { receipts } = ledger.block([makeTx(keys.phBank, [open("dave", 2)])]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  const account = ledger.state.accounts.get(dave.account)!;
  assert.equal(account.institution, "ph-bank");
  assert.equal(account.kycTier, 2);
  assert.equal(account.frozen, false);
  // The new account can sign at once in the next block.
  const pay = makeTx(dave, [
    {
      kind: "transfer",
      to: keys.alice.account,
      currency: "PHP" as CurrencyCode,
      amount: 1n as Amount,
    },
  ]);
  assert.equal(ledger.block([pay]).receipts[0]!.code, ResultCode.insufficient_funds);
});

test("a customer cannot open accounts, and an account cannot be opened twice", () => {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.alice, [open("eve")]),
    makeTx(keys.hkBank, [open("alice")]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.not_an_institution, ResultCode.account_already_exists],
  );
});

test("a KYC tier above 3 and a P-256 key that is not a compressed point are malformed", () => {
  const ledger = new TestLedger();
  for (const op of [
    open("frank", 4),
    {
      kind: "open_account",
      keyType: KeyType.P256,
      publicKey: new Uint8Array(33).fill(4),
      kycTier: 0,
    } as Operation,
  ]) {
    const result = ledger.execute([makeTx(keys.hkBank, [op])]);
    assert.equal(result.valid, false);
    if (!result.valid) {
      assert.ok(
        [ResultCode.kyc_tier_invalid, ResultCode.public_key_invalid].includes(result.code!),
      );
    }
  }
});

test("freezing: the account's institution and the regulator may; another institution may not", () => {
  const ledger = new TestLedger();
  const freeze = (account: AccountId, frozen: boolean): Operation => ({
    kind: "set_frozen",
    account,
    frozen,
  });
  const { receipts } = ledger.block([
    makeTx(keys.phBank, [freeze(keys.alice.account, true)]),
    makeTx(keys.hkBank, [freeze(keys.alice.account, true)]),
    makeTx(keys.regulator, [freeze(keys.bob.account, true)]),
    makeTx(keys.merchant, [freeze(keys.bob.account, false)]),
    makeTx(keys.hkBank, [freeze("cd".repeat(20) as AccountId, true)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.not_authorized,
      ResultCode.ok,
      ResultCode.ok,
      ResultCode.not_an_institution,
      ResultCode.account_not_found,
    ],
  );
  assert.equal(ledger.state.accounts.get(keys.alice.account)!.frozen, true);
  assert.equal(ledger.state.accounts.get(keys.bob.account)!.frozen, true);
});

test("a frozen signer's transactions are recorded as failed and change nothing; unfreezing restores", () => {
  const ledger = new TestLedger();
  const pay = () =>
    makeTx(keys.alice, [
      {
        kind: "transfer",
        to: keys.merchant.account,
        currency: "HKD" as CurrencyCode,
        amount: 100n as Amount,
      },
    ]);
  ledger.block([
    makeTx(keys.hkBank, [{ kind: "set_frozen", account: keys.alice.account, frozen: true }]),
  ]);
  assert.equal(ledger.block([pay()]).receipts[0]!.code, ResultCode.signer_frozen);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  ledger.block([
    makeTx(keys.hkBank, [{ kind: "set_frozen", account: keys.alice.account, frozen: false }]),
  ]);
  assert.equal(ledger.block([pay()]).receipts[0]!.code, ResultCode.ok);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 100n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});
