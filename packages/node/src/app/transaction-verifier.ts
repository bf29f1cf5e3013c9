/**
 * Verifies a transaction's signature at most once per node: admission verifies it, and block
 * validation finds its hash among those already verified. Signatures cost ~100 µs; a hash
 * lookup costs well under one.
 */
import { Verifier } from "@tongbao/crypto";
import type { SignedTransaction } from "@tongbao/ledger";
import type { TransactionVerifier } from "./ledger-application.ts";

/** Enough for the mempool's capacity plus a few blocks in flight. */
export const VERIFIED_HASHES_MAX = 200_000;

export class CachingTransactionVerifier implements TransactionVerifier {
  private readonly verified = new Map<string, true>();
  private readonly verifier: Verifier;
  /** Signatures actually checked (not answered from the cache): for metrics and tests. */
  verifications = 0;

  constructor(
    private readonly chainId: string,
    private readonly hashesMax = VERIFIED_HASHES_MAX,
  ) {
    this.verifier = new Verifier();
  }

  verify(signed: SignedTransaction): boolean {
    if (this.verified.has(signed.hash)) return true;
    this.verifications++;
    const ok = this.verifier.verify({
      chainId: this.chainId,
      purpose: "tx",
      payload: signed.body,
      keyType: signed.tx.keyType,
      publicKey: signed.tx.publicKey,
      signature: signed.signature,
    });
    if (ok) this.remember(signed.hash);
    return ok;
  }

  /** Records a hash verified elsewhere (e.g. by a worker thread). */
  remember(hash: string): void {
    if (this.verified.size >= this.hashesMax) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(hash, true);
  }
}
