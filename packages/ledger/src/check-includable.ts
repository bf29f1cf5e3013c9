/**
 * Whether a transaction may be included at agreed time `nowMs` given the state: not expired,
 * deadline within the window, not already seen, signer known. Used by mempool admission and by
 * block verification; a block holding a transaction that fails here is invalid.
 */
import { VALIDITY_WINDOW_MS_MAX } from "./constants.ts";
import { ResultCode } from "./result-codes.ts";
import type { LedgerState } from "./state/ledger-state.ts";
import type { SignedTransaction } from "./tx/transaction.ts";

export function checkIncludable(
  state: LedgerState,
  signed: SignedTransaction,
  nowMs: number,
): ResultCode {
  if (signed.tx.validUntilMs < nowMs) return ResultCode.transaction_expired;
  if (signed.tx.validUntilMs > nowMs + VALIDITY_WINDOW_MS_MAX)
    return ResultCode.valid_until_too_far;
  if (state.seenTransaction(signed.key, nowMs) !== undefined)
    return ResultCode.transaction_duplicate;
  if (!state.accounts.has(signed.signer)) return ResultCode.signer_account_not_found;
  return ResultCode.ok;
}
