/** withdraw_offer: a provider removes one of its offers. Quotes held on it keep their terms. */
import { ResultCode } from "../result-codes.ts";
import type { WithdrawOfferOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";

const ZERO_ID = "0".repeat(32);

export function validateWithdrawOffer(op: WithdrawOfferOp): ResultCode {
  return op.id === ZERO_ID ? ResultCode.id_must_not_be_zero : ResultCode.ok;
}

export function applyWithdrawOffer(ctx: OperationContext, op: WithdrawOfferOp): ResultCode {
  const offer = ctx.state.offers.get(ctx.signer.id, op.id);
  if (offer === undefined) return ResultCode.offer_not_found;
  ctx.state.offers.remove(offer);
  return ResultCode.ok;
}
