// Goal: the ledger behind consensus executes each block once, commits exactly the decided
// payload, refuses invalid payloads without changing state, and never verifies a signature twice.
// Method: drive LedgerApplication directly (as the engine would) over a test ledger and a real
// mempool with the crypto verifier; compare state roots and verification counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Mempool } from "@tongbao/mempool";
import { computeStateRoots, encodeSignedTransaction } from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import { TestLedger, keys } from "../../../ledger/test/fixtures.ts";
import { signTx, transfer, withSignature, CHAIN_ID } from "../../../mempool/test/helpers.ts";
import { LedgerApplication, appHashOf, genesisAppHash } from "./ledger-application.ts";
import { CachingTransactionVerifier } from "./transaction-verifier.ts";
import { encodeBlockPayload } from "./block-payload.ts";

function setup() {
  const ledger = new TestLedger();
  const verifier = new CachingTransactionVerifier(CHAIN_ID);
  const mempool = new Mempool(
    { chainId: CHAIN_ID },
    { verifySignature: (s) => verifier.verify(s) },
  );
  const committed: number[] = [];
  const app = new LedgerApplication(
    { maxTxsPerBlock: 1000, maxPayloadBytes: 1 << 20 },
    {
      state: ledger.state,
      source: mempool,
      verifier,
      onCommitted: ({ execution }) => committed.push(execution.height),
    },
  );
  return { ledger, verifier, mempool, app, committed };
}

const parent = undefined as never;
const at = (height: number, timestampMs: number) => ({
  height: height as Height,
  round: 0 as Round,
  timestampMs: timestampMs as TimestampMs,
  parent,
});
const root = (s: TestLedger) => bytesToHex(computeStateRoots(s.state).stateRoot);

test("propose, verify and finalize execute a block once and commit it", () => {
  const { ledger, verifier, mempool, app, committed } = setup();
  const now = ledger.nowMs + 1000;
  const view = { state: ledger.state, nowMs: ledger.nowMs };
  assert.equal(
    mempool.admit(
      encodeSignedTransaction(signTx(keys.alice, [transfer(keys.bob.account, 100n)])),
      view,
    ).status,
    "accepted",
  );
  assert.equal(verifier.verifications, 1);
  const payload = app.proposeBlock(at(1, now));
  assert.equal(app.verifyBlock({ ...at(1, now), payload }), true);
  const appHash = app.finalizeBlock({
    height: 1 as Height,
    blockId: new Uint8Array(32),
    header: { timestampMs: now } as never,
    payload,
    certificate: undefined as never,
  });
  assert.equal(ledger.state.height, 1);
  assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n + 100n);
  assert.deepEqual(committed, [1]);
  const roots = computeStateRoots(ledger.state);
  assert.notEqual(bytesToHex(appHash), bytesToHex(genesisAppHash(new TestLedger().state)));
  assert.equal(appHash.length, 32);
  assert.ok(roots.stateRoot.length === 32);
  // The signature was checked at admission only.
  assert.equal(verifier.verifications, 1);
});

test("an invalid payload is refused and leaves the state as it was", () => {
  const { ledger, app } = setup();
  const before = root(ledger);
  const good = signTx(keys.alice, [transfer(keys.bob.account, 100n)]);
  const badSignature = withSignature(good, new Uint8Array(64));
  const overspend = signTx(keys.bob, [transfer(keys.alice.account, 10_000_000n)]);
  const t = ledger.nowMs + 1000;
  assert.equal(
    app.verifyBlock({
      ...at(1, t),
      payload: encodeBlockPayload([encodeSignedTransaction(badSignature)]),
    }),
    false,
  );
  assert.equal(app.verifyBlock({ ...at(1, t), payload: new Uint8Array([1, 0, 0, 0, 5]) }), false);
  assert.equal(
    app.verifyBlock({
      ...at(1, t),
      payload: encodeBlockPayload([encodeSignedTransaction(good), encodeSignedTransaction(good)]),
    }),
    false,
  );
  assert.equal(root(ledger), before);
  // An over-spend is a valid block: the transaction is recorded as failed.
  assert.equal(
    app.verifyBlock({
      ...at(1, t),
      payload: encodeBlockPayload([encodeSignedTransaction(overspend)]),
    }),
    true,
  );
});

test("when consensus decides another payload, the speculative one is reverted", () => {
  const { ledger, app } = setup();
  const t = ledger.nowMs + 1000;
  const a = encodeBlockPayload([
    encodeSignedTransaction(signTx(keys.alice, [transfer(keys.bob.account, 1n)])),
  ]);
  const b = encodeBlockPayload([
    encodeSignedTransaction(signTx(keys.alice, [transfer(keys.merchant.account, 2n)])),
  ]);
  assert.equal(app.verifyBlock({ ...at(1, t), payload: a }), true);
  assert.equal(app.verifyBlock({ ...at(1, t), payload: b }), true);
  app.finalizeBlock({
    height: 1 as Height,
    blockId: new Uint8Array(32),
    header: { timestampMs: t } as never,
    payload: a,
    certificate: undefined as never,
  });
  assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n + 1n);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  // A replica that only ever saw block a has the same root.
  const replica = setup();
  replica.app.finalizeBlock({
    height: 1 as Height,
    blockId: new Uint8Array(32),
    header: { timestampMs: t } as never,
    payload: a,
    certificate: undefined as never,
  });
  assert.equal(root(replica.ledger), root(ledger));
  assert.deepEqual(appHashOf(new Uint8Array(32), new Uint8Array(32)).length, 32);
});

test("a block holding a verified body under a forged signature is refused", () => {
  const { ledger, mempool, app } = setup();
  const now = ledger.nowMs + 1000;
  const signed = signTx(keys.alice, [transfer(keys.bob.account, 100n)]);
  const view = { state: ledger.state, nowMs: ledger.nowMs };
  assert.equal(mempool.admit(encodeSignedTransaction(signed), view).status, "accepted");
  // Same body, hence same hash, but a signature nobody made.
  const forged = withSignature(signed, new Uint8Array(signed.signature.length).fill(7));
  assert.equal(forged.hash, signed.hash);
  const before = root(ledger);
  const payload = encodeBlockPayload([encodeSignedTransaction(forged)]);
  assert.equal(app.verifyBlock({ ...at(1, now), payload }), false);
  assert.equal(root(ledger), before);
  // The genuine signature still answers from the cache.
  const genuine = encodeBlockPayload([encodeSignedTransaction(signed)]);
  assert.equal(app.verifyBlock({ ...at(1, now), payload: genuine }), true);
});
