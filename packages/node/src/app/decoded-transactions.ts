/**
 * Transactions this node has decoded, found again by their bytes, so that a block holding
 * transactions already admitted is not parsed and hashed a second time (a transaction hash and
 * a signer id are two SHA-256s each).
 *
 * The key is the signature (the last 64 bytes of a signed transaction); a hit must also have the
 * very body bytes, so the answer is always what decoding those bytes would give: decoding is
 * canonical and pure. A bogus transaction reusing another's signature only makes a miss.
 *
 * Entries leave when a block holding them commits, and the oldest go first past the bound, so
 * transactions that never commit cannot hold memory.
 */
import { decodeSignedTransaction, SIGNATURE_BYTES, type SignedTransaction } from "@tongbao/ledger";

/** About a mempool's worth: enough for the transactions between admission and commit. */
export const DECODED_TRANSACTIONS_MAX = 50_000;

export class DecodedTransactions {
  private readonly bySignature = new Map<string, SignedTransaction>();
  /** Decodes answered from memory, and decodes done: for metrics and tests. */
  hits = 0;
  misses = 0;

  constructor(private readonly max = DECODED_TRANSACTIONS_MAX) {}

  get size(): number {
    return this.bySignature.size;
  }

  remember(signed: SignedTransaction): void {
    const key = keyOf(signed.signature);
    if (this.bySignature.size >= this.max && !this.bySignature.has(key)) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.bySignature.keys().next().value;
      if (oldest !== undefined) this.bySignature.delete(oldest);
    }
    this.bySignature.set(key, signed);
  }

  forget(signed: SignedTransaction): void {
    const key = keyOf(signed.signature);
    if (this.bySignature.get(key) === signed) this.bySignature.delete(key);
  }

  /** The transaction these bytes encode; throws DecodeError as decodeSignedTransaction does. */
  decode(bytes: Uint8Array): SignedTransaction {
    if (bytes.length > SIGNATURE_BYTES) {
      const bodyLength = bytes.length - SIGNATURE_BYTES;
      const known = this.bySignature.get(keyOf(bytes.subarray(bodyLength)));
      if (known !== undefined && sameBytes(known.body, bytes, 0, bodyLength)) {
        this.hits++;
        return known;
      }
    }
    this.misses++;
    return decodeSignedTransaction(bytes);
  }
}

function keyOf(signature: Uint8Array): string {
  return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString(
    "latin1",
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array, offset: number, length: number): boolean {
  if (a.length !== length) return false;
  return Buffer.from(a.buffer, a.byteOffset, length).equals(
    Buffer.from(b.buffer, b.byteOffset + offset, length),
  );
}
