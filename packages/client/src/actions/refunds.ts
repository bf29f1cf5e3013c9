/**
 * Refunds: the payee of a referenced payment returns part or all of it to the payer. The ledger
 * refuses more than remains refundable; `buildRefund` reads the payment first, so a refund of an
 * unknown payment or of too much fails here, before anything is signed.
 */
import type { Money, PaymentPaidView } from "@tongbao/api";
import { accountIdFromPublicKey } from "@tongbao/codec";
import { formatAmount, parseAmount, type Amount } from "@tongbao/types";
import type { Client } from "../client.ts";
import {
  InvalidAmountError,
  PaymentNotFoundError,
  RefundExceedsRefundableError,
  type ApiError,
  type HttpRequestError,
  type InvalidParameterError,
  type TransactionFailedError,
} from "../errors.ts";
import { aHash, buildTransaction, type BuiltTransaction, type PublicKeyLike } from "./build.ts";
import { getPayment } from "./payment-queries.ts";
import type { Signer } from "../signer.ts";
import { sendAndWait, type Succeeded } from "./send.ts";
import type { SubmitTransactionErrorType, WaitForTransactionErrorType } from "./transactions.ts";

export interface BuildRefundParameters {
  /** The payee's key (the merchant that was paid): its public half names the signer. */
  readonly from: PublicKeyLike;
  /** The payment's reference. */
  readonly reference: string;
  /** A decimal string in the payment's currency; everything still refundable when absent. */
  readonly amount?: string;
  readonly id?: string;
  readonly validForMs?: number;
}

export interface BuildRefundReturnType extends BuiltTransaction {
  readonly amount: Money;
  readonly amountMinor: Amount;
  /** The payment as the gateway showed it before the refund. */
  readonly payment: PaymentPaidView;
}

export type BuildRefundErrorType =
  | PaymentNotFoundError
  | RefundExceedsRefundableError
  | InvalidAmountError
  | InvalidParameterError
  | ApiError
  | HttpRequestError;

/**
 * Builds an unsigned refund of a payment made to `from`'s account.
 * @example
 * const built = await buildRefund(client, { from: merchantKey, reference, amount: "5.00" });
 * @throws PaymentNotFoundError, RefundExceedsRefundableError — before anything is signed.
 */
export async function buildRefund(
  client: Client,
  params: BuildRefundParameters,
): Promise<BuildRefundReturnType> {
  const reference = aHash("reference", params.reference);
  const payee = accountIdFromPublicKey(params.from.type, params.from.publicKey);
  const payment = await getPayment(client, { payee, reference });
  if (!payment.paid) throw new PaymentNotFoundError(reference);
  const { currency } = payment.amount;
  const currencies = await (client.cache.currencies ?? client.getCurrencies());
  const minorUnits = currencies.find((c) => c.code === currency)?.minorUnits ?? 0;
  const refundable = parseAmount(payment.refundable.amount, minorUnits);
  let amountMinor: Amount;
  try {
    amountMinor = parseAmount(params.amount ?? payment.refundable.amount, minorUnits, "amount");
  } catch (error) {
    throw new InvalidAmountError("amount", (error as Error).message.replace("amount: ", ""));
  }
  const amount = formatAmount(amountMinor, minorUnits);
  if (amountMinor === 0n || amountMinor > refundable) {
    throw new RefundExceedsRefundableError({
      amount,
      refundable: payment.refundable.amount,
      currency,
    });
  }
  const built = buildTransaction(client, {
    from: params.from,
    operations: [{ kind: "refund", reference, amount: amountMinor }],
    id: params.id,
    validForMs: params.validForMs,
  });
  return { ...built, amount: { amount, currency }, amountMinor, payment };
}

export interface RefundParameters {
  /** The payee's Signer: nobleSigner in a browser, keySigner in Node. */
  readonly signer: Signer;
  readonly reference: string;
  /** Everything still refundable when absent. */
  readonly amount?: string;
  readonly id?: string;
  readonly validForMs?: number;
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
}

export type RefundReturnType = Succeeded;
export type RefundErrorType =
  | BuildRefundErrorType
  | TransactionFailedError
  | SubmitTransactionErrorType
  | WaitForTransactionErrorType;

/**
 * Builds, signs, submits and waits for a refund; resolves when it is committed successfully.
 * @example
 * await refund(client, { signer: merchantSigner, reference, amount: "5.00" });
 */
export async function refund(client: Client, params: RefundParameters): Promise<RefundReturnType> {
  const { signer } = params;
  const built = await buildRefund(client, {
    from: signer,
    reference: params.reference,
    ...(params.amount === undefined ? {} : { amount: params.amount }),
    ...(params.id === undefined ? {} : { id: params.id }),
    ...(params.validForMs === undefined ? {} : { validForMs: params.validForMs }),
  });
  return sendAndWait(client, {
    transaction: built,
    signer,
    timeoutMs: params.timeoutMs,
    pollIntervalMs: params.pollIntervalMs,
    reference: params.reference,
  });
}
