/**
 * create_pending: holds `amount` from the signer for `to` until it is posted, voided or
 * expires at (block time + timeoutMs). The held value leaves the payer's balance at once, so
 * it cannot be spent twice; it lives in the pending transfer until resolved.
 */
import { ResultCode } from "../result-codes.ts";
import { PENDING_TIMEOUT_MS_MAX } from "../constants.ts";
import { pendingKey } from "../state/model.ts";
import type { CreatePendingOp } from "../tx/transaction.ts";
import type { AccountId } from "@tongbao/types";
import { creditableAccount, isCode, type OperationContext } from "./context.ts";
import { checkKycLimits, recordSpending } from "./kyc.ts";

const ZERO_ID = "0".repeat(32);

export function validateCreatePending(op: CreatePendingOp, signer: AccountId): ResultCode {
  if (op.id === ZERO_ID) return ResultCode.id_must_not_be_zero;
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  if (op.to === signer) return ResultCode.accounts_must_be_different;
  if (op.timeoutMs < 1 || op.timeoutMs > PENDING_TIMEOUT_MS_MAX) return ResultCode.timeout_invalid;
  return ResultCode.ok;
}

export function precheckCreatePending(ctx: OperationContext, op: CreatePendingOp): ResultCode {
  const { state, signer } = ctx;
  if (!state.currencies.has(op.currency)) return ResultCode.currency_not_found;
  if (state.pendings.has(pendingKey(signer.id, op.id))) return ResultCode.pending_already_exists;
  const recipient = creditableAccount(ctx, op.to);
  if (isCode(recipient)) return recipient;
  if (op.arbiter !== undefined && !state.accounts.has(op.arbiter))
    return ResultCode.account_not_found;
  const kyc = checkKycLimits(state, signer, op.currency, op.amount, ctx.nowMs);
  if (kyc !== ResultCode.ok) return kyc;
  if (state.balance(signer, op.currency) < op.amount) return ResultCode.insufficient_funds;
  return ResultCode.ok;
}

export function applyCreatePending(ctx: OperationContext, op: CreatePendingOp): ResultCode {
  const code = precheckCreatePending(ctx, op);
  if (code !== ResultCode.ok) return code;
  ctx.state.debit(ctx.signer, op.currency, op.amount);
  recordSpending(ctx.state, ctx.signer, op.currency, op.amount, ctx.nowMs);
  ctx.state.addPending({
    from: ctx.signer.id,
    id: op.id,
    to: op.to,
    currency: op.currency,
    amount: op.amount,
    expiresAtMs: ctx.nowMs + op.timeoutMs,
    arbiter: op.arbiter,
  });
  return ResultCode.ok;
}
