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
import { equalBytes } from "@tongbao/std";
import type { SignedTransaction } from "@tongbao/ledger";
import type { TransactionVerifier } from "./ledger-application.ts";

/** Enough for the mempool's capacity plus a few blocks in flight. */
export const VERIFIED_HASHES_MAX = 200_000;

export class CachingTransactionVerifier implements TransactionVerifier {
  private readonly verified = new Map<string, Uint8Array>();
  private readonly verifier: Verifier;
  /** Signatures actually checked (not answered from the cache): for metrics and tests. */
  verifications = 0;

  constructor(
    private readonly chainId: string,
    private readonly hashesMax = VERIFIED_HASHES_MAX,
  ) {
    this.verifier = new Verifier();
  }

  /** True when this very signature of the transaction was verified here before. */
  knows(signed: SignedTransaction): boolean {
    const known = this.verified.get(signed.hash);
    return known !== undefined && equalBytes(known, signed.signature);
  }

  verify(signed: SignedTransaction): boolean {
    if (this.knows(signed)) return true;
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
    return ok;
  }

  /** Records a signature verified elsewhere (e.g. by a worker thread) for a transaction hash. */
  remember(hash: string, signature: Uint8Array): void {
    if (this.verified.size >= this.hashesMax) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.delete(hash);
    this.verified.set(hash, signature);
  }
}
