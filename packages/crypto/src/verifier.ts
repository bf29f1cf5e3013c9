/**
 * Signature verification with a bounded cache of parsed public keys.
 *
 * PERF: turning raw key bytes into an OpenSSL key costs about as much as the verification
 * itself (docs/performance.md: 92 µs of parse against 106 µs of Ed25519 verify), and the same
 * accounts sign again and again. Each Verifier keeps its own least-recently-used cache of
 * KeyObjects, so nodes in one process share nothing and memory stays bounded.
 *
 * Items are plain data (bytes and strings) so that a later worker-thread pool can ship batches
 * to workers in transferred buffers and call verifyBatch there.
 */
import { verify as nodeVerify, type KeyObject } from "node:crypto";
import { assert, bytesToHex } from "@tongbao/std";
import { KeyType, PUBLIC_KEY_BYTES, isKeyType } from "@tongbao/codec";
import { publicKeyObject } from "./keys.ts";
import { isCanonicalP256Signature } from "./p256.ts";
import { SIGNATURE_BYTES, signingMessage, type SigningInput } from "./signing.ts";

export interface VerifyItem extends SigningInput {
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

export interface VerifierOptions {
  /** Parsed public keys kept; the least recently used is dropped first. Default 10,000. */
  readonly cacheEntriesMax?: number;
}

export const VERIFIER_CACHE_ENTRIES_DEFAULT = 10_000;

export class Verifier {
  private readonly cache = new Map<string, KeyObject>();
  readonly cacheEntriesMax: number;
  /** Lookups of a well-formed key that found it parsed already, and those that had to parse. */
  cacheHits = 0;
  cacheMisses = 0;

  constructor(options: VerifierOptions = {}) {
    const max = options.cacheEntriesMax ?? VERIFIER_CACHE_ENTRIES_DEFAULT;
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`cacheEntriesMax: expected a non-negative integer, got ${max}`);
    }
    this.cacheEntriesMax = max;
  }

  get cacheEntries(): number {
    return this.cache.size;
  }

  /**
   * True only for a valid signature by `publicKey` over exactly this chain id, purpose and
   * payload. A malformed key or signature is false, not an error: they arrive from the network.
   * A malformed chain id or purpose throws, because those come from this node's own code.
   */
  verify(item: VerifyItem): boolean {
    const message = signingMessage(item);
    const { keyType, publicKey, signature } = item;
    if (!(publicKey instanceof Uint8Array) || !(signature instanceof Uint8Array)) {
      throw new TypeError("verify: publicKey and signature must be Uint8Arrays");
    }
    if (!isKeyType(keyType) || publicKey.length !== PUBLIC_KEY_BYTES[keyType]) return false;
    if (signature.length !== SIGNATURE_BYTES) return false;
    if (keyType === KeyType.P256 && !isCanonicalP256Signature(signature)) return false;
    const key = this.key(keyType, publicKey);
    if (key === undefined) return false;
    try {
      if (keyType === KeyType.Ed25519) return nodeVerify(null, message, key, signature);
      return nodeVerify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, signature);
    } catch {
      // OpenSSL reports some malformed keys only when it uses them (Ed25519 keys are decoded
      // lazily). Whatever it refuses is a bad signature from the network, not a node failure.
      return false;
    }
  }

  /** One result per item, in order. */
  verifyBatch(items: readonly VerifyItem[]): boolean[] {
    return items.map((item) => this.verify(item));
  }

  /** The cached KeyObject, or a new one; undefined for bytes that are not a valid key. */
  private key(keyType: KeyType, publicKey: Uint8Array): KeyObject | undefined {
    const id = String(keyType) + bytesToHex(publicKey);
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      // Re-inserting moves the entry to the end of the Map's order: the most recently used.
      this.cache.delete(id);
      this.cache.set(id, cached);
      this.cacheHits++;
      return cached;
    }
    this.cacheMisses++;
    let key: KeyObject;
    try {
      key = publicKeyObject(keyType, publicKey);
    } catch {
      // Invalid keys are not cached: anyone can send new ones, and they would push out good ones.
      return undefined;
    }
    if (this.cacheEntriesMax === 0) return key;
    if (this.cache.size >= this.cacheEntriesMax) {
      const oldest = this.cache.keys().next();
      assert(oldest.done !== true, "a full cache has an oldest entry");
      this.cache.delete(oldest.value);
    }
    this.cache.set(id, key);
    return key;
  }
}

/** Verifies one item without a cache: the key is parsed on every call. */
export function verify(item: VerifyItem): boolean {
  return new Verifier({ cacheEntriesMax: 0 }).verify(item);
}

/** Verifies a batch; a key that signs several items in the batch is parsed once. */
export function verifyBatch(items: readonly VerifyItem[]): boolean[] {
  return new Verifier({
    cacheEntriesMax: Math.min(items.length, VERIFIER_CACHE_ENTRIES_DEFAULT),
  }).verifyBatch(items);
}
