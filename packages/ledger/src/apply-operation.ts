/** Dispatches one operation to its apply function. Control flow only; rules live per file. */
import { unreachable } from "@tongbao/std";
import type { ResultCode } from "./result-codes.ts";
import type { Operation } from "./tx/transaction.ts";
import type { OperationContext } from "./ops/context.ts";
import { applyTransfer } from "./ops/transfer.ts";
import { applyOpenAccount } from "./ops/open-account.ts";
import { applySetFrozen } from "./ops/set-frozen.ts";
import { applyIssue } from "./ops/issue.ts";
import { applyRedeem } from "./ops/redeem.ts";
import { applyCreatePending } from "./ops/create-pending.ts";
import { applyPostPending } from "./ops/post-pending.ts";
import { applyVoidPending } from "./ops/void-pending.ts";
import { applySetFeeSchedule } from "./ops/set-fee-schedule.ts";
import { applyRefund } from "./ops/refund.ts";
import { applyRequestPayment } from "./ops/request-payment.ts";
import { applyApproveRequest } from "./ops/approve-request.ts";
import { applyDeclineRequest } from "./ops/decline-request.ts";
import { applyPostOffer } from "./ops/post-offer.ts";
import { applyWithdrawOffer } from "./ops/withdraw-offer.ts";
import { applyHoldQuote } from "./ops/hold-quote.ts";
import { applyRemit } from "./ops/remit.ts";
import { applySetKycLimits } from "./ops/set-kyc-limits.ts";
import { applySetSanctioned } from "./ops/set-sanctioned.ts";
import { applySetTravelRuleThreshold } from "./ops/set-travel-rule-threshold.ts";

export function applyOperation(ctx: OperationContext, op: Operation): ResultCode {
  switch (op.kind) {
    case "transfer":
      return applyTransfer(ctx, op);
    case "open_account":
      return applyOpenAccount(ctx, op);
    case "set_frozen":
      return applySetFrozen(ctx, op);
    case "issue":
      return applyIssue(ctx, op);
    case "redeem":
      return applyRedeem(ctx, op);
    case "create_pending":
      return applyCreatePending(ctx, op);
    case "post_pending":
      return applyPostPending(ctx, op);
    case "void_pending":
      return applyVoidPending(ctx, op);
    case "set_fee_schedule":
      return applySetFeeSchedule(ctx, op);
    case "refund":
      return applyRefund(ctx, op);
    case "request_payment":
      return applyRequestPayment(ctx, op);
    case "approve_request":
      return applyApproveRequest(ctx, op);
    case "decline_request":
      return applyDeclineRequest(ctx, op);
    case "post_offer":
      return applyPostOffer(ctx, op);
    case "withdraw_offer":
      return applyWithdrawOffer(ctx, op);
    case "hold_quote":
      return applyHoldQuote(ctx, op);
    case "remit":
      return applyRemit(ctx, op);
    case "set_kyc_limits":
      return applySetKycLimits(ctx, op);
    case "set_sanctioned":
      return applySetSanctioned(ctx, op);
    case "set_travel_rule_threshold":
      return applySetTravelRuleThreshold(ctx, op);
    default:
      return unreachable(op);
  }
}
