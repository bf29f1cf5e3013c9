/**
 * Stateless validation: what can be decided from the transaction alone. A transaction that
 * fails here is malformed and is never admitted or included.
 */
import { unreachable } from "@tongbao/std";
import { OPERATIONS_PER_TRANSACTION_MAX, TRANSACTION_VERSION } from "../constants.ts";
import { ResultCode } from "../result-codes.ts";
import type { Operation, SignedTransaction } from "./transaction.ts";
import { AMOUNT_MAX, isCurrencyCode, type AccountId, type CurrencyCode } from "@tongbao/types";
import { validateTransfer } from "../ops/transfer.ts";
import { validateOpenAccount } from "../ops/open-account.ts";
import { validateSetFrozen } from "../ops/set-frozen.ts";
import { validateIssue } from "../ops/issue.ts";
import { validateRedeem } from "../ops/redeem.ts";
import { validateCreatePending } from "../ops/create-pending.ts";
import { validatePostPending } from "../ops/post-pending.ts";
import { validateVoidPending } from "../ops/void-pending.ts";
import { validateSetFeeSchedule } from "../ops/set-fee-schedule.ts";
import { validateRefund } from "../ops/refund.ts";
import { validateRequestPayment } from "../ops/request-payment.ts";
import { validateApproveRequest } from "../ops/approve-request.ts";
import { validateDeclineRequest } from "../ops/decline-request.ts";
import { validatePostOffer } from "../ops/post-offer.ts";
import { validateWithdrawOffer } from "../ops/withdraw-offer.ts";
import { validateHoldQuote } from "../ops/hold-quote.ts";
import { validateRemit } from "../ops/remit.ts";
import { validateSetKycLimits } from "../ops/set-kyc-limits.ts";
import { validateSetSanctioned } from "../ops/set-sanctioned.ts";
import { validateSetTravelRuleThreshold } from "../ops/set-travel-rule-threshold.ts";

const ZERO_ID = "0".repeat(32);
const U64_MAX = (1n << 64n) - 1n;

/** The amounts an operation carries; each must fit the encoding's range. */
function amountsOf(op: Operation): readonly bigint[] {
  switch (op.kind) {
    case "transfer":
    case "issue":
    case "redeem":
    case "create_pending":
    case "refund":
    case "request_payment":
    case "approve_request":
      return [op.amount];
    case "post_pending":
      return op.amount === undefined ? [] : [op.amount];
    case "set_fee_schedule":
      return [op.fixedMinor, op.maxMinor];
    case "post_offer":
      return [op.minBuy, op.maxBuy];
    case "hold_quote":
      return [op.buyAmount];
    case "remit":
      return [op.sendAmount];
    case "set_kyc_limits":
      return [op.perPaymentMax, op.dailyMax, op.monthlyMax];
    case "set_travel_rule_threshold":
      return [op.thresholdMinor];
    case "open_account":
    case "set_frozen":
    case "void_pending":
    case "decline_request":
    case "withdraw_offer":
    case "set_sanctioned":
      return [];
    default:
      return unreachable(op);
  }
}

/** Currencies an operation names besides `currency`: a pair's two sides. */
function otherCurrenciesOf(op: Operation): readonly CurrencyCode[] {
  if (op.kind === "post_offer") return [op.buy, op.sell];
  if (op.kind === "remit") return [op.sendCurrency, op.receiveCurrency];
  return [];
}

/** Rate parts an operation carries: u64 in the encoding. */
function ratesOf(op: Operation): readonly bigint[] {
  if (op.kind === "post_offer") return [op.rateNum, op.rateDen];
  if (op.kind === "remit") return [op.worstRateNum, op.worstRateDen];
  return [];
}

/**
 * Field ranges the canonical encoding enforces when decoding, checked here as well so that an
 * operation built in memory is judged exactly as the same operation decoded from bytes.
 */
function validateFields(op: Operation): ResultCode {
  if ("currency" in op && !isCurrencyCode(op.currency)) return ResultCode.currency_code_invalid;
  for (const code of otherCurrenciesOf(op)) {
    if (!isCurrencyCode(code)) return ResultCode.currency_code_invalid;
  }
  for (const amount of amountsOf(op)) {
    if (amount > AMOUNT_MAX) return ResultCode.amount_exceeds_maximum;
  }
  for (const rate of ratesOf(op)) {
    if (rate < 0n || rate > U64_MAX) return ResultCode.rate_invalid;
  }
  return ResultCode.ok;
}

export function validateOperation(op: Operation, signer: AccountId): ResultCode {
  const fields = validateFields(op);
  if (fields !== ResultCode.ok) return fields;
  switch (op.kind) {
    case "transfer":
      return validateTransfer(op, signer);
    case "open_account":
      return validateOpenAccount(op);
    case "set_frozen":
      return validateSetFrozen(op);
    case "issue":
      return validateIssue(op);
    case "redeem":
      return validateRedeem(op);
    case "create_pending":
      return validateCreatePending(op, signer);
    case "post_pending":
      return validatePostPending(op);
    case "void_pending":
      return validateVoidPending(op);
    case "set_fee_schedule":
      return validateSetFeeSchedule(op);
    case "refund":
      return validateRefund(op);
    case "request_payment":
      return validateRequestPayment(op, signer);
    case "approve_request":
      return validateApproveRequest(op);
    case "decline_request":
      return validateDeclineRequest(op);
    case "post_offer":
      return validatePostOffer(op);
    case "withdraw_offer":
      return validateWithdrawOffer(op);
    case "hold_quote":
      return validateHoldQuote(op);
    case "remit":
      return validateRemit(op, signer);
    case "set_kyc_limits":
      return validateSetKycLimits(op);
    case "set_sanctioned":
      return validateSetSanctioned(op);
    case "set_travel_rule_threshold":
      return validateSetTravelRuleThreshold(op);
    default:
      return unreachable(op);
  }
}

export interface ValidationResult {
  readonly code: ResultCode;
  /** Index of the offending operation, when an operation is at fault. */
  readonly operationIndex?: number;
}

const VALID: ValidationResult = Object.freeze({ code: ResultCode.ok });

export function validateTransaction(signed: SignedTransaction): ValidationResult {
  const { tx } = signed;
  if (tx.version !== TRANSACTION_VERSION) return { code: ResultCode.version_unsupported };
  if (tx.id === ZERO_ID) return { code: ResultCode.id_must_not_be_zero };
  if (tx.operations.length === 0) return { code: ResultCode.operations_must_not_be_empty };
  if (tx.operations.length > OPERATIONS_PER_TRANSACTION_MAX)
    return { code: ResultCode.operations_too_many };
  for (let i = 0; i < tx.operations.length; i++) {
    const code = validateOperation(tx.operations[i]!, signed.signer);
    if (code !== ResultCode.ok) return { code, operationIndex: i };
  }
  return VALID;
}
