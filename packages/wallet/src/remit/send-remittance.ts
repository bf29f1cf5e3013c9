/**
 * One attempt at sending a remittance from the browser, and what its ending means. The SDK's
 * remit seals the travel-rule data to the sender's institution, the recipient's and the
 * regulator under the payment's id, uploads the envelope, then signs the remit operation here
 * with the data's hash and waits for its block. A firm quote is used by its id; an indicative
 * one (no desk of the payer's institution at this gateway) goes to the offer directly,
 * accepting no worse than what the quote showed.
 *
 * The screen gives the id (the same for every attempt at one reviewed payment) and the
 * deadline; the SDK tells the transaction's hash before submitting it. From then on an error is
 * not a failure: the payment may be in a block, so the screen follows it instead of offering
 * Send again.
 */
import type { QuoteView, TransactionCommittedView } from "@tongbao/api";
import {
  TransactionFailedError,
  TransactionRejectedError,
  VALID_FOR_MS_DEFAULT,
  failureError,
  mayStillCommit,
  remit,
  remitSourceOf,
  type Client,
  type OnSigned,
  type Signer,
  type Succeeded,
} from "@tongbao/client/browser";
import { msToLapse } from "./quote-clock.ts";
import type { Submission } from "./remit-attempts.ts";
import type { RemitDraft } from "./remit-draft.ts";
import type { SettledRemittance } from "./remit-receipt.tsx";

/** An indicative quote holds nothing: its remittance may wait for a block this long. */
export const OFFER_VALID_FOR_MS = 60_000;
/** The wait for the block goes this far past the deadline: a block in progress then may hold it. */
export const WAIT_PAST_DEADLINE_MS = 5_000;

/** What one attempt asks of the SDK beyond the draft: the payment's id and its deadlines. */
export interface RemitAttemptRequest {
  readonly quote: QuoteView;
  readonly id: string;
  readonly validForMs: number;
  readonly timeoutMs: number;
  readonly onSigned: OnSigned;
}

/** The attempt the SDK makes for `draft`, signed by `signer`, through `client`. */
export function remitThrough(
  client: Client,
  signer: Signer,
  draft: RemitDraft,
): (request: RemitAttemptRequest) => Promise<Succeeded> {
  return ({ quote, id, validForMs, timeoutMs, onSigned }) =>
    remit(client, {
      // Without a firm quote, the offer it priced; the SDK's default worst rate is what that pays
      // for this amount now, which is what the person was shown.
      ...remitSourceOf(quote),
      to: draft.to,
      travelRule: { data: draft.travelRule },
      signer,
      id,
      validForMs,
      timeoutMs,
      onSigned,
    });
}

/**
 * How long the remittance may wait for a block, and how long to wait for it. A firm quote's is
 * its remaining life (counted from its arrival): a block after that could only fail. The
 * deadline is built on the device's clock (the SDK adds validForMs to it), so it is stretched to
 * reach the quote's agreed expiry by that clock too: a phone whose clock is slow would otherwise
 * sign a deadline already past, and every attempt would be refused as expired.
 */
export function sendTiming(
  quote: QuoteView,
  receivedAtMs: number,
  nowMs: number,
): { readonly validForMs: number; readonly timeoutMs: number } {
  if (!quote.firm) {
    return {
      validForMs: OFFER_VALID_FOR_MS,
      timeoutMs: OFFER_VALID_FOR_MS + WAIT_PAST_DEADLINE_MS,
    };
  }
  const left = msToLapse(quote, receivedAtMs, nowMs);
  const byClock = quote.expiresAt === undefined ? 0 : Date.parse(quote.expiresAt) - nowMs;
  const validForMs = Math.min(
    VALID_FOR_MS_DEFAULT,
    Math.max(1_000, left, Number.isNaN(byClock) ? 0 : byClock),
  );
  return { validForMs, timeoutMs: left + WAIT_PAST_DEADLINE_MS };
}

/** How an attempt ended, for the screen. */
export type AttemptOutcome =
  /** Committed with code ok: the money moved. */
  | { readonly kind: "settled"; readonly view: TransactionCommittedView }
  /** Committed with a failure code: final, nothing moved, and the id is spent. */
  | { readonly kind: "failed"; readonly error: TransactionFailedError }
  /** Nothing was admitted: stopped before signing, or refused at admission. */
  | { readonly kind: "refused"; readonly error: unknown }
  /** Refused because an earlier transaction of this payer holds the id: that one went through. */
  | { readonly kind: "duplicate"; readonly error: unknown }
  /** Submitted, and its answer lost: it may be in a block, or get into one. */
  | { readonly kind: "unconfirmed"; readonly submission: Submission; readonly error: unknown };

/** A committed transaction's outcome: settled, or failed with the SDK's error for its code. */
export function outcomeOfCommitted(view: TransactionCommittedView): AttemptOutcome {
  return view.codeName === "ok"
    ? { kind: "settled", view }
    : { kind: "failed", error: failureError(view) };
}

/**
 * What an error from the SDK's remit means, given whether the transaction was signed and handed
 * over (`submitted`, from onSigned). Only a refusal at admission or a committed failure is known
 * not to have paid; anything after submission — a timeout, a lost connection, an odd answer —
 * leaves the payment possibly made.
 */
export function outcomeOfError(error: unknown, submitted: Submission | undefined): AttemptOutcome {
  if (error instanceof TransactionFailedError) return { kind: "failed", error };
  if (error instanceof TransactionRejectedError && error.codeName === "transaction_duplicate") {
    return { kind: "duplicate", error };
  }
  if (submitted === undefined || !mayStillCommit(error)) return { kind: "refused", error };
  return { kind: "unconfirmed", submission: submitted, error };
}

/** The receipt of a committed remittance; its legs when the gateway lists them. */
export function settledOf(view: TransactionCommittedView): SettledRemittance {
  const remittance = view.remittances?.[0];
  return {
    hash: view.hash,
    height: view.height,
    timestamp: view.timestamp,
    ...(remittance === undefined ? {} : { remittance }),
  };
}
