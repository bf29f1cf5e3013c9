/**
 * remit: one cross-currency payment, signed by the sender, all legs or none. The liquidity comes
 * from a quote the sender's institution held for the sender, or from an offer directly.
 *
 * Legs, with receiveAmount the provider's payout and (rateNum, rateDen) the source's rate:
 *   sendCurrency:    sender −(sendAmount + fee); provider +paidToProvider;
 *                    sender's institution account +(fee + residual)
 *   receiveCurrency: quote (or provider) −receiveAmount; recipient +receiveAmount
 * where paidToProvider = ceil(receiveAmount × rateDen / rateNum) ≤ sendAmount and
 * residual = sendAmount − paidToProvider ≥ 0 is the rounding left over. Nothing is created:
 * paidToProvider + residual = sendAmount exactly. Rules and codes: docs/spec/ledger.md.
 */
import { assert, mulDiv } from "@tongbao/std";
import type { AccountId, Amount } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { Account, Quote } from "../state/model.ts";
import type { RemitOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";
import { transferFee } from "./fee.ts";
import { checkKycLimits, recordSpending } from "./kyc.ts";
import { offerPayout } from "./offer-terms.ts";

const ZERO_ID = "0".repeat(32);

export function validateRemit(op: RemitOp, signer: AccountId): ResultCode {
  if (op.sendAmount <= 0n) return ResultCode.amount_must_be_positive;
  if (op.to === signer) return ResultCode.accounts_must_be_different;
  if (op.sendCurrency === op.receiveCurrency) return ResultCode.currencies_must_be_different;
  if (op.worstRateDen <= 0n || op.worstRateNum < 0n) return ResultCode.rate_invalid;
  if (op.source.id === ZERO_ID) return ResultCode.id_must_not_be_zero;
  return ResultCode.ok;
}

/** The liquidity a remit's source provides. */
interface Liquidity {
  readonly provider: Account;
  /** The quote to close; undefined when the liquidity comes from the offer directly. */
  readonly quote: Quote | undefined;
  readonly receiveAmount: bigint;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly spreadBps: number;
}

function liquidity(ctx: OperationContext, op: RemitOp): ResultCode | Liquidity {
  const { state, signer } = ctx;
  const source = op.source;
  if (source.kind === "quote") {
    const quote = state.quotes.get(source.holder, source.id);
    if (quote === undefined) return ResultCode.quote_not_found;
    // Quotes are released at the end of the first block past their deadline: within that block a
    // remit still finds one, and is told it expired.
    if (quote.expiresAtMs <= ctx.nowMs) return ResultCode.quote_expired;
    if (quote.payer !== signer.id) return ResultCode.not_authorized;
    if (
      quote.buy !== op.sendCurrency ||
      quote.sell !== op.receiveCurrency ||
      quote.buyAmount !== op.sendAmount
    ) {
      return ResultCode.quote_terms_mismatch;
    }
    return {
      provider: state.accounts.get(quote.provider)!,
      quote,
      receiveAmount: quote.sellAmount,
      rateNum: quote.rateNum,
      rateDen: quote.rateDen,
      spreadBps: quote.spreadBps,
    };
  }
  const offer = state.offers.get(source.provider, source.id);
  if (offer === undefined) return ResultCode.offer_not_found;
  if (offer.buy !== op.sendCurrency || offer.sell !== op.receiveCurrency)
    return ResultCode.quote_terms_mismatch;
  const receiveAmount = offerPayout(offer, op.sendAmount, ctx.nowMs);
  if (isCode(receiveAmount)) return receiveAmount;
  const provider = state.accounts.get(offer.provider)!;
  if (state.balance(provider, offer.sell) < receiveAmount) return ResultCode.insufficient_liquidity;
  return {
    provider,
    quote: undefined,
    receiveAmount: receiveAmount as Amount,
    rateNum: offer.rateNum,
    rateDen: offer.rateDen,
    spreadBps: offer.spreadBps,
  };
}

interface RemitPlan extends Liquidity {
  readonly recipient: Account;
  readonly fee: bigint;
  readonly collector: Account | undefined;
  readonly institutionAccount: Account;
  readonly paidToProvider: bigint;
  readonly residual: bigint;
}

export function precheckRemit(ctx: OperationContext, op: RemitOp): ResultCode | RemitPlan {
  const { state, signer } = ctx;
  if (!state.currencies.has(op.sendCurrency) || !state.currencies.has(op.receiveCurrency))
    return ResultCode.currency_not_found;
  const source = liquidity(ctx, op);
  if (isCode(source)) return source;
  const { provider, receiveAmount } = source;
  if (receiveAmount * op.worstRateDen < op.sendAmount * op.worstRateNum)
    return ResultCode.rate_beyond_limit;
  // A currency without a threshold always needs the data: omitting it where the law asks for it
  // costs more than sending it where it was not needed (docs/spec/travel-rule.md §4).
  const threshold = state.travelRuleThresholds.get(op.sendCurrency) ?? 0n;
  if (op.sendAmount >= threshold && op.travelRuleHash === undefined)
    return ResultCode.travel_rule_required;
  const recipient = state.accounts.get(op.to);
  if (recipient === undefined) return ResultCode.account_not_found;
  if (signer.sanctioned || recipient.sanctioned || provider.sanctioned)
    return ResultCode.account_sanctioned;
  if (recipient.frozen || provider.frozen) return ResultCode.account_frozen;
  const kyc = checkKycLimits(state, signer, op.sendCurrency, op.sendAmount, ctx.nowMs);
  if (kyc !== ResultCode.ok) return kyc;
  const { fee, collector } = transferFee(state, signer, op.sendCurrency, op.sendAmount);
  if (state.balance(signer, op.sendCurrency) < op.sendAmount + fee)
    return ResultCode.insufficient_funds;
  // receiveAmount = floor(sendAmount × num / den), so receiveAmount × den ≤ sendAmount × num and
  // the provider's due, rounded up, is at most sendAmount.
  const paidToProvider = mulDiv(receiveAmount, source.rateDen, source.rateNum, "up");
  const residual = op.sendAmount - paidToProvider;
  assert(residual >= 0n, "a remittance's rounding residual is never negative");
  const institutionAccount = state.accounts.get(
    state.institutions.get(signer.institution)!.accountId,
  )!;
  if (fee + residual > 0n && institutionAccount.frozen) return ResultCode.account_frozen;
  return { ...source, recipient, fee, collector, institutionAccount, paidToProvider, residual };
}

export function applyRemit(ctx: OperationContext, op: RemitOp): ResultCode {
  const plan = precheckRemit(ctx, op);
  if (isCode(plan)) return plan;
  const { state, signer } = ctx;
  const { provider, recipient, receiveAmount, institutionAccount } = plan;
  state.debit(signer, op.sendCurrency, op.sendAmount + plan.fee);
  state.credit(provider, op.sendCurrency, plan.paidToProvider);
  // The fee's collector is the institution's account too (fee.ts); one credit carries both.
  assert(
    plan.collector === undefined || plan.collector.slot === institutionAccount.slot,
    "fee collector",
  );
  state.credit(institutionAccount, op.sendCurrency, plan.fee + plan.residual);
  if (plan.quote !== undefined) state.releaseQuote(plan.quote);
  else state.debit(provider, op.receiveCurrency, receiveAmount);
  state.credit(recipient, op.receiveCurrency, receiveAmount);
  recordSpending(state, signer, op.sendCurrency, op.sendAmount, ctx.nowMs);
  state.noteSettledRemittance({
    transactionIndex: ctx.transactionIndex,
    operationIndex: ctx.operationIndex,
    sender: signer.id,
    recipient: recipient.id,
    provider: provider.id,
    sendCurrency: op.sendCurrency,
    sendAmount: op.sendAmount,
    fee: plan.fee as Amount,
    paidToProvider: plan.paidToProvider as Amount,
    residual: plan.residual as Amount,
    residualTo: institutionAccount.id,
    receiveCurrency: op.receiveCurrency,
    receiveAmount: receiveAmount as Amount,
    rateNum: plan.rateNum,
    rateDen: plan.rateDen,
    spreadBps: plan.spreadBps,
    source: op.source,
    travelRuleHash: op.travelRuleHash,
  });
  return ResultCode.ok;
}
