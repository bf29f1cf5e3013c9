/**
 * post_offer: a liquidity provider offers to pay out `sell` for `buy` at rateNum / rateDen, for
 * payments of minBuy … maxBuy, until expiresAtMs. Posting an id the provider already uses
 * replaces that offer; quotes already held on it keep their terms. Offers hold no money.
 */
import type { AccountId } from "@tongbao/types";
import { OFFER_LIFETIME_MS_MAX, OFFERS_PER_PROVIDER_MAX, SPREAD_BPS_MAX } from "../constants.ts";
import { ResultCode } from "../result-codes.ts";
import { Role } from "../state/model.ts";
import type { PostOfferOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";

const ZERO_ID = "0".repeat(32);

export function validatePostOffer(op: PostOfferOp): ResultCode {
  if (op.id === ZERO_ID) return ResultCode.id_must_not_be_zero;
  if (op.buy === op.sell) return ResultCode.currencies_must_be_different;
  if (op.rateNum <= 0n || op.rateDen <= 0n) return ResultCode.rate_invalid;
  if (op.minBuy <= 0n || op.minBuy > op.maxBuy) return ResultCode.offer_limits_invalid;
  if (!Number.isInteger(op.spreadBps) || op.spreadBps < 0 || op.spreadBps > SPREAD_BPS_MAX)
    return ResultCode.fee_rate_invalid;
  if (!Number.isSafeInteger(op.expiresAtMs) || op.expiresAtMs < 0)
    return ResultCode.timeout_invalid;
  return ResultCode.ok;
}

/** Whether `account` is the own account of an institution that holds `role`. */
export function hasRole(ctx: OperationContext, account: AccountId, role: Role): boolean {
  const institution = ctx.state.institutionOf(account);
  return institution !== undefined && (institution.roles & role) !== 0;
}

export function precheckPostOffer(ctx: OperationContext, op: PostOfferOp): ResultCode {
  const { state, signer } = ctx;
  if (!hasRole(ctx, signer.id, Role.liquidity_provider)) return ResultCode.not_authorized;
  if (!state.currencies.has(op.buy) || !state.currencies.has(op.sell))
    return ResultCode.currency_not_found;
  if (op.expiresAtMs <= ctx.nowMs) return ResultCode.offer_expired;
  if (op.expiresAtMs > ctx.nowMs + OFFER_LIFETIME_MS_MAX) return ResultCode.offer_lifetime_too_long;
  const replacing = state.offers.get(signer.id, op.id) !== undefined;
  if (!replacing && state.offers.countOf(signer.id) >= OFFERS_PER_PROVIDER_MAX)
    return ResultCode.offers_too_many;
  return ResultCode.ok;
}

export function applyPostOffer(ctx: OperationContext, op: PostOfferOp): ResultCode {
  const code = precheckPostOffer(ctx, op);
  if (code !== ResultCode.ok) return code;
  const { state, signer } = ctx;
  const existing = state.offers.get(signer.id, op.id);
  if (existing !== undefined) state.offers.remove(existing);
  state.offers.post({
    provider: signer.id,
    id: op.id,
    // Codes the state already holds, so an offer keeps no string of its own for them.
    buy: state.currencies.get(op.buy)!.code,
    sell: state.currencies.get(op.sell)!.code,
    rateNum: op.rateNum,
    rateDen: op.rateDen,
    minBuy: op.minBuy,
    maxBuy: op.maxBuy,
    spreadBps: op.spreadBps,
    expiresAtMs: op.expiresAtMs,
  });
  return ResultCode.ok;
}
