/**
 * set_kyc_limits: a currency's issuer sets what customers of one KYC tier may send in it — per
 * payment, per rolling day and per rolling 30 days (ops/kyc.ts). A (currency, tier) never set
 * is unlimited.
 */
import { KYC_TIER_MAX } from "../constants.ts";
import { ResultCode } from "../result-codes.ts";
import type { SetKycLimitsOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";
import { issuerCheck } from "./issue.ts";

export function validateSetKycLimits(op: SetKycLimitsOp): ResultCode {
  if (!Number.isInteger(op.tier) || op.tier < 0 || op.tier > KYC_TIER_MAX)
    return ResultCode.kyc_tier_invalid;
  if (op.perPaymentMax > op.dailyMax || op.dailyMax > op.monthlyMax)
    return ResultCode.kyc_limits_invalid;
  return ResultCode.ok;
}

export function applySetKycLimits(ctx: OperationContext, op: SetKycLimitsOp): ResultCode {
  const code = issuerCheck(ctx, op.currency);
  if (code !== ResultCode.ok) return code;
  const { state } = ctx;
  state.setKycLimits(state.currencies.get(op.currency)!.code, op.tier, {
    perPaymentMax: op.perPaymentMax,
    dailyMax: op.dailyMax,
    monthlyMax: op.monthlyMax,
  });
  return ResultCode.ok;
}
