// Goal: `--open-accounts` gives the ledger exactly the accounts asked for, each funded, in as few
// transactions as the operation limit allows, the same ones for the same seed.
// Method: sign openings with the test ledger's HKD issuer and apply them as blocks; count the
// accounts and balances; compare two signings of one seed and of another.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Signer } from "@tongbao/cli";
import { keyPairFromPrivateKey } from "@tongbao/crypto";
import { ResultCode, decodeSignedTransaction } from "@tongbao/ledger";
import { TestLedger, keys } from "../../ledger/test/fixtures.ts";
import {
  ACCOUNTS_PER_OPENING,
  OPEN_ACCOUNTS_MAX,
  signAccountOpenings,
} from "./account-openings.ts";

const issuer = () =>
  new Signer(
    "tongbao-test",
    keyPairFromPrivateKey(keys.hkBank.privateKey.export({ type: "pkcs8", format: "der" })),
  );

test("openings create and fund every account asked for, eight to a transaction", () => {
  const ledger = new TestLedger();
  const before = ledger.state.accounts.size;
  const count = 45;
  const openings = signAccountOpenings(issuer(), {
    count,
    seed: 3,
    currency: "HKD",
    balanceMinor: 100n,
  });
  assert.equal(openings.length, Math.ceil(count / ACCOUNTS_PER_OPENING));
  ledger.nowMs = Date.now();
  const execution = ledger.block(openings.map((o) => decodeSignedTransaction(o.bytes)));
  assert.deepEqual(
    execution.receipts.map((r) => r.code),
    openings.map(() => ResultCode.ok),
  );
  assert.equal(ledger.state.accounts.size, before + count);
  const opened = openings.flatMap((o) =>
    decodeSignedTransaction(o.bytes).tx.operations.flatMap((op) =>
      op.kind === "issue" ? [op.to] : [],
    ),
  );
  assert.equal(new Set(opened).size, count);
  for (const id of opened) assert.equal(ledger.balance(id, "HKD"), 100n);
});

test("the same seed opens the same accounts; another seed, others", () => {
  const keysOf = (seed: number) =>
    signAccountOpenings(issuer(), { count: 16, seed, currency: "HKD", balanceMinor: 1n }).flatMap(
      (o) =>
        decodeSignedTransaction(o.bytes).tx.operations.flatMap((op) =>
          op.kind === "open_account" ? [Buffer.from(op.publicKey).toString("hex")] : [],
        ),
    );
  assert.deepEqual(keysOf(1), keysOf(1));
  assert.notDeepEqual(keysOf(1), keysOf(2));
  assert.equal(keysOf(1).length, 16);
});

test("a count outside 0 to the maximum is refused before signing anything", () => {
  for (const count of [-1, 1.5, OPEN_ACCOUNTS_MAX + 1]) {
    assert.throws(
      () => signAccountOpenings(issuer(), { count, seed: 1, currency: "HKD", balanceMinor: 1n }),
      /accounts to open/,
    );
  }
  assert.deepEqual(
    signAccountOpenings(issuer(), { count: 0, seed: 1, currency: "HKD", balanceMinor: 1n }),
    [],
  );
});
