/**
 * `tongbao pay FROM --qr PAYLOAD [AMOUNT]`: pays a Tongbao merchant code. The code is verified
 * against its institution's key from the gateway's directory (verifyPaymentCode) before anything
 * is signed; the payee and amount come from the code, and a dynamic code's payment carries its
 * ledger reference, so the shop sees its sale paid. A static (counter) code needs the amount.
 */
import type { VerifyPaymentCodeReturnType } from "@tongbao/client";
import { CliError } from "./errors.ts";

export interface QrPayment {
  readonly to: string;
  readonly amount: string;
  readonly currency: string;
  /** The ledger reference of a dynamic code; a counter code's payment carries none. */
  readonly reference?: string;
  /** What the code says, as printed before paying and in --json output. */
  readonly payee: {
    readonly name: string;
    readonly city: string;
    readonly account: string;
    readonly institution: string;
    readonly verifiedBy: string;
    readonly kind: "static" | "dynamic";
    readonly codeReference?: string;
    readonly expiresAt?: string;
  };
}

/** The payment a verified code asks for; `amount` only for a counter code (or to confirm one). */
export function qrPaymentOf(
  verified: VerifyPaymentCodeReturnType,
  amount: string | undefined,
): QrPayment {
  const { code, institution } = verified;
  if (code.amount === undefined && amount === undefined) {
    throw new CliError(
      `${code.merchantName}'s counter code carries no amount: give it after the code, e.g. tongbao pay FROM --qr CODE 12.50`,
    );
  }
  if (code.amount !== undefined && amount !== undefined && amount !== code.amount) {
    throw new CliError(
      `the code asks for ${code.amount} ${code.currency}, not ${amount}; leave the amount out to pay what the code says`,
    );
  }
  return {
    to: code.account,
    amount: code.amount ?? amount!,
    currency: code.currency,
    ...(code.ledgerReference === undefined ? {} : { reference: code.ledgerReference }),
    payee: {
      name: code.merchantName,
      city: code.city,
      account: code.account,
      institution: code.institution,
      verifiedBy: institution.name,
      kind: code.kind,
      ...(code.reference === undefined ? {} : { codeReference: code.reference }),
      ...(code.expiresAtMs === undefined
        ? {}
        : { expiresAt: new Date(code.expiresAtMs).toISOString() }),
    },
  };
}

/** One line for people before the payment is signed. */
export function describeQrPayment(payment: QrPayment, nowMs: number): string {
  const { payee } = payment;
  const left =
    payee.expiresAt === undefined
      ? ""
      : `, valid ${Math.max(0, Math.floor((Date.parse(payee.expiresAt) - nowMs) / 1000))} s more`;
  return (
    `paying ${payee.name}, ${payee.city} (${payee.account} at ${payee.institution}; ` +
    `code verified by ${payee.verifiedBy}${left}): ${payment.amount} ${payment.currency}` +
    (payee.codeReference === undefined ? "" : `, reference ${payee.codeReference}`)
  );
}
