/**
 * Verifies a transaction's signature at most once per node: admission verifies it, and block
 * validation finds it among those already verified. Signatures cost ~100 µs; a lookup costs
 * well under one.
 *
 * The signature is not part of the transaction hash, so the cache keeps the verified signature
 * with each hash and answers from it only for those same signature bytes: a proposer that puts
 * a known body in a block with a forged signature is caught here, as every node that never saw
 * the body (and every replay) would catch it.
 */
import { Verifier } from "@tongbao/crypto";
import { assert, equalBytes } from "@tongbao/std";
import { SIGNATURE_BYTES, type SignedTransaction } from "@tongbao/ledger";
import type { TransactionVerifier } from "./ledger-application.ts";

/** Enough for the mempool's capacity plus a few blocks in flight. */
export const VERIFIED_HASHES_MAX = 200_000;

/**
 * Signatures found invalid, remembered so that a forged transaction is checked once per node
 * however many paths it takes (the gateway's early check, admission, the mempool's own check).
 * Few: honest clients do not send them, and a flood of them is what the rate limits are for.
 */
export const FAILED_SIGNATURES_MAX = 4_096;

export class CachingTransactionVerifier implements TransactionVerifier {
  /**
   * PERF: the verified signatures live in one ring of `hashesMax` × 64 bytes, and the map gives a
   * hash's place in it. A Uint8Array per signature cost about 300 bytes of heap and a backing
   * store each: 60 MB, and work for the garbage collector, at the default bound.
   */
  private readonly places = new Map<string, number>();
  private readonly signatures: Uint8Array;
  /** The hash each place holds, to forget it when the ring comes round; "" for none. */
  private readonly hashes: string[];
  /** The next place to write: the oldest signature, once the ring is full. */
  private next = 0;
  private readonly verifier: Verifier;
  /** Invalid signatures by transaction hash, oldest first (Maps keep insertion order). */
  private readonly failed = new Map<string, Uint8Array>();
  /** Signatures actually checked (not answered from the cache): for metrics and tests. */
  verifications = 0;

  constructor(
    private readonly chainId: string,
    private readonly hashesMax = VERIFIED_HASHES_MAX,
  ) {
    assert(Number.isSafeInteger(hashesMax) && hashesMax > 0, "the cache holds at least one");
    this.verifier = new Verifier();
    this.signatures = new Uint8Array(hashesMax * SIGNATURE_BYTES);
    this.hashes = new Array<string>(hashesMax).fill("");
  }

  /** Hashes remembered now: at most `hashesMax`. */
  get size(): number {
    return this.places.size;
  }

  /** True when this very signature of the transaction was verified here before. */
  knows(signed: SignedTransaction): boolean {
    const place = this.places.get(signed.hash);
    if (place === undefined || signed.signature.length !== SIGNATURE_BYTES) return false;
    const start = place * SIGNATURE_BYTES;
    return equalBytes(this.signatures.subarray(start, start + SIGNATURE_BYTES), signed.signature);
  }

  /** True when this very signature of the transaction was found invalid here before. */
  knowsInvalid(signed: SignedTransaction): boolean {
    const signature = this.failed.get(signed.hash);
    return signature !== undefined && equalBytes(signature, signed.signature);
  }

  /** True when this very signature was checked here before, valid or not: no need to again. */
  answered(signed: SignedTransaction): boolean {
    return this.knows(signed) || this.knowsInvalid(signed);
  }

  verify(signed: SignedTransaction): boolean {
    if (this.knows(signed)) return true;
    if (this.knowsInvalid(signed)) return false;
    this.verifications++;
    const ok = this.verifier.verify({
      chainId: this.chainId,
      purpose: "tx",
      payload: signed.body,
      keyType: signed.tx.keyType,
      publicKey: signed.tx.publicKey,
      signature: signed.signature,
    });
    if (ok) this.remember(signed.hash, signed.signature);
    else this.rememberInvalid(signed.hash, signed.signature);
    return ok;
  }

  /** Records a signature found invalid (here or by a worker thread); the oldest go past the bound. */
  rememberInvalid(hash: string, signature: Uint8Array): void {
    this.failed.delete(hash);
    if (this.failed.size >= FAILED_SIGNATURES_MAX) {
      const oldest = this.failed.keys().next().value;
      if (oldest !== undefined) this.failed.delete(oldest);
    }
    this.failed.set(hash, signature.slice());
  }

  /**
   * Records a signature verified elsewhere (e.g. by a worker thread) for a transaction hash. The
   * newest is kept: a hash remembered again moves to the newest place, with its new signature.
   */
  remember(hash: string, signature: Uint8Array): void {
    // Every valid signature is 64 bytes; another length never verified, so is never remembered.
    if (signature.length !== SIGNATURE_BYTES) return;
    const previous = this.places.get(hash);
    if (previous !== undefined) this.hashes[previous] = "";
    const place = this.next;
    this.next = (place + 1) % this.hashesMax;
    const evicted = this.hashes[place]!;
    if (evicted !== "") this.places.delete(evicted);
    this.hashes[place] = hash;
    this.places.set(hash, place);
    this.signatures.set(signature, place * SIGNATURE_BYTES);
  }
}
