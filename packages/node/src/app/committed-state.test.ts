// Goal: mempool admission works while the ledger application holds a speculatively executed
// block, without answering from that speculation, and the block still finalizes to the same app
// hash (regression: admission used to hit "admission reads the committed state" whenever a
// proposal had been verified and not yet decided — most of the time on a busy validator).
// Method: a LedgerApplication over a test genesis with a real Mempool and the caching verifier;
// verify a block, admit through withCommittedState, then finalize and compare with a ledger that
// applied the same block directly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign } from "@tongbao/crypto";
import {
  KeyType,
  applyBlock,
  createGenesisState,
  encodeSignedTransaction,
  toSignedTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import { Mempool } from "@tongbao/mempool";
import type { Amount, CurrencyCode, Height, Round, TimestampMs } from "@tongbao/types";
import {
  GENESIS_TIME_MS,
  keys,
  makeTx,
  testGenesis,
  type TestKey,
} from "../../../ledger/test/fixtures.ts";
import {
  CachingTransactionVerifier,
  LedgerApplication,
  appHashOf,
  encodeBlockPayload,
  genesisAppHash,
} from "../index.ts";

const config = testGenesis();
const HKD = "HKD" as CurrencyCode;

function signed(signer: TestKey, operations: Operation[]): SignedTransaction {
  const { tx, body } = makeTx(signer, operations);
  const signingKey = {
    type: KeyType.Ed25519,
    keyObject: signer.privateKey,
    publicKey: signer.publicKey,
  };
  const signature = sign(signingKey, { chainId: config.chainId, purpose: "tx", payload: body });
  return toSignedTransaction(tx, body, signature);
}

function pay(from: TestKey, to: TestKey, amount: bigint): SignedTransaction {
  return signed(from, [
    { kind: "transfer", to: to.account, currency: HKD, amount: amount as Amount },
  ]);
}

function setup() {
  const state = createGenesisState(config);
  const verifier = new CachingTransactionVerifier(config.chainId);
  const pool = new Mempool(
    { chainId: config.chainId },
    { verifySignature: (tx) => verifier.verify(tx) },
  );
  const app = new LedgerApplication(
    { maxTxsPerBlock: 100, maxPayloadBytes: 1 << 20 },
    { state, source: pool, verifier },
  );
  const parent = {
    height: 0 as Height,
    blockId: new Uint8Array(32),
    timestampMs: GENESIS_TIME_MS as TimestampMs,
    appHash: genesisAppHash(state),
  };
  return { state, pool, app, parent };
}

test("admission during a held speculation sees the committed state, and the block still finalizes", () => {
  const { state, pool, app, parent } = setup();
  const inBlock = pay(keys.alice, keys.bob, 10_000n);
  const payload = encodeBlockPayload([encodeSignedTransaction(inBlock)]);
  const timestampMs = (GENESIS_TIME_MS + 1000) as TimestampMs;
  assert.equal(app.verifyBlock({ height: 1 as Height, payload, timestampMs, parent }), true);
  assert.equal(state.blockInProgress, true, "the verified block is held for the vote");

  // The transaction in the held block is not committed: admission must accept it, not answer
  // "committed" from the speculation.
  const first = app.withCommittedState((committed) =>
    pool.admit(encodeSignedTransaction(inBlock), { state: committed, nowMs: timestampMs }),
  );
  assert.equal(first.status, "accepted");
  const other = pay(keys.bob, keys.alice, 1_00n);
  const second = app.withCommittedState((committed) =>
    pool.admit(encodeSignedTransaction(other), { state: committed, nowMs: timestampMs }),
  );
  assert.equal(second.status, "accepted");

  const header = {
    height: 1 as Height,
    round: 0 as Round,
    timestampMs,
    parentId: parent.blockId,
    payloadHash: new Uint8Array(32),
    appHash: parent.appHash,
    proposerIndex: 0,
  };
  const certificate = {
    height: 1 as Height,
    round: 0 as Round,
    blockId: new Uint8Array(32),
    signatures: [],
  };
  const appHash = app.finalizeBlock({
    height: 1 as Height,
    blockId: new Uint8Array(32),
    header,
    payload,
    certificate,
  });

  const reference = createGenesisState(config);
  const execution = applyBlock(reference, [inBlock], { height: 1, timestampMs });
  assert.deepEqual(appHash, appHashOf(execution.stateRoot, execution.receiptsRoot));
  assert.equal(state.blockInProgress, false);
  // Now committed: a resubmission is answered from the committed state.
  const again = app.withCommittedState((committed) =>
    pool.admit(encodeSignedTransaction(inBlock), { state: committed, nowMs: timestampMs + 1 }),
  );
  assert.equal(again.status, "known", "still pooled until the node prunes committed transactions");
  pool.removeCommitted([inBlock]);
  const afterPrune = app.withCommittedState((committed) =>
    pool.admit(encodeSignedTransaction(inBlock), { state: committed, nowMs: timestampMs + 1 }),
  );
  assert.equal(afterPrune.status, "committed");
});
