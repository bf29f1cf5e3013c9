/**
 * issue: the currency's issuer credits newly issued money to an account, against reserves it
 * holds off the ledger. Supply grows by the same amount.
 */
import { AMOUNT_MAX } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { IssueOp } from "../tx/transaction.ts";
import { creditableAccount, isCode, type OperationContext } from "./context.ts";

export function validateIssue(op: IssueOp): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  return ResultCode.ok;
}

function issuerCheck(ctx: OperationContext, currencyCode: IssueOp["currency"]): ResultCode {
  const currency = ctx.state.currencies.get(currencyCode);
  if (currency === undefined) return ResultCode.currency_not_found;
  const institution = ctx.state.institutionOf(ctx.signer.id);
  if (institution === undefined || institution.id !== currency.issuer) {
    return ResultCode.not_currency_issuer;
  }
  return ResultCode.ok;
}

export { issuerCheck };

export function precheckIssue(ctx: OperationContext, op: IssueOp): ResultCode {
  const code = issuerCheck(ctx, op.currency);
  if (code !== ResultCode.ok) return code;
  const currency = ctx.state.currencies.get(op.currency)!;
  if (currency.supply + op.amount > AMOUNT_MAX) return ResultCode.supply_would_overflow;
  const recipient = creditableAccount(ctx, op.to);
  if (isCode(recipient)) return recipient;
  return ResultCode.ok;
}

export function applyIssue(ctx: OperationContext, op: IssueOp): ResultCode {
  const code = precheckIssue(ctx, op);
  if (code !== ResultCode.ok) return code;
  ctx.state.addSupply(ctx.state.currencies.get(op.currency)!, op.amount);
  ctx.state.credit(ctx.state.accounts.get(op.to)!, op.currency, op.amount);
  return ResultCode.ok;
}
