/**
 * decline_request: the payer declines an open request, or the payee cancels it. Nothing moves;
 * the request closes and frees its place in both parties' bounds.
 */
import { ResultCode } from "../result-codes.ts";
import type { PaymentRequest } from "../state/model.ts";
import type { DeclineRequestOp } from "../tx/transaction.ts";
import { liveRequest } from "./approve-request.ts";
import { isCode, type OperationContext } from "./context.ts";

export function validateDeclineRequest(_op: DeclineRequestOp): ResultCode {
  return ResultCode.ok;
}

export function precheckDeclineRequest(
  ctx: OperationContext,
  op: DeclineRequestOp,
): ResultCode | PaymentRequest {
  const request = liveRequest(ctx, op);
  if (isCode(request)) return request;
  if (ctx.signer.id !== request.payer && ctx.signer.id !== request.payee) {
    return ResultCode.not_authorized;
  }
  return request;
}

export function applyDeclineRequest(ctx: OperationContext, op: DeclineRequestOp): ResultCode {
  const request = precheckDeclineRequest(ctx, op);
  if (isCode(request)) return request;
  ctx.state.requests.close(request);
  ctx.state.noteClosedRequest({
    request,
    outcome: ctx.signer.id === request.payer ? "declined" : "cancelled",
    transactionIndex: ctx.transactionIndex,
  });
  return ResultCode.ok;
}
