/**
 * refund: the payee of a remembered referenced payment returns part or all of it to the payer,
 * in the payment's currency. Refunds add up and never exceed what was paid. The signer names the
 * payee, so only the payee can refund: anyone else finds no payment of theirs to refund.
 *
 * A refund moves no fee, in either direction: the merchant returns exactly what the customer
 * gets back, and the fee of the original payment stays with the payer's institution, which did
 * its work. An institution that charges for refunds does so off the ledger.
 */
import { ResultCode } from "../result-codes.ts";
import type { Account, PaymentRecord } from "../state/model.ts";
import type { RefundOp } from "../tx/transaction.ts";
import { isCode, type OperationContext } from "./context.ts";

export function validateRefund(op: RefundOp): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  return ResultCode.ok;
}

interface RefundPlan {
  readonly record: PaymentRecord;
  readonly payer: Account;
}

export function precheckRefund(ctx: OperationContext, op: RefundOp): ResultCode | RefundPlan {
  const { state, signer } = ctx;
  // Forgotten records are gone before any transaction runs, so a record here is within retention.
  const record = state.payments.get(signer.id, op.reference);
  if (record === undefined) return ResultCode.payment_not_found;
  if (op.amount > record.amount - record.refunded) return ResultCode.refund_exceeds_refundable;
  const payer = state.accounts.get(record.payer);
  // Accounts are never deleted, so a payer that paid still exists.
  if (payer === undefined) return ResultCode.account_not_found;
  if (payer.frozen) return ResultCode.account_frozen;
  if (payer.sanctioned) return ResultCode.account_sanctioned;
  if (state.balance(signer, record.currency) < op.amount) return ResultCode.insufficient_funds;
  return { record, payer };
}

export function applyRefund(ctx: OperationContext, op: RefundOp): ResultCode {
  const plan = precheckRefund(ctx, op);
  if (isCode(plan)) return plan;
  const { state, signer } = ctx;
  state.debit(signer, plan.record.currency, op.amount);
  state.credit(plan.payer, plan.record.currency, op.amount);
  state.payments.refund(plan.record, op.amount);
  return ResultCode.ok;
}
