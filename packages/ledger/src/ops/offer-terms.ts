/**
 * What an offer pays for a given buy amount, shared by hold_quote and a remit that takes
 * liquidity from an offer directly: the offer must be standing, the amount within its bounds,
 * and the payout floor(buyAmount × rateNum / rateDen) — rounded down, in nobody's favour but
 * the ledger's conservation — must be at least one minor unit.
 */
import { mulDiv } from "@tongbao/std";
import { ResultCode } from "../result-codes.ts";
import type { Offer } from "../state/model.ts";

export function offerPayout(offer: Offer, buyAmount: bigint, nowMs: number): ResultCode | bigint {
  // Offers are removed at the end of the first block past their deadline: within that block a
  // transaction still finds one, and is told it expired.
  if (offer.expiresAtMs <= nowMs) return ResultCode.offer_expired;
  if (buyAmount < offer.minBuy || buyAmount > offer.maxBuy)
    return ResultCode.amount_outside_offer_limits;
  const sellAmount = mulDiv(buyAmount, offer.rateNum, offer.rateDen, "down");
  if (sellAmount <= 0n) return ResultCode.amount_too_small;
  return sellAmount;
}
