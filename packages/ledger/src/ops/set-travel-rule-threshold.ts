/**
 * set_travel_rule_threshold: a regulator sets the send amount from which a remittance in a
 * currency must carry the hash of its travel-rule data (0: every remittance).
 */
import { ResultCode } from "../result-codes.ts";
import type { SetTravelRuleThresholdOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";
import { regulatorCheck } from "./regulator.ts";

export function validateSetTravelRuleThreshold(_op: SetTravelRuleThresholdOp): ResultCode {
  return ResultCode.ok;
}

export function applySetTravelRuleThreshold(
  ctx: OperationContext,
  op: SetTravelRuleThresholdOp,
): ResultCode {
  const code = regulatorCheck(ctx);
  if (code !== ResultCode.ok) return code;
  const currency = ctx.state.currencies.get(op.currency);
  if (currency === undefined) return ResultCode.currency_not_found;
  ctx.state.setTravelRuleThreshold(currency.code, op.thresholdMinor);
  return ResultCode.ok;
}
