/**
 * set_fee_schedule: an institution sets the fee it charges its own customers for transfers in
 * one currency. Fees are public state, so every validator computes the same fee.
 */
import { ResultCode } from "../result-codes.ts";
import { FEE_BPS_MAX } from "../constants.ts";
import type { SetFeeScheduleOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";

export function validateSetFeeSchedule(op: SetFeeScheduleOp): ResultCode {
  if (op.bps > FEE_BPS_MAX) return ResultCode.fee_rate_invalid;
  return ResultCode.ok;
}

export function precheckSetFeeSchedule(ctx: OperationContext, op: SetFeeScheduleOp): ResultCode {
  if (ctx.state.institutionOf(ctx.signer.id) === undefined) return ResultCode.not_an_institution;
  if (!ctx.state.currencies.has(op.currency)) return ResultCode.currency_not_found;
  return ResultCode.ok;
}

export function applySetFeeSchedule(ctx: OperationContext, op: SetFeeScheduleOp): ResultCode {
  const code = precheckSetFeeSchedule(ctx, op);
  if (code !== ResultCode.ok) return code;
  const institution = ctx.state.institutionOf(ctx.signer.id)!;
  ctx.state.setFeeSchedule(institution.id, op.currency, {
    fixedMinor: op.fixedMinor,
    bps: op.bps,
    maxMinor: op.maxMinor,
  });
  return ResultCode.ok;
}
