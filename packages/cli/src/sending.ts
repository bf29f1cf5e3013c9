/**
 * A command's transaction between signing and its answer. Once submitted it may commit even if
 * the answer never arrives — a lost connection, a wait that ran out — so a command keeps the
 * hash (the SDK's `onSigned`) and, on such an error, says how to look it up instead of
 * suggesting that the user send it again.
 */
import type { OnSigned } from "@tongbao/client";

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
