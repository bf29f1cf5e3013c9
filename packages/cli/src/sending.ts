/**
 * A command's transaction between signing and its answer. Once submitted it may commit even if
 * the answer never arrives — a lost connection, a wait that ran out — so a command keeps the
 * hash (the SDK's `onSigned`) and, on such an error, says how to look it up instead of
 * suggesting that the user send it again.
 */
import {
  MempoolFullError,
  RateLimitedError,
  TransactionDroppedError,
  TransactionFailedError,
  TransactionRejectedError,
  type OnSigned,
} from "@tongbao/client";

export interface Sending {
  /** The signed transaction's hash, once it is about to be submitted. */
  hash: string | undefined;
  /** Pass to the SDK action. */
  readonly onSigned: OnSigned;
}

export function sending(): Sending {
  const sent: Sending = {
    hash: undefined,
    onSigned: (signed) => {
      sent.hash = signed.hash;
    },
  };
  return sent;
}

/**
 * Whether a submitted transaction may still commit after `error`: true unless the gateway
 * refused it (never admitted) or its outcome is final (committed with a failure code, or gone
 * from the mempool).
 */
export function mayStillCommit(error: unknown): boolean {
  return !(
    error instanceof TransactionRejectedError ||
    error instanceof MempoolFullError ||
    error instanceof RateLimitedError ||
    error instanceof TransactionFailedError ||
    error instanceof TransactionDroppedError
  );
}
