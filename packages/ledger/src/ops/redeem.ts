/**
 * redeem: the issuer takes money out of circulation from its own account (customers first pay
 * it back to the issuer, which pays out reserves off the ledger). Supply shrinks.
 */
import { ResultCode } from "../result-codes.ts";
import type { RedeemOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";
import { issuerCheck } from "./issue.ts";

export function validateRedeem(op: RedeemOp): ResultCode {
  if (op.amount <= 0n) return ResultCode.amount_must_be_positive;
  return ResultCode.ok;
}

export function precheckRedeem(ctx: OperationContext, op: RedeemOp): ResultCode {
  const code = issuerCheck(ctx, op.currency);
  if (code !== ResultCode.ok) return code;
  if (ctx.state.balance(ctx.signer, op.currency) < op.amount) return ResultCode.insufficient_funds;
  return ResultCode.ok;
}

export function applyRedeem(ctx: OperationContext, op: RedeemOp): ResultCode {
  const code = precheckRedeem(ctx, op);
  if (code !== ResultCode.ok) return code;
  ctx.state.debit(ctx.signer, op.currency, op.amount);
  ctx.state.addSupply(ctx.state.currencies.get(op.currency)!, -op.amount);
  return ResultCode.ok;
}
