/**
 * The payload consensus orders for the ledger: the block's signed transactions.
 *
 *   payload = version u8 (1) | count u32 | (length u32 | signed transaction)*
 *
 * Consensus treats it as opaque bytes and commits to its hash in the block header.
 */
import { DecodeError, Reader, Writer } from "@tongbao/codec";
import { decodeSignedTransaction, limits, type SignedTransaction } from "@tongbao/ledger";

const PAYLOAD_VERSION = 1;

/** Bytes a payload of `count` transactions adds to the transactions' own bytes. */
export function payloadOverheadBytes(count: number): number {
  return 5 + 4 * count;
}

export function encodeBlockPayload(transactions: readonly Uint8Array[]): Uint8Array {
  let bytes = payloadOverheadBytes(transactions.length);
  for (const tx of transactions) bytes += tx.length;
  const w = new Writer(bytes);
  w.u8(PAYLOAD_VERSION).u32(transactions.length);
  for (const tx of transactions) w.bytes(tx, limits.TRANSACTION_BYTES_MAX);
  return w.finish();
}

/**
 * Decodes every transaction; throws DecodeError for any malformed or oversize part. `decode`
 * may answer from transactions decoded before (DecodedTransactions), as long as it gives what
 * decodeSignedTransaction would.
 */
export function decodeBlockPayload(
  payload: Uint8Array,
  decode: (bytes: Uint8Array) => SignedTransaction = decodeSignedTransaction,
): SignedTransaction[] {
  const r = new Reader(payload);
  r.tag([PAYLOAD_VERSION], "payload version");
  const count = r.u32("transaction count");
  if (count > limits.TRANSACTIONS_PER_BLOCK_MAX) {
    r.fail(`${count} transactions; a block holds at most ${limits.TRANSACTIONS_PER_BLOCK_MAX}`);
  }
  const out: SignedTransaction[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = r.bytes(limits.TRANSACTION_BYTES_MAX, "transaction");
    try {
      out.push(decode(bytes));
    } catch (error) {
      if (error instanceof DecodeError) r.fail(`transaction ${i}: ${error.message}`);
      throw error;
    }
  }
  r.end();
  return out;
}
