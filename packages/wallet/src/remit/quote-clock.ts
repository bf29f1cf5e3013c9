/**
 * When a quote is still good to send with, and when to ask for another. A firm quote holds the
 * provider's liquidity until its expiry in agreed (block) time; the remittance has to be in a
 * block before then, so the wallet stops offering it a little earlier and asks again. An
 * indicative quote holds nothing and has no expiry: it is read again now and then while shown.
 */

/** A firm quote is asked again this long before it lapses: signing, admission and a block. */
export const REQUOTE_BEFORE_MS = 4_000;
/** How often an indicative quote on screen is read again (offers change, liquidity moves). */
export const INDICATIVE_REFRESH_MS = 15_000;
/** The pause after the last keystroke before a quote is asked for. */
export const QUOTE_DEBOUNCE_MS = 400;

export interface QuoteTiming {
  readonly firm: boolean;
  /** ISO 8601 agreed time; firm quotes only. */
  readonly expiresAt?: string | undefined;
}

/** Milliseconds until the quote should be asked for again, from `nowMs` (≥ 0). */
export function msUntilRequote(quote: QuoteTiming, receivedAtMs: number, nowMs: number): number {
  const due =
    quote.firm && quote.expiresAt !== undefined
      ? Date.parse(quote.expiresAt) - REQUOTE_BEFORE_MS
      : receivedAtMs + INDICATIVE_REFRESH_MS;
  return Number.isNaN(due) ? 0 : Math.max(0, due - nowMs);
}

/** Whole seconds of a firm quote's validity left to send in ("expires in N s"), ≥ 0. */
export function secondsToSend(expiresAt: string, nowMs: number): number {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.ceil((at - REQUOTE_BEFORE_MS - nowMs) / 1000));
}
