// Goal: inclusion proofs prove exactly what they claim. Every account's leaf verifies under the
// state root a block header carries and decodes to that account's balances; every remembered
// payment's leaf verifies and decodes to its payer, amount and refunds; every receipt verifies
// under its block's receipts root; any tampering, or another root, fails.
// Method: random histories; after each block every account, payment and receipt is proved and
// verified, then each proof is altered in one place (a leaf byte, a sibling byte, the slot,
// the other roots, the receipt's code or index) and must no longer verify.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { equalBytes } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import {
  NO_OPERATION,
  RECEIPTS_PER_CHUNK,
  ResultCode,
  applyBlock,
  decodeAccountLeaf,
  decodePaymentLeaf,
  proveAccount,
  provePayment,
  proveReceipt,
  verifyAccountProof,
  verifyPaymentProof,
  verifyReceiptProof,
  type AccountProof,
  type PaymentProof,
  type BlockExecution,
  type LedgerState,
  type Receipt,
} from "./index.ts";
import { TestLedger } from "../test/fixtures.ts";
import {
  HistoryGenerator,
  UNKNOWN_ACCOUNTS,
  fromGen,
  type RandomSource,
} from "../test/random-history.ts";

/** A copy of `bytes` with one byte changed (never to its old value). */
function flipped(bytes: Uint8Array, rng: RandomSource): Uint8Array {
  const copy = bytes.slice();
  const at = rng.int(copy.length);
  copy[at] = copy[at]! ^ (1 + rng.int(255));
  return copy;
}

function checkAccountProofs(
  state: LedgerState,
  execution: BlockExecution,
  previousRoot: Uint8Array,
  rng: RandomSource,
): void {
  for (const account of state.accounts.values()) {
    const where = `height ${execution.height}, account ${account.id}`;
    const proof = proveAccount(state, account.id)!;
    assert.ok(verifyAccountProof(execution.stateRoot, proof), `${where}: proof does not verify`);

    const leaf = decodeAccountLeaf(proof.leaf);
    assert.equal(leaf.id, account.id);
    assert.equal(leaf.institution, account.institution);
    assert.equal(leaf.frozen, account.frozen);
    assert.equal(leaf.kycTier, account.kycTier);
    assert.deepEqual(
      new Map(leaf.balances.map((b) => [b.currency, b.amount])),
      new Map(account.balances),
      `${where}: the leaf's balances are not the account's`,
    );

    const tampered: Array<[string, AccountProof]> = [
      ["leaf byte", { ...proof, leaf: flipped(proof.leaf, rng) }],
      ["pendings root", { ...proof, pendingsRoot: flipped(proof.pendingsRoot, rng) }],
      ["registry hash", { ...proof, registryHash: flipped(proof.registryHash, rng) }],
      ["payments root", { ...proof, paymentsRoot: flipped(proof.paymentsRoot, rng) }],
      ["requests root", { ...proof, requestsRoot: flipped(proof.requestsRoot, rng) }],
      ["slot", { ...proof, proof: { ...proof.proof, slot: proof.proof.slot ^ 1 } }],
      ["count", { ...proof, proof: { ...proof.proof, count: proof.proof.count + 1 } }],
    ];
    const siblings = proof.proof.siblings;
    if (siblings.length > 0) {
      const at = rng.int(siblings.length);
      const changed = siblings.map((s, i) => (i === at ? flipped(s, rng) : s));
      tampered.push(["sibling", { ...proof, proof: { ...proof.proof, siblings: changed } }]);
      tampered.push([
        "sibling dropped",
        { ...proof, proof: { ...proof.proof, siblings: siblings.slice(1) } },
      ]);
    }
    for (const [what, bad] of tampered) {
      assert.equal(verifyAccountProof(execution.stateRoot, bad), false, `${where}: ${what}`);
    }
    if (!equalBytes(previousRoot, execution.stateRoot)) {
      assert.equal(verifyAccountProof(previousRoot, proof), false, `${where}: other root`);
    }
  }
  for (const stranger of UNKNOWN_ACCOUNTS) assert.equal(proveAccount(state, stranger), undefined);
}

function checkPaymentProofs(
  state: LedgerState,
  execution: BlockExecution,
  rng: RandomSource,
): number {
  let proved = 0;
  for (const record of state.payments.table.values()) {
    const where = `height ${execution.height}, payment ${record.payee}/${record.reference}`;
    const proof = provePayment(state, record.payee, record.reference)!;
    assert.ok(verifyPaymentProof(execution.stateRoot, proof), `${where}: proof does not verify`);
    const { slot: _slot, ...facts } = record;
    assert.deepEqual(decodePaymentLeaf(proof.leaf), facts, `${where}: the leaf is not the record`);
    const tampered: Array<[string, PaymentProof]> = [
      ["leaf byte", { ...proof, leaf: flipped(proof.leaf, rng) }],
      ["accounts root", { ...proof, accountsRoot: flipped(proof.accountsRoot, rng) }],
      ["requests root", { ...proof, requestsRoot: flipped(proof.requestsRoot, rng) }],
      ["count", { ...proof, proof: { ...proof.proof, count: proof.proof.count + 1 } }],
    ];
    for (const [what, bad] of tampered) {
      assert.equal(verifyPaymentProof(execution.stateRoot, bad), false, `${where}: ${what}`);
    }
    // A payment proof is no account proof, though both are slot-tree paths under one root.
    const asAccount = { ...proof, paymentsRoot: proof.accountsRoot };
    assert.equal(verifyAccountProof(execution.stateRoot, asAccount), false, where);
    proved++;
  }
  return proved;
}

function checkReceiptProofs(execution: BlockExecution, rng: RandomSource): void {
  const { receipts, receiptsRoot } = execution;
  receipts.forEach((receipt, index) => {
    const where = `height ${execution.height}, receipt ${index}`;
    const proof = proveReceipt(receipts, index);
    assert.ok(verifyReceiptProof(receiptsRoot, receipt, proof), `${where}: does not verify`);

    const otherCode =
      receipt.code === ResultCode.ok ? ResultCode.insufficient_funds : ResultCode.ok;
    const forged: Array<[string, Receipt]> = [
      ["code", { ...receipt, code: otherCode }],
      [
        "operation index",
        { ...receipt, operationIndex: receipt.operationIndex === NO_OPERATION ? 0 : NO_OPERATION },
      ],
      [
        "hash",
        {
          ...receipt,
          hash: (receipt.hash.slice(0, 63) +
            (receipt.hash.endsWith("0") ? "1" : "0")) as Receipt["hash"],
        },
      ],
    ];
    for (const [what, bad] of forged) {
      assert.equal(verifyReceiptProof(receiptsRoot, bad, proof), false, `${where}: forged ${what}`);
    }
    if (proof.path.siblings.length > 0) {
      const at = rng.int(proof.path.siblings.length);
      const siblings = proof.path.siblings.map((s, i) => (i === at ? flipped(s, rng) : s));
      assert.equal(
        verifyReceiptProof(receiptsRoot, receipt, { ...proof, path: { ...proof.path, siblings } }),
        false,
        `${where}: tampered sibling`,
      );
    }
    // A receipt of the same chunk changed: the chunk no longer hashes to the proven leaf.
    if (proof.chunk.length > 1) {
      const position = proof.index % RECEIPTS_PER_CHUNK;
      const other = (position + 1) % proof.chunk.length;
      const chunk = proof.chunk.map((r, i) =>
        i === other ? { ...r, code: (r.code === 0 ? 201 : 0) as Receipt["code"] } : r,
      );
      assert.equal(
        verifyReceiptProof(receiptsRoot, receipt, { ...proof, chunk }),
        false,
        `${where}: tampered chunk`,
      );
    }
    // The proof of one position does not prove a receipt that sits at another.
    if (receipts.length > 1) {
      const other = (index + 1 + rng.int(receipts.length - 1)) % receipts.length;
      assert.equal(verifyReceiptProof(receiptsRoot, receipts[other]!, proof), false, where);
      assert.equal(
        verifyReceiptProof(receiptsRoot, receipt, { ...proof, index: other }),
        false,
        `${where}: moved to index ${other}`,
      );
    }
  });
}

test("account, payment and receipt proofs verify, decode, and fail once tampered", () => {
  let accountsProved = 0;
  let paymentsProved = 0;
  let receiptsProved = 0;
  fc.assert(
    fc.property(fc.limitShrink(fc.gen(), 40), (g) => {
      const rng = fromGen(g);
      const ledger = new TestLedger();
      const generator = new HistoryGenerator(rng, { notIncludable: false, txsPerBlockMax: 8 });
      let previousRoot: Uint8Array = new Uint8Array(32);
      const blocks = 1 + rng.int(10);
      for (let b = 0; b < blocks; b++) {
        const timestampMs = ledger.nowMs + generator.advanceMs();
        const txs = generator.block(ledger.state, timestampMs);
        const execution = applyBlock(ledger.state, txs, {
          height: ledger.state.height + 1,
          timestampMs,
        });
        ledger.nowMs = timestampMs;
        generator.committed(txs);
        checkAccountProofs(ledger.state, execution, previousRoot, rng);
        checkReceiptProofs(execution, rng);
        paymentsProved += checkPaymentProofs(ledger.state, execution, rng);
        accountsProved += ledger.state.accounts.size;
        receiptsProved += execution.receipts.length;
        previousRoot = execution.stateRoot;
      }
    }),
    { numRuns: 60 },
  );
  assert.ok(accountsProved > 0 && receiptsProved > 0 && paymentsProved > 0);
});

test("a proof is for one account: it does not verify another account's leaf", () => {
  const ledger = new TestLedger();
  const ids = [...ledger.state.accounts.keys()];
  const root = ledger.block([]).stateRoot;
  for (const id of ids) {
    const proof = proveAccount(ledger.state, id)!;
    for (const other of ids) {
      if (other === id) continue;
      const otherLeaf = proveAccount(ledger.state, other as AccountId)!.leaf;
      assert.equal(verifyAccountProof(root, { ...proof, leaf: otherLeaf }), false);
    }
  }
});
