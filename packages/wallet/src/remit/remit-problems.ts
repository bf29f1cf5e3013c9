/**
 * What a person is told when a remittance cannot go ahead, by the code the ledger, the gateway
 * or the quote route gives — the same words whichever of them caught it (a quote refused, a
 * transaction refused at the gateway, or committed with a failure code). The ledger's codes are
 * docs/spec/ledger.md's; the quote route's are docs/spec/api.md's. Kept beside the remittance
 * flow, which is loaded on demand, rather than in describe-error.ts, which every page loads.
 */
import {
  ApiError,
  TransactionFailedError,
  TransactionRejectedError,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { groupDigits } from "../money/amount.ts";

/** Every remittance failure ends with this: nothing was taken. */
const NOTHING = "nothing was sent";

/** A held rate that lapsed or was spent: the flow asks a new quote by itself. */
const QUOTE_GONE = {
  title: "The rate expired or was used — here is a new quote.",
  fix: `Look at the new rate and amounts, then send again; ${NOTHING}.`,
};

const REMIT_PROBLEMS: Readonly<Record<string, Omit<Problem, "code">>> = {
  // The ledger answers quote_expired in the first block past the quote's deadline and
  // quote_not_found after that (or once the quote is used): to the person, one event.
  quote_expired: QUOTE_GONE,
  quote_not_found: QUOTE_GONE,
  quote_terms_mismatch: {
    title: `The amount changed after the rate was given; ${NOTHING}.`,
    fix: "Review the new quote before sending.",
  },
  rate_beyond_limit: {
    title: `The rate moved below the one you accepted; ${NOTHING}.`,
    fix: "Ask for a new quote and look at it before sending.",
  },
  no_offer: {
    title: "No provider offers this currency pair for that amount just now.",
    fix: "Try another amount, or later.",
  },
  offer_not_found: {
    title: `The provider withdrew its offer; ${NOTHING}.`,
    fix: "Ask for a new quote.",
  },
  offer_expired: {
    title: `The provider's offer has ended; ${NOTHING}.`,
    fix: "Ask for a new quote.",
  },
  amount_outside_offer_limits: {
    title: `That amount is outside what the provider accepts per payment; ${NOTHING}.`,
    fix: "Send an amount within the limits the quote shows.",
  },
  amount_too_small: {
    title: `That amount is too small to convert: the recipient would receive nothing; ${NOTHING}.`,
    fix: "Send a larger amount.",
  },
  insufficient_liquidity: {
    title: `The provider cannot pay out that much just now; ${NOTHING}.`,
    fix: "Send a smaller amount, or try again later.",
  },
  quote_refused: {
    title: "The rate could not be held for you just now.",
    fix: "Ask again in a moment.",
  },
  quotes_too_many: {
    title: "Too many rates are held for you at the moment.",
    fix: "Wait a minute for the earlier ones to lapse, then ask again.",
  },
  travel_rule_required: {
    title: `At this amount the law asks for both people's details, and they were missing; ${NOTHING}.`,
    fix: "Fill in your name and the recipient's, then send again.",
  },
  account_sanctioned: {
    title: `This payment cannot be made: an account in it is under sanctions; ${NOTHING}.`,
    fix: "Contact your institution if you think this is wrong.",
  },
  per_payment_limit_exceeded: {
    title: `That is more than your account may send in one payment; ${NOTHING}.`,
    fix: "Send less, or ask your institution to verify your identity for higher limits.",
  },
  daily_limit_exceeded: {
    title: `That would take you past what your account may send in 24 hours; ${NOTHING}.`,
    fix: "Send less, or wait; your institution can raise the limit once it has verified your identity.",
  },
  monthly_limit_exceeded: {
    title: `That would take you past what your account may send in 30 days; ${NOTHING}.`,
    fix: "Send less, or ask your institution to verify your identity for higher limits.",
  },
};

/**
 * The remittance's words for `code`, or undefined for a code that is not about remittances.
 * `data`, the error's details object, gives an amount out of range its limits (`min`, `max`).
 */
export function remitProblem(
  code: string,
  data: Readonly<Record<string, unknown>> = {},
): Problem | undefined {
  if (code === "amount_out_of_range") {
    const limits = limitsOf(data);
    return {
      title:
        limits === undefined
          ? `That amount is outside what the provider accepts per payment; ${NOTHING}.`
          : `The provider takes ${limits} per payment, and this amount is outside that; ${NOTHING}.`,
      fix: "Send an amount within those limits.",
      code,
    };
  }
  const known = REMIT_PROBLEMS[code];
  return known === undefined ? undefined : { ...known, code };
}

/** "10.00–50,000.00 HKD" from the quote route's `{ min, max }`, when both are money of one currency. */
function limitsOf(data: Readonly<Record<string, unknown>>): string | undefined {
  const { min, max } = data;
  if (!isMoney(min) || !isMoney(max) || min.currency !== max.currency) return undefined;
  return `${groupDigits(min.amount)}–${groupDigits(max.amount)} ${min.currency}`;
}

function isMoney(value: unknown): value is { amount: string; currency: string } {
  if (typeof value !== "object" || value === null) return false;
  const { amount, currency } = value as Record<string, unknown>;
  return typeof amount === "string" && typeof currency === "string";
}

/** A code that a new quote answers: the flow asks again by itself. */
export function needsNewQuote(code: string | undefined): boolean {
  return code === "quote_expired" || code === "quote_not_found" || code === "quote_terms_mismatch";
}

/** Any error of the remittance flow: in the remittance's words, else describeError's. */
export function describeRemitError(error: unknown): Problem {
  return remittanceProblemOf(error) ?? describeError(error);
}

function remittanceProblemOf(error: unknown): Problem | undefined {
  if (error instanceof TransactionFailedError) return remitProblem(error.codeName);
  if (error instanceof TransactionRejectedError) return remitProblem(error.codeName, error.data);
  if (error instanceof ApiError) return remitProblem(error.code, error.data);
  return undefined;
}
