/**
 * set_sanctioned: a regulator sanctions an account or lifts the sanction. A sanctioned account
 * can neither sign (its transactions fail with account_sanctioned, and admission refuses them)
 * nor receive; its balance stays where it is. A regulator's own account cannot be sanctioned.
 */
import { ResultCode } from "../result-codes.ts";
import { Role } from "../state/model.ts";
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
  // A regulator's own account signs every sanction: sanctioning one, by mistake or by another
  // regulator, could leave nobody able to lift a sanction short of a new genesis.
  const owner = ctx.state.institutionOf(op.account);
  if (op.sanctioned && owner !== undefined && (owner.roles & Role.regulator) !== 0) {
    return ResultCode.not_authorized;
  }
  if (target.sanctioned !== op.sanctioned) ctx.state.setSanctioned(target, op.sanctioned);
  return ResultCode.ok;
}
