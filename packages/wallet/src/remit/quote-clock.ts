/**
 * When a quote is still good to send with, and when to ask for another. A firm quote holds the
 * provider's liquidity until its expiry in agreed (block) time; the remittance has to be in a
 * block before then, so the wallet stops offering it a little earlier and asks again. An
 * indicative quote holds nothing and has no expiry: it is read again now and then while shown.
 *
 * Every time here is the device's own clock, and only differences of it are used: a firm quote
 * lapses at the moment it arrived plus the life the gateway gave it (`expiresInMs`). Comparing
 * the agreed expiry with the device's clock instead would make a phone whose clock is a minute
 * fast see every new quote as lapsed — and ask again in a loop, each ask a committed hold.
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
  /** The quote's remaining life when the gateway answered; firm quotes only. */
  readonly expiresInMs?: number | undefined;
}

/**
 * The device-clock time a firm quote lapses: its arrival plus its remaining life. A gateway too
 * old to say `expiresInMs` leaves only the agreed expiry, read against the arrival time.
 * undefined for an indicative quote; NaN for an unreadable expiry.
 */
export function lapsesAtMs(quote: QuoteTiming, receivedAtMs: number): number | undefined {
  if (!quote.firm) return undefined;
  if (quote.expiresInMs !== undefined) return receivedAtMs + quote.expiresInMs;
  return quote.expiresAt === undefined ? Number.NaN : Date.parse(quote.expiresAt);
}

/** Milliseconds until the quote should be asked for again, from `nowMs` (≥ 0). */
export function msUntilRequote(quote: QuoteTiming, receivedAtMs: number, nowMs: number): number {
  const lapses = lapsesAtMs(quote, receivedAtMs);
  const due =
    lapses === undefined ? receivedAtMs + INDICATIVE_REFRESH_MS : lapses - REQUOTE_BEFORE_MS;
  return Number.isNaN(due) ? 0 : Math.max(0, due - nowMs);
}

/**
 * When the live quote should be asked for again: never while `paused` — while a payment is being
 * sent or confirmed, a new firm quote would hold liquidity (a committed hold) for nothing.
 */
export function requoteDelay(
  quote: QuoteTiming,
  receivedAtMs: number,
  nowMs: number,
  paused: boolean,
): number | undefined {
  return paused ? undefined : msUntilRequote(quote, receivedAtMs, nowMs);
}

/** Milliseconds of a firm quote's life left at `nowMs` (≥ 0; 0 for an unreadable expiry). */
export function msToLapse(quote: QuoteTiming, receivedAtMs: number, nowMs: number): number {
  const lapses = lapsesAtMs(quote, receivedAtMs);
  return lapses === undefined || Number.isNaN(lapses) ? 0 : Math.max(0, lapses - nowMs);
}

/** Whole seconds of a firm quote's validity left to send in ("expires in N s"), ≥ 0. */
export function secondsToSend(quote: QuoteTiming, receivedAtMs: number, nowMs: number): number {
  const left = msToLapse(quote, receivedAtMs, nowMs) - REQUOTE_BEFORE_MS;
  return Math.max(0, Math.ceil(left / 1000));
}
