// Goal: the runtime's own p2p frames decode to what was encoded, and anything else is refused
// with a DecodeError: a transaction batch and a block request.
// Method: round trips, then an unknown version, an empty and an oversized batch, trailing bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodeError } from "@tongbao/codec";
import type { Height } from "@tongbao/types";
import {
  GOSSIP_BATCH_TXS_MAX,
  decodeBlockRequest,
  decodeTransactionBatch,
  encodeBlockRequest,
  encodeTransactionBatch,
} from "./wire.ts";

const txs = [new Uint8Array([1, 2, 3]), new Uint8Array(200).fill(7)];

test("a transaction batch round-trips", () => {
  assert.deepEqual(decodeTransactionBatch(encodeTransactionBatch(txs)), txs);
});

test("a batch of an unknown version, empty, too large or with trailing bytes is refused", () => {
  const good = encodeTransactionBatch(txs);
  const unknownVersion = good.slice();
  unknownVersion[0] = 2;
  assert.throws(() => decodeTransactionBatch(unknownVersion), DecodeError);
  const empty = new Uint8Array([1, 0, 0, 0, 0]);
  assert.throws(() => decodeTransactionBatch(empty), /0 transactions in one batch/);
  const many = Array.from({ length: GOSSIP_BATCH_TXS_MAX + 1 }, () => new Uint8Array(1));
  assert.throws(() => decodeTransactionBatch(encodeTransactionBatch(many)), DecodeError);
  const trailing = new Uint8Array(good.length + 1);
  trailing.set(good);
  assert.throws(() => decodeTransactionBatch(trailing), DecodeError);
});

test("a block request round-trips with and without a block id; height 0 is refused", () => {
  const blockId = new Uint8Array(32).fill(9);
  for (const request of [
    { height: 5 as Height, blockId },
    { height: 1 as Height, blockId: null },
  ]) {
    assert.deepEqual(decodeBlockRequest(encodeBlockRequest(request)), request);
  }
  const zero = encodeBlockRequest({ height: 0 as Height, blockId: null });
  assert.throws(() => decodeBlockRequest(zero), DecodeError);
});
