/**
 * set_frozen: the account's own institution or a regulator freezes or unfreezes an account.
 * A frozen account can neither send nor receive; its balance stays where it is.
 */
import { ResultCode } from "../result-codes.ts";
import { Role } from "../state/model.ts";
import type { SetFrozenOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";

export function validateSetFrozen(_op: SetFrozenOp): ResultCode {
  return ResultCode.ok;
}

export function precheckSetFrozen(ctx: OperationContext, op: SetFrozenOp): ResultCode {
  const institution = ctx.state.institutionOf(ctx.signer.id);
  if (institution === undefined) return ResultCode.not_an_institution;
  const target = ctx.state.accounts.get(op.account);
  if (target === undefined) return ResultCode.account_not_found;
  const isRegulator = (institution.roles & Role.regulator) !== 0;
  if (target.institution !== institution.id && !isRegulator) return ResultCode.not_authorized;
  return ResultCode.ok;
}

export function applySetFrozen(ctx: OperationContext, op: SetFrozenOp): ResultCode {
  const code = precheckSetFrozen(ctx, op);
  if (code !== ResultCode.ok) return code;
  const target = ctx.state.accounts.get(op.account)!;
  if (target.frozen !== op.frozen) ctx.state.setFrozen(target, op.frozen);
  return ResultCode.ok;
}
