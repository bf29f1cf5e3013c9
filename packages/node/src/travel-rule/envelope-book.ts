/**
 * The node's envelopes, on disk under the travel-rule hash (storage's document table). An
 * envelope is written once: the same envelope again is "known"; another one under the same hash
 * is a conflict, because the hash on the ledger commits to one content and the first envelope
 * that fits it stays.
 */
import { bytesToHex, hexToBytes } from "@tongbao/std";
import type { DocumentStore } from "@tongbao/storage";

/**
 * Envelopes one node keeps. At the largest (64 KiB) that is 6.4 GiB; a real one is ~4 KiB.
 * Past it uploads are refused until an operator makes room.
 */
export const ENVELOPES_STORED_MAX = 100_000;

export class EnvelopeConflictError extends Error {
  override name = "EnvelopeConflictError";
}

export class EnvelopeStoreFullError extends Error {
  override name = "EnvelopeStoreFullError";
}

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

export class EnvelopeBook {
  constructor(
    private readonly documents: DocumentStore,
    private readonly storedMax = ENVELOPES_STORED_MAX,
  ) {}

  get(hash: string): string | undefined {
    const bytes = this.documents.get(hexToBytes(hash));
    return bytes === undefined ? undefined : TEXT.decode(bytes);
  }

  has(hash: string): boolean {
    return this.documents.has(hexToBytes(hash));
  }

  /**
   * Stores a checked envelope (envelope-check.ts). Throws EnvelopeConflictError when another
   * envelope has this hash, EnvelopeStoreFullError when the book is full.
   */
  put(hash: string, envelope: string): "stored" | "known" {
    const key = hexToBytes(hash);
    const existing = this.documents.get(key);
    if (existing !== undefined) {
      if (TEXT.decode(existing) === envelope) return "known";
      throw new EnvelopeConflictError(
        `another envelope is already stored under ${bytesToHex(key)}; the first one that fits a hash is kept — check that you are uploading the envelope of this payment`,
      );
    }
    if (this.documents.count() >= this.storedMax) {
      throw new EnvelopeStoreFullError(
        `this node holds ${this.storedMax} envelopes, as many as it may; an operator must make room`,
      );
    }
    this.documents.put(key, UTF8.encode(envelope));
    return "stored";
  }
}
