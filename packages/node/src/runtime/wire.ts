/**
 * What the node sends on the p2p channels besides consensus messages (which travel as the
 * engine encodes them):
 *
 *   Transactions  = u8 1 | u32 count (1…GOSSIP_BATCH_TXS_MAX) | (bytes signedTransaction)*
 *   BlockRequest  = u8 1 | u53 height | u8 hasBlockId | [32 blockId]
 *   BlockResponse = an encoded CommittedBlock (consensus), passed to the engine as is
 *
 * Many transactions share one frame: per-frame costs (header, syscall, TLS record) dominate
 * for 200-byte payments.
 */
import { Reader, Writer } from "@tongbao/codec";
import { limits } from "@tongbao/ledger";
import { ADMIT_BATCH_ITEMS_MAX } from "@tongbao/mempool";
import type { Height } from "@tongbao/types";

const WIRE_VERSION = 1;

/** Transactions per gossip frame: one admission batch at the receiver. */
export const GOSSIP_BATCH_TXS_MAX = ADMIT_BATCH_ITEMS_MAX;

export function encodeTransactionBatch(transactions: readonly Uint8Array[]): Uint8Array {
  let size = 5;
  for (const tx of transactions) size += 4 + tx.length;
  const w = new Writer(size).u8(WIRE_VERSION).u32(transactions.length);
  for (const tx of transactions) w.bytes(tx, limits.TRANSACTION_BYTES_MAX);
  return w.finish();
}

/** Throws DecodeError for anything but a canonical batch within the bounds. */
export function decodeTransactionBatch(bytes: Uint8Array): Uint8Array[] {
  const r = new Reader(bytes);
  r.tag([WIRE_VERSION], "transaction batch version");
  const count = r.u32("transaction count");
  if (count === 0 || count > GOSSIP_BATCH_TXS_MAX) {
    r.fail(`${count} transactions in one batch; expected 1–${GOSSIP_BATCH_TXS_MAX}`);
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(r.bytes(limits.TRANSACTION_BYTES_MAX, "transaction"));
  r.end();
  return out;
}

export interface BlockRequest {
  readonly height: Height;
  readonly blockId: Uint8Array | null;
}

export function encodeBlockRequest(request: BlockRequest): Uint8Array {
  const w = new Writer(48)
    .u8(WIRE_VERSION)
    .u53(request.height)
    .bool(request.blockId !== null);
  if (request.blockId !== null) w.fixed(request.blockId, 32);
  return w.finish();
}

export function decodeBlockRequest(bytes: Uint8Array): BlockRequest {
  const r = new Reader(bytes);
  r.tag([WIRE_VERSION], "block request version");
  const height = r.u53("height") as Height;
  if (height < 1) r.fail("block requests start at height 1");
  const blockId = r.bool("has block id") ? r.fixed(32, "block id").slice() : null;
  r.end();
  return { height, blockId };
}
