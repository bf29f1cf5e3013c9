/**
 * The moment a transaction stops being a draft: once signed and handed to the gateway it may
 * commit, whatever happens to the connection afterwards. Actions that sign and submit tell the
 * caller's `onSigned` its hash and deadline first, so that a caller who then loses the answer
 * (a timeout, a dropped connection) can still look the transaction up instead of paying twice.
 */
import type { ClientId, Hash } from "@tongbao/types";
import type { BuiltTransaction } from "./build.ts";

/** A transaction about to be submitted: how to look it up, and until when it can commit. */
export interface SignedTransactionInfo {
  readonly hash: Hash;
  readonly id: ClientId;
  /** The transaction's deadline in agreed (block) time: no block later than this includes it. */
  readonly validUntilMs: number;
}

/**
 * Called once the transaction is signed, just before it is submitted. From then on it may
 * commit whatever error follows — a lost connection, a timeout while waiting — so keep the hash
 * and look it up (getTransaction) before sending the same payment again.
 */
export type OnSigned = (signed: SignedTransactionInfo) => void;

/** Tells `onSigned`, if any, what is about to be submitted. */
export function announceSigned(
  onSigned: OnSigned | undefined,
  built: Pick<BuiltTransaction, "transaction">,
  hash: Hash,
): void {
  onSigned?.({
    hash,
    id: built.transaction.id,
    validUntilMs: built.transaction.validUntilMs,
  });
}
