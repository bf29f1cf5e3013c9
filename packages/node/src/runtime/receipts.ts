/**
 * Receipts as the node stores them with each block: encoded receipts back to back, one per
 * transaction in block order (hash 32 | code u16 | operationIndex u8, docs/spec/ledger.md).
 */
import { decodeReceipt, encodeReceipt, type Receipt } from "@tongbao/ledger";
import { assert } from "@tongbao/std";

export const RECEIPT_BYTES = 35;

/** Receipts back to back, RECEIPT_BYTES each, as the block store keeps them. */
export function encodeReceipts(receipts: readonly Receipt[]): Uint8Array {
  const out = new Uint8Array(receipts.length * RECEIPT_BYTES);
  receipts.forEach((receipt, i) => out.set(encodeReceipt(receipt), i * RECEIPT_BYTES));
  return out;
}

/** The inverse of encodeReceipts. */
export function decodeReceipts(bytes: Uint8Array): Receipt[] {
  assert(bytes.length % RECEIPT_BYTES === 0, "stored receipts are whole");
  const out: Receipt[] = [];
  for (let offset = 0; offset < bytes.length; offset += RECEIPT_BYTES) {
    out.push(decodeReceipt(bytes.subarray(offset, offset + RECEIPT_BYTES)));
  }
  return out;
}
