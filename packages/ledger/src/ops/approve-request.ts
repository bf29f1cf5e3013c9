/**
 * approve_request: the payer pays an open request. The payment is a transfer with the same fee
 * rules, carrying the request's reference, so it is a referenced payment: paid once, remembered
 * and refundable. The approval repeats the amount and currency the payer agreed to; if the
 * request says otherwise (the payee replaced it), nothing is paid.
 */
import { ResultCode } from "../result-codes.ts";
import type { PaymentRequest } from "../state/model.ts";
import type { ApproveRequestOp, DeclineRequestOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";
import { performTransfer, precheckTransfer, type Payment, type TransferPlan } from "./transfer.ts";

export function validateApproveRequest(op: ApproveRequestOp): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  return ResultCode.ok;
}

/** Shared by approve and decline: the request, if it is open and its deadline has not come. */
export function liveRequest(
  ctx: OperationContext,
  op: ApproveRequestOp | DeclineRequestOp,
): ResultCode | PaymentRequest {
  const request = ctx.state.requests.get(op.payee, op.id);
  if (request === undefined) return ResultCode.request_not_found;
  if (ctx.nowMs >= request.expiresAtMs) return ResultCode.request_expired;
  return request;
}

interface ApprovePlan {
  readonly request: PaymentRequest;
  readonly payment: Payment;
  readonly transfer: TransferPlan;
}

export function precheckApproveRequest(
  ctx: OperationContext,
  op: ApproveRequestOp,
): ResultCode | ApprovePlan {
  const request = liveRequest(ctx, op);
  if (isCode(request)) return request;
  if (ctx.signer.id !== request.payer) return ResultCode.not_authorized;
  if (op.currency !== request.currency || op.amount !== request.amount) {
    return ResultCode.request_terms_mismatch;
  }
  const payment: Payment = {
    to: request.payee,
    currency: request.currency,
    amount: request.amount,
    reference: request.reference,
  };
  const transfer = precheckTransfer(ctx, payment);
  if (isCode(transfer)) return transfer;
  return { request, payment, transfer };
}

export function applyApproveRequest(ctx: OperationContext, op: ApproveRequestOp): ResultCode {
  const plan = precheckApproveRequest(ctx, op);
  if (isCode(plan)) return plan;
  performTransfer(ctx, plan.payment, plan.transfer);
  ctx.state.requests.close(plan.request);
  ctx.state.noteClosedRequest({
    request: plan.request,
    outcome: "approved",
    transactionIndex: ctx.transactionIndex,
  });
  return ResultCode.ok;
}
