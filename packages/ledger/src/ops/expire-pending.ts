/**
 * Expiry: at the end of every block, each pending transfer whose deadline is at or before the
 * block's agreed time returns to its payer. Nobody signs this; it follows from time alone.
 */
import { assert } from "@tongbao/std";
import type { LedgerState } from "../state/ledger-state.ts";
import type { PendingTransfer } from "../state/model.ts";

export function expirePendings(state: LedgerState, nowMs: number): PendingTransfer[] {
  const expired = state.takeExpiredPendings(nowMs);
  for (const pending of expired) {
    const payer = state.accounts.get(pending.from);
    assert(payer !== undefined, "a pending transfer's payer always exists");
    state.removePending(pending);
    state.credit(payer, pending.currency, pending.amount);
  }
  return expired;
}
