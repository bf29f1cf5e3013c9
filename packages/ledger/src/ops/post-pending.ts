/**
 * post_pending: releases a hold to its recipient, in full or in part (the rest returns to the
 * payer). Only the payer or the named arbiter may post: the payer decides to pay.
 */
import { ResultCode } from "../result-codes.ts";
import { pendingKey, type PendingTransfer } from "../state/model.ts";
import type { PostPendingOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";

export function validatePostPending(op: PostPendingOp): ResultCode {
  if (op.amount !== undefined && op.amount <= 0n) return ResultCode.amount_must_be_positive;
  return ResultCode.ok;
}

/** Shared by post and void: the pending transfer, if it exists and has not expired. */
export function livePending(
  ctx: OperationContext,
  from: PostPendingOp["from"],
  id: PostPendingOp["id"],
): ResultCode | PendingTransfer {
  const pending = ctx.state.pendings.get(pendingKey(from, id));
  if (pending === undefined) return ResultCode.pending_not_found;
  if (ctx.nowMs >= pending.expiresAtMs) return ResultCode.pending_expired;
  return pending;
}

export function precheckPostPending(
  ctx: OperationContext,
  op: PostPendingOp,
): ResultCode | PendingTransfer {
  const pending = livePending(ctx, op.from, op.id);
  if (isCode(pending)) return pending;
  if (ctx.signer.id !== pending.from && ctx.signer.id !== pending.arbiter)
    return ResultCode.not_authorized;
  const amount = op.amount ?? pending.amount;
  if (amount > pending.amount) return ResultCode.post_amount_exceeds_pending;
  const recipient = ctx.state.accounts.get(pending.to);
  if (recipient === undefined) return ResultCode.account_not_found;
  if (recipient.frozen) return ResultCode.account_frozen;
  if (recipient.sanctioned) return ResultCode.account_sanctioned;
  return pending;
}

export function applyPostPending(ctx: OperationContext, op: PostPendingOp): ResultCode {
  const pending = precheckPostPending(ctx, op);
  if (isCode(pending)) return pending;
  const amount = op.amount ?? pending.amount;
  const { state } = ctx;
  state.removePending(pending);
  state.credit(state.accounts.get(pending.to)!, pending.currency, amount);
  const rest = pending.amount - amount;
  if (rest > 0n) state.credit(state.accounts.get(pending.from)!, pending.currency, rest);
  return ResultCode.ok;
}
