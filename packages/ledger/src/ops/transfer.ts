/**
 * transfer: moves `amount` of one currency from the signer to `to`, plus the sender's
 * institution's fee to that institution's account. A transfer that carries a reference is a
 * referenced payment: (to, reference) can be paid once while the ledger remembers it, and is
 * remembered so that its payee can refund it. Rules and codes: docs/spec/ledger.md.
 */
import { assert } from "@tongbao/std";
import type { AccountId, Amount, CurrencyCode, Hash } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { TransferOp } from "../tx/transaction.ts";
import type { Account } from "../state/model.ts";
import { creditableAccount, isCode, type OperationContext } from "./context.ts";
import { transferFee } from "./fee.ts";
import { checkKycLimits, recordSpending } from "./kyc.ts";

export function validateTransfer(op: TransferOp, signer: AccountId): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  if (op.to === signer) return ResultCode.accounts_must_be_different;
  return ResultCode.ok;
}

/** What a payment moves; a transfer op, or the payment an approved request makes. */
export interface Payment {
  readonly to: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  readonly reference?: Hash | undefined;
}

export interface TransferPlan {
  readonly recipient: Account;
  readonly fee: bigint;
  readonly collector: Account | undefined;
}

export function precheckTransfer(ctx: OperationContext, op: Payment): ResultCode | TransferPlan {
  const { state, signer } = ctx;
  if (!state.currencies.has(op.currency)) return ResultCode.currency_not_found;
  const recipient = creditableAccount(ctx, op.to);
  if (isCode(recipient)) return recipient;
  // PERF: a plain transfer (no reference) never touches the payment records.
  if (op.reference !== undefined && state.payments.get(op.to, op.reference) !== undefined) {
    return ResultCode.reference_already_paid;
  }
  const kyc = checkKycLimits(state, signer, op.currency, op.amount, ctx.nowMs);
  if (kyc !== ResultCode.ok) return kyc;
  const { fee, collector } = transferFee(state, signer, op.currency, op.amount);
  if (state.balance(signer, op.currency) < op.amount + fee) return ResultCode.insufficient_funds;
  if (collector !== undefined && collector.frozen) return ResultCode.account_frozen;
  return { recipient, fee, collector };
}

/** Moves the money a precheck planned, and remembers a referenced payment. */
export function performTransfer(ctx: OperationContext, op: Payment, plan: TransferPlan): void {
  const { state, signer } = ctx;
  state.debit(signer, op.currency, op.amount + plan.fee);
  state.credit(plan.recipient, op.currency, op.amount);
  if (plan.collector !== undefined) {
    assert(plan.fee > 0n, "a collector implies a fee");
    state.credit(plan.collector, op.currency, plan.fee);
  }
  recordSpending(state, signer, op.currency, op.amount, ctx.nowMs);
  if (op.reference === undefined) return;
  state.payments.add({
    payee: plan.recipient.id,
    reference: op.reference,
    // Ids and codes the state already holds, so a record keeps no string of its own for them.
    payer: signer.id,
    currency: state.currencies.get(op.currency)!.code,
    amount: op.amount,
    paidAtMs: ctx.nowMs,
    height: ctx.height,
    transactionIndex: ctx.transactionIndex,
    operationIndex: ctx.operationIndex,
  });
}

export function applyTransfer(ctx: OperationContext, op: TransferOp): ResultCode {
  const plan = precheckTransfer(ctx, op);
  if (isCode(plan)) return plan;
  performTransfer(ctx, op, plan);
  return ResultCode.ok;
}
