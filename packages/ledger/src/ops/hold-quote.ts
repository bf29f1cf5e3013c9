/**
 * hold_quote: an institution holds part of a provider's offer for one of its customers. The
 * payout (sell amount) leaves the provider's balance into the quote at once, so the quote is
 * firm: a remit within its deadline is sure of the liquidity. At the deadline the sell amount
 * returns to the provider (expire-remittance.ts).
 */
import { QUOTE_TIMEOUT_MS_MAX, QUOTES_PER_HOLDER_MAX, QUOTES_PER_PAYER_MAX } from "../constants.ts";
import type { Amount } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { Account, Offer } from "../state/model.ts";
import type { HoldQuoteOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";
import { offerPayout } from "./offer-terms.ts";

const ZERO_ID = "0".repeat(32);

export function validateHoldQuote(op: HoldQuoteOp): ResultCode {
  if (op.id === ZERO_ID || op.offerId === ZERO_ID) return ResultCode.id_must_not_be_zero;
  if (op.buyAmount <= 0n) return ResultCode.amount_must_be_positive;
  if (!Number.isInteger(op.timeoutMs) || op.timeoutMs < 1 || op.timeoutMs > QUOTE_TIMEOUT_MS_MAX)
    return ResultCode.timeout_invalid;
  return ResultCode.ok;
}

interface QuotePlan {
  readonly offer: Offer;
  readonly provider: Account;
  readonly sellAmount: bigint;
}

export function precheckHoldQuote(ctx: OperationContext, op: HoldQuoteOp): ResultCode | QuotePlan {
  const { state, signer } = ctx;
  const holder = state.institutionOf(signer.id);
  if (holder === undefined) return ResultCode.not_an_institution;
  if (state.quotes.get(signer.id, op.id) !== undefined) return ResultCode.quote_already_exists;
  const payer = state.accounts.get(op.payer);
  if (payer === undefined) return ResultCode.account_not_found;
  if (payer.institution !== holder.id) return ResultCode.not_authorized;
  if (payer.sanctioned) return ResultCode.account_sanctioned;
  if (payer.frozen) return ResultCode.account_frozen;
  const offer = state.offers.get(op.provider, op.offerId);
  if (offer === undefined) return ResultCode.offer_not_found;
  const sellAmount = offerPayout(offer, op.buyAmount, ctx.nowMs);
  if (isCode(sellAmount)) return sellAmount;
  // The provider posted the offer, so its account exists.
  const provider = state.accounts.get(op.provider)!;
  if (provider.sanctioned) return ResultCode.account_sanctioned;
  if (provider.frozen) return ResultCode.account_frozen;
  if (
    state.quotes.countForHolder(signer.id) >= QUOTES_PER_HOLDER_MAX ||
    state.quotes.countForPayer(payer.id) >= QUOTES_PER_PAYER_MAX
  ) {
    return ResultCode.quotes_too_many;
  }
  if (state.balance(provider, offer.sell) < sellAmount) return ResultCode.insufficient_liquidity;
  return { offer, provider, sellAmount };
}

export function applyHoldQuote(ctx: OperationContext, op: HoldQuoteOp): ResultCode {
  const plan = precheckHoldQuote(ctx, op);
  if (isCode(plan)) return plan;
  const { state, signer } = ctx;
  const { offer, provider, sellAmount } = plan;
  state.debit(provider, offer.sell, sellAmount);
  state.holdQuote({
    holder: signer.id,
    id: op.id,
    provider: provider.id,
    offerId: offer.id,
    payer: op.payer,
    buy: offer.buy,
    sell: offer.sell,
    buyAmount: op.buyAmount,
    sellAmount: sellAmount as Amount,
    rateNum: offer.rateNum,
    rateDen: offer.rateDen,
    spreadBps: offer.spreadBps,
    expiresAtMs: ctx.nowMs + op.timeoutMs,
  });
  return ResultCode.ok;
}
