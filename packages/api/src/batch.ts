/**
 * The binary batch body of `POST /v1/transactions/batch`:
 *
 *   count u32 | (length u32 | signed transaction bytes)*      all integers big-endian
 *
 * The server decodes it and the client encodes it with these two functions. Decoding refuses
 * anything but exactly `count` items that fill the body, each within the size limits, and says
 * where the framing went wrong.
 */
import { BATCH_ITEMS_MAX, TRANSACTION_BYTES_MAX } from "./limits.ts";

export class BatchFormatError extends Error {
  override name = "BatchFormatError";
}

export function encodeBatch(transactions: readonly Uint8Array[]): Uint8Array {
  if (transactions.length > BATCH_ITEMS_MAX) {
    throw new RangeError(
      `batch: ${transactions.length} transactions; at most ${BATCH_ITEMS_MAX} per batch — split it`,
    );
  }
  let size = 4;
  for (const tx of transactions) {
    if (!(tx instanceof Uint8Array)) throw new TypeError("batch: expected Uint8Array items");
    if (tx.length === 0 || tx.length > TRANSACTION_BYTES_MAX) {
      throw new RangeError(
        `batch: a transaction of ${tx.length} bytes; each must be 1 to ${TRANSACTION_BYTES_MAX}`,
      );
    }
    size += 4 + tx.length;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, transactions.length);
  let offset = 4;
  for (const tx of transactions) {
    view.setUint32(offset, tx.length);
    out.set(tx, offset + 4);
    offset += 4 + tx.length;
  }
  return out;
}

/** Splits a batch body into its transactions (views into `body`); throws BatchFormatError. */
export function decodeBatch(body: Uint8Array): Uint8Array[] {
  if (body.length < 4) {
    throw new BatchFormatError(
      `the body has ${body.length} bytes; a batch starts with a 4-byte big-endian count`,
    );
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const count = view.getUint32(0);
  if (count === 0 || count > BATCH_ITEMS_MAX) {
    throw new BatchFormatError(
      `the count is ${count}; a batch holds 1 to ${BATCH_ITEMS_MAX} transactions`,
    );
  }
  const items: Uint8Array[] = [];
  let offset = 4;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > body.length) {
      throw new BatchFormatError(
        `item ${i}: the body ends at byte ${body.length} where its 4-byte length should start; the count says ${count} items`,
      );
    }
    const length = view.getUint32(offset);
    if (length === 0 || length > TRANSACTION_BYTES_MAX) {
      throw new BatchFormatError(
        `item ${i}: length ${length}; a signed transaction has 1 to ${TRANSACTION_BYTES_MAX} bytes`,
      );
    }
    if (offset + 4 + length > body.length) {
      throw new BatchFormatError(
        `item ${i}: ${length} bytes announced at byte ${offset} but the body ends at byte ${body.length}`,
      );
    }
    items.push(body.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (offset !== body.length) {
    throw new BatchFormatError(
      `${body.length - offset} bytes follow the last of the ${count} items; the count or a length is wrong`,
    );
  }
  return items;
}
