/**
 * What to tell a person when something fails: the SDK's errors already say what happened and
 * what to fix (shortMessage, metaMessages); the API's error envelope carries a message written
 * for people. This picks the right words and drops what only a developer needs.
 */
import {
  AccountExistsError,
  ApiError,
  BaseError,
  DeskNotEnabledError,
  HttpRequestError,
  InsufficientFundsError,
  InvalidParameterError,
  PaymentNotFoundError,
  RateLimitedError,
  RefundExceedsRefundableError,
  RequestNotOpenError,
  RequestTermsMismatchError,
  RequestsTooManyError,
  TransactionFailedError,
  TransactionRejectedError,
  UnknownCurrencyError,
  WaitForTransactionTimeoutError,
} from "@tongbao/client/browser";

export interface Problem {
  /** One sentence: what happened. */
  readonly title: string;
  /** What to do about it, when there is something to do. */
  readonly fix?: string;
  /** The API's error code, for people who report it. */
  readonly code?: string;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The first fix among an SDK error's meta messages (lines that are not "- fact" lines). */
function fixOf(error: BaseError): string | undefined {
  const fix = error.metaMessages.find(
    (line) => !line.startsWith("- ") && line !== "Nothing was sent.",
  );
  return fix === undefined ? undefined : sentence(fix);
}

export function describeError(error: unknown): Problem {
  if (error instanceof HttpRequestError) {
    return {
      title: "The gateway cannot be reached.",
      fix: "Check that the network is running (npm start) and reload the page.",
    };
  }
  if (error instanceof DeskNotEnabledError) {
    return {
      title: "This gateway's institution does not open accounts here.",
      fix: "Open the wallet from a gateway that runs its institution's desk (npm start prints them).",
      code: error.code,
    };
  }
  if (error instanceof AccountExistsError) {
    return { title: "This key already has an account.", code: error.code };
  }
  if (error instanceof RateLimitedError) {
    return {
      title: "Too many requests from this browser for now.",
      fix: `Wait ${Math.ceil(error.retryAfterMs / 1000)} s and try again.`,
      code: error.code,
    };
  }
  if (error instanceof InsufficientFundsError) {
    const fix = fixOf(error);
    return { title: sentence(error.shortMessage), ...(fix === undefined ? {} : { fix }) };
  }
  if (error instanceof RefundExceedsRefundableError) {
    const refundable = error.metaMessages.find((line) => line.startsWith("- Refundable: "));
    return {
      title: sentence(
        refundable === undefined
          ? "That is more than can still be refunded of this payment; nothing was refunded"
          : `${error.shortMessage.replace(/^a refund/, "A refund").replace("exceeds the refundable", "is more than the")} that can still be refunded of this payment; nothing was refunded`,
      ),
      fix: "Refund at most what remains: refunds of a payment add up to at most what was paid.",
      code: error.codeName,
    };
  }
  if (error instanceof PaymentNotFoundError) {
    return {
      title:
        "The ledger remembers no payment of this sale to this shop, so it cannot be refunded here; nothing was refunded.",
      fix: "After 30 days a refund is an ordinary payment to the customer.",
      code: error.codeName,
    };
  }
  if (error instanceof RequestNotOpenError) {
    return {
      title:
        "This request is no longer open: it was paid, declined, cancelled or has expired; nothing was paid.",
      code: error.codeName,
    };
  }
  if (error instanceof RequestTermsMismatchError) {
    return {
      title: "The request changed after it was shown to you; nothing was paid.",
      fix: "Look at it again before approving.",
      code: error.codeName,
    };
  }
  if (error instanceof RequestsTooManyError) {
    const fix = fixOf(error);
    return {
      title: "Too many requests are open between these accounts for now; nothing was sent.",
      ...(fix === undefined ? {} : { fix }),
      code: error.codeName,
    };
  }
  if (error instanceof TransactionRejectedError) {
    // The gateway's own message says what was wrong with this transaction.
    const fix = fixOf(error);
    return {
      title: sentence(`The gateway refused the payment: ${error.details ?? error.codeName}`),
      ...(fix === undefined ? {} : { fix }),
      code: error.codeName,
    };
  }
  if (error instanceof TransactionFailedError) {
    const fix = fixOf(error);
    return {
      title: sentence(
        `The payment failed in block ${error.height}: ${error.codeName.replace(/_/g, " ")}; nothing was taken`,
      ),
      ...(fix === undefined ? {} : { fix }),
      code: error.codeName,
    };
  }
  if (error instanceof WaitForTransactionTimeoutError) {
    return {
      title: "The payment was sent but is not in a block yet.",
      fix: "It may still arrive: watch your history before sending it again.",
    };
  }
  if (error instanceof InvalidParameterError || error instanceof UnknownCurrencyError) {
    const fix = fixOf(error);
    return { title: sentence(error.shortMessage), ...(fix === undefined ? {} : { fix }) };
  }
  if (error instanceof ApiError) {
    return { title: sentence(error.details ?? error.shortMessage), code: error.code };
  }
  if (error instanceof BaseError) {
    const fix = fixOf(error);
    return { title: sentence(error.shortMessage), ...(fix === undefined ? {} : { fix }) };
  }
  if (error instanceof Error) return { title: sentence(error.message) };
  return { title: sentence(String(error)) };
}
