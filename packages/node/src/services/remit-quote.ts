/**
 * Quote arithmetic for remittances, as pure functions of an offer's terms (docs/spec/api.md,
 * "Remittances"). The ledger pays floor(send × rateNum / rateDen) receive minor units for a send
 * amount; a quote asked by the amount to receive uses the smallest send amount that delivers at
 * least that much, so the recipient never gets less than asked. Exact bigint arithmetic only.
 */
import { assert } from "@tongbao/std";
import { AMOUNT_MAX } from "@tongbao/types";

/** The part of an offer a quote depends on. */
export interface OfferTerms {
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly minBuy: bigint;
  readonly maxBuy: bigint;
  readonly spreadBps: number;
}

/** What the quote is asked for: the amount sent (in buy) or the amount received (in sell). */
export type QuoteAmount =
  | { readonly by: "send"; readonly amount: bigint }
  | { readonly by: "receive"; readonly amount: bigint };

export type QuoteMiss = "amount_out_of_range" | "amount_too_small" | "insufficient_liquidity";

export type QuoteFit =
  | { readonly ok: true; readonly send: bigint; readonly receive: bigint }
  | { readonly ok: false; readonly reason: QuoteMiss };

/** What the ledger pays out for `send`: floor(send × num / den). */
export function receiveForSend(send: bigint, rateNum: bigint, rateDen: bigint): bigint {
  assert(send >= 0n && rateNum > 0n && rateDen > 0n, "receiveForSend: non-negative, positive rate");
  return (send * rateNum) / rateDen;
}

/**
 * The smallest send s with floor(s × num / den) ≥ receive, i.e. s = ceil(receive × den / num):
 * floor(s·n/d) ≥ r ⇔ s·n/d ≥ r (r is an integer) ⇔ s ≥ r·d/n.
 */
export function sendForReceive(receive: bigint, rateNum: bigint, rateDen: bigint): bigint {
  assert(receive >= 0n && rateNum > 0n && rateDen > 0n, "sendForReceive: positive rate");
  const product = receive * rateDen;
  const send = (product + rateNum - 1n) / rateNum;
  assert(receiveForSend(send, rateNum, rateDen) >= receive, "sendForReceive delivers enough");
  assert(send === 0n || receiveForSend(send - 1n, rateNum, rateDen) < receive, "and is smallest");
  return send;
}

/**
 * The provider's declared margin inside a receive amount, in receive minor units: the rate is
 * mid × (1 − spread), so mid-market would have delivered receive / (1 − spread), and the margin
 * is receive × bps / (10,000 − bps), rounded down. A spread of 10,000 bps (everything) is shown
 * as the whole receive amount rather than dividing by zero.
 */
export function providerSpread(receive: bigint, spreadBps: number): bigint {
  assert(Number.isInteger(spreadBps) && spreadBps >= 0 && spreadBps <= 10_000, "spread in bps");
  if (spreadBps === 10_000) return receive;
  return (receive * BigInt(spreadBps)) / BigInt(10_000 - spreadBps);
}

/**
 * Whether the offer serves the amount, and the legs if so. `liquidity` is the provider's
 * available balance of the sell currency: a remittance (or a firm quote) takes the receive
 * amount out of it.
 */
export function fitOffer(terms: OfferTerms, liquidity: bigint, asked: QuoteAmount): QuoteFit {
  const { rateNum, rateDen, minBuy, maxBuy } = terms;
  const send = asked.by === "send" ? asked.amount : sendForReceive(asked.amount, rateNum, rateDen);
  if (send < minBuy || send > maxBuy || send > AMOUNT_MAX) {
    return { ok: false, reason: "amount_out_of_range" };
  }
  const receive = receiveForSend(send, rateNum, rateDen);
  if (receive === 0n) return { ok: false, reason: "amount_too_small" };
  if (receive > liquidity) return { ok: false, reason: "insufficient_liquidity" };
  return { ok: true, send, receive };
}

/** Negative when rate a gives less than rate b per unit sent, 0 when equal, positive when more. */
export function compareRates(
  a: { readonly rateNum: bigint; readonly rateDen: bigint },
  b: { readonly rateNum: bigint; readonly rateDen: bigint },
): number {
  const left = a.rateNum * b.rateDen;
  const right = b.rateNum * a.rateDen;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The rate for people: receive major units per one send major unit, four decimals, rounded
 * down. num/den is per minor unit, so one major unit sent is 10^sendMinorUnits minor units and
 * delivers num/den × 10^sendMinorUnits / 10^receiveMinorUnits major units.
 */
export function rateDisplay(
  rateNum: bigint,
  rateDen: bigint,
  sendMinorUnits: number,
  receiveMinorUnits: number,
): string {
  assert(rateNum >= 0n && rateDen > 0n, "rateDisplay: a non-negative rate");
  const scaled =
    (rateNum * 10n ** BigInt(sendMinorUnits) * 10_000n) /
    (rateDen * 10n ** BigInt(receiveMinorUnits));
  const whole = scaled / 10_000n;
  const fraction = (scaled % 10_000n).toString().padStart(4, "0");
  return `${whole}.${fraction}`;
}
