/**
 * Expiry of remittance state, at the end of every block, after its transactions: offers whose
 * deadline is at or before the block's agreed time are removed, and quotes past their deadline
 * return their sell amount to the provider — even a frozen or sanctioned provider, because the
 * value was the provider's and a hold must never strand it. Nobody signs this.
 */
import { assert } from "@tongbao/std";
import type { LedgerState } from "../state/ledger-state.ts";

export function expireRemittanceState(state: LedgerState, nowMs: number): void {
  for (const offer of state.offers.takeExpired(nowMs)) state.offers.remove(offer);
  for (const quote of state.quotes.takeExpired(nowMs)) {
    const provider = state.accounts.get(quote.provider);
    assert(provider !== undefined, "a quote's provider always exists");
    state.releaseQuote(quote);
    state.credit(provider, quote.sell, quote.sellAmount);
  }
}
