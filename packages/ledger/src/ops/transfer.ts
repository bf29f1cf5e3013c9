/**
 * transfer: moves `amount` of one currency from the signer to `to`, plus the sender's
 * institution's fee to that institution's account. Rules and codes: docs/spec/ledger.md.
 */
import { assert } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { TransferOp } from "../tx/transaction.ts";
import type { Account } from "../state/model.ts";
import { creditableAccount, isCode, type OperationContext } from "./context.ts";
import { transferFee } from "./fee.ts";

export function validateTransfer(op: TransferOp, signer: AccountId): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  if (op.to === signer) return ResultCode.accounts_must_be_different;
  return ResultCode.ok;
}

interface TransferPlan {
  readonly recipient: Account;
  readonly fee: bigint;
  readonly collector: Account | undefined;
}

export function precheckTransfer(ctx: OperationContext, op: TransferOp): ResultCode | TransferPlan {
  const { state, signer } = ctx;
  if (!state.currencies.has(op.currency)) return ResultCode.currency_not_found;
  const recipient = creditableAccount(ctx, op.to);
  if (isCode(recipient)) return recipient;
  const { fee, collector } = transferFee(state, signer, op.currency, op.amount);
  if (state.balance(signer, op.currency) < op.amount + fee) return ResultCode.insufficient_funds;
  if (collector !== undefined && collector.frozen) return ResultCode.account_frozen;
  return { recipient, fee, collector };
}

export function applyTransfer(ctx: OperationContext, op: TransferOp): ResultCode {
  const plan = precheckTransfer(ctx, op);
  if (isCode(plan)) return plan;
  const { state, signer } = ctx;
  state.debit(signer, op.currency, op.amount + plan.fee);
  state.credit(plan.recipient, op.currency, op.amount);
  if (plan.collector !== undefined) {
    assert(plan.fee > 0n, "a collector implies a fee");
    state.credit(plan.collector, op.currency, plan.fee);
  }
  return ResultCode.ok;
}
