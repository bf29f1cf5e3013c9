/**
 * set_sanctioned: a regulator sanctions an account or lifts the sanction. A sanctioned account
 * can neither sign (its transactions fail with account_sanctioned, and admission refuses them)
 * nor receive; its balance stays where it is.
 */
import { ResultCode } from "../result-codes.ts";
import type { SetSanctionedOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";
import { regulatorCheck } from "./regulator.ts";

export function validateSetSanctioned(_op: SetSanctionedOp): ResultCode {
  return ResultCode.ok;
}

export function applySetSanctioned(ctx: OperationContext, op: SetSanctionedOp): ResultCode {
  const code = regulatorCheck(ctx);
  if (code !== ResultCode.ok) return code;
  const target = ctx.state.accounts.get(op.account);
  if (target === undefined) return ResultCode.account_not_found;
  if (target.sanctioned !== op.sanctioned) ctx.state.setSanctioned(target, op.sanctioned);
  return ResultCode.ok;
}
