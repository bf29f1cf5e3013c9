/**
 * void_pending: cancels a hold and returns it to the payer. Only the recipient (declining the
 * money) or the named arbiter may void; the payer cannot take back an escrow on their own.
 */
import { ResultCode } from "../result-codes.ts";
import type { PendingTransfer } from "../state/model.ts";
import type { VoidPendingOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";
import { livePending } from "./post-pending.ts";

export function validateVoidPending(_op: VoidPendingOp): ResultCode {
  return ResultCode.ok;
}

export function precheckVoidPending(
  ctx: OperationContext,
  op: VoidPendingOp,
): ResultCode | PendingTransfer {
  const pending = livePending(ctx, op.from, op.id);
  if (isCode(pending)) return pending;
  if (ctx.signer.id !== pending.to && ctx.signer.id !== pending.arbiter)
    return ResultCode.not_authorized;
  return pending;
}

export function applyVoidPending(ctx: OperationContext, op: VoidPendingOp): ResultCode {
  const pending = precheckVoidPending(ctx, op);
  if (isCode(pending)) return pending;
  ctx.state.removePending(pending);
  ctx.state.credit(ctx.state.accounts.get(pending.from)!, pending.currency, pending.amount);
  return ResultCode.ok;
}
