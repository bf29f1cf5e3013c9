/**
 * request_payment: a payee asks a payer to pay an amount before a deadline. Nothing moves until
 * the payer approves (approve_request). Open requests are bounded per payer, per payee and per
 * (payee, payer) pair, so that no payee can flood a payer's list.
 */
import { taggedHash } from "@tongbao/codec";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import type { AccountId, ClientId, Hash } from "@tongbao/types";
import {
  OPEN_REQUESTS_PER_PAIR_MAX,
  OPEN_REQUESTS_PER_PAYEE_MAX,
  OPEN_REQUESTS_PER_PAYER_MAX,
  REQUEST_TIMEOUT_MS_MAX,
} from "../constants.ts";
import { ResultCode } from "../result-codes.ts";
import type { RequestPaymentOp } from "../tx/transaction.ts";
import { creditableAccount, isCode, type OperationContext } from "./context.ts";

const ZERO_ID = "0".repeat(32);

/**
 * The reference a request's payment carries when the request names none:
 * taggedHash("tongbao/request", payee ‖ id). Tagged, so it cannot equal a reference chosen for
 * another purpose; derived, so the payee knows it before the payer approves.
 */
export function requestReference(payee: AccountId, id: ClientId): Hash {
  const input = new Uint8Array(36);
  input.set(hexToBytes(payee), 0);
  input.set(hexToBytes(id), 20);
  return bytesToHex(taggedHash("tongbao/request", input)) as Hash;
}

export function validateRequestPayment(op: RequestPaymentOp, signer: AccountId): ResultCode {
  if (op.id === ZERO_ID) return ResultCode.id_must_not_be_zero;
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  if (op.payer === signer) return ResultCode.accounts_must_be_different;
  if (op.timeoutMs < 1 || op.timeoutMs > REQUEST_TIMEOUT_MS_MAX) return ResultCode.timeout_invalid;
  return ResultCode.ok;
}

export function precheckRequestPayment(ctx: OperationContext, op: RequestPaymentOp): ResultCode {
  const { state, signer } = ctx;
  if (!state.currencies.has(op.currency)) return ResultCode.currency_not_found;
  if (state.requests.get(signer.id, op.id) !== undefined) return ResultCode.request_already_exists;
  // A frozen payer could not approve; say so now rather than let the request wait to expire.
  const payer = creditableAccount(ctx, op.payer);
  if (isCode(payer)) return payer;
  const reference = op.reference ?? requestReference(signer.id, op.id);
  if (state.payments.get(signer.id, reference) !== undefined) {
    return ResultCode.reference_already_paid;
  }
  const { requests } = state;
  if (
    requests.openForPayer(op.payer) >= OPEN_REQUESTS_PER_PAYER_MAX ||
    requests.openForPayee(signer.id) >= OPEN_REQUESTS_PER_PAYEE_MAX ||
    requests.openBetween(signer.id, op.payer) >= OPEN_REQUESTS_PER_PAIR_MAX
  ) {
    return ResultCode.requests_too_many;
  }
  return ResultCode.ok;
}

export function applyRequestPayment(ctx: OperationContext, op: RequestPaymentOp): ResultCode {
  const code = precheckRequestPayment(ctx, op);
  if (code !== ResultCode.ok) return code;
  const { state, signer } = ctx;
  state.requests.open({
    payee: signer.id,
    id: op.id,
    payer: state.accounts.get(op.payer)!.id,
    currency: state.currencies.get(op.currency)!.code,
    amount: op.amount,
    reference: op.reference ?? requestReference(signer.id, op.id),
    createdAtMs: ctx.nowMs,
    expiresAtMs: ctx.nowMs + op.timeoutMs,
  });
  return ResultCode.ok;
}
