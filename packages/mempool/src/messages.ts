/**
 * The human half of every admission answer: what happened and what the submitter should change.
 * Codes are for programs; these sentences are for the person reading an error in a wallet or a
 * bank's integration log, so each one names the value at fault and the fix.
 */
import { ResultCode, limits, resultName, type SignedTransaction } from "@tongbao/ledger";
import type { DecodeError } from "@tongbao/codec";
import type { Hash } from "@tongbao/types";

/** The latest time a Date can represent; later u53 deadlines are printed as raw milliseconds. */
const DATE_MS_MAX = 8.64e15;

function formatTime(ms: number): string {
  return ms <= DATE_MS_MAX ? new Date(ms).toISOString() : `${ms} ms after the epoch`;
}

function operationAt(index: number | undefined): string {
  return index === undefined ? "the transaction" : `operation ${index}`;
}

export function malformedEncodingMessage(error: DecodeError): string {
  return (
    `the bytes are not a canonical signed transaction: ${error.message}; ` +
    `encode the body and append the 64-byte signature as docs/spec/encoding.md describes`
  );
}

/** Messages for the stateless (malformed, 1–99) codes of validateTransaction. */
export function validationMessage(code: ResultCode, operationIndex: number | undefined): string {
  const at = operationAt(operationIndex);
  switch (code) {
    case ResultCode.version_unsupported:
      return `the transaction version is not supported; build version 1 transactions`;
    case ResultCode.operations_must_not_be_empty:
      return `the transaction has no operations; add between 1 and ${limits.OPERATIONS_PER_TRANSACTION_MAX}`;
    case ResultCode.operations_too_many:
      return `the transaction has more than ${limits.OPERATIONS_PER_TRANSACTION_MAX} operations; split it into several transactions`;
    case ResultCode.amount_must_be_positive:
      return `${at} has an amount of zero; amounts must be at least one minor unit`;
    case ResultCode.amount_exceeds_maximum:
      return `${at} has an amount above the maximum of 2^63−1 minor units; send a smaller amount`;
    case ResultCode.currency_code_invalid:
      return `${at} has a currency code that is not three capital letters, e.g. "HKD"`;
    case ResultCode.accounts_must_be_different:
      return `${at} pays the signer's own account; choose a different recipient`;
    case ResultCode.kyc_tier_invalid:
      return `${at} opens an account with a KYC tier above ${limits.KYC_TIER_MAX}; use a tier from 0 to ${limits.KYC_TIER_MAX}`;
    case ResultCode.public_key_invalid:
      return `${at} has a P-256 public key that is not a compressed point; send the 33-byte form starting with 02 or 03`;
    case ResultCode.fee_rate_invalid:
      return `${at} sets a fee rate above ${limits.FEE_BPS_MAX} basis points (100 %); lower it`;
    case ResultCode.timeout_invalid:
      return `${at} has a hold timeout outside 1 ms to 30 days; choose a timeout in that range`;
    case ResultCode.id_must_not_be_zero:
      return operationIndex === undefined
        ? `the transaction id is all zeros; choose a random 16-byte id`
        : `${at} has a hold id of all zeros; choose a random 16-byte id`;
    case ResultCode.operation_unknown:
      return `${at} is of an unknown kind; use an operation from docs/spec/ledger.md`;
    default:
      return `${at} is malformed (${resultName(code)}); see docs/spec/ledger.md`;
  }
}

/** Messages for checkIncludable's refusals (100–199), at the admitting node's time `nowMs`. */
export function notIncludableMessage(
  code: ResultCode,
  signed: SignedTransaction,
  nowMs: number,
): string {
  const validUntil = formatTime(signed.tx.validUntilMs);
  switch (code) {
    case ResultCode.transaction_expired:
      return (
        `the transaction expired at ${validUntil} (now ${formatTime(nowMs)}); ` +
        `sign it again with a validUntil within the next 24 hours`
      );
    case ResultCode.valid_until_too_far:
      return (
        `validUntil ${validUntil} is more than 24 hours after now (${formatTime(nowMs)}); ` +
        `set it no later than ${formatTime(nowMs + limits.VALIDITY_WINDOW_MS_MAX)} and sign again`
      );
    case ResultCode.signer_account_not_found:
      return (
        `no account exists yet for the signing key (account ${signed.signer}); ` +
        `ask the institution to open it, then resubmit the same transaction`
      );
    default:
      return `the transaction cannot be included now (${resultName(code)}); see docs/spec/ledger.md`;
  }
}

export function committedDuplicateMessage(signed: SignedTransaction, other: Hash): string {
  return (
    `id ${signed.tx.id} was already used by this signer for transaction ${other}, which is ` +
    `committed; choose a new id for a new payment, or look up ${other} for the earlier one`
  );
}

export function pendingDuplicateMessage(signed: SignedTransaction, other: Hash): string {
  return (
    `id ${signed.tx.id} is already used by this signer for transaction ${other}, which is ` +
    `waiting for a block; choose a new id for a new payment, or wait for ${other}`
  );
}

export function committedMessage(height: number, code: ResultCode): string {
  const outcome =
    code === ResultCode.ok
      ? "it succeeded"
      : `it failed with ${resultName(code)} and changed nothing`;
  return `already committed at height ${height}: ${outcome}; resubmitting cannot change the result`;
}

export function signatureInvalidMessage(chainId: string): string {
  return (
    `the signature does not verify for the transaction's public key; sign the exact body bytes ` +
    `with purpose "tx" and chain id "${chainId}", then resubmit`
  );
}

export const ACCEPTED_MESSAGE =
  "accepted; it will be proposed in a coming block — follow its hash for the receipt";

export const KNOWN_MESSAGE =
  "already waiting in the mempool; no need to resubmit — follow its hash for the receipt";

export function fullMessage(retryAfterMs: number): string {
  return `mempool is full; retry after ${retryAfterMs} ms`;
}

export function signerFullMessage(
  signer: string,
  perSignerMax: number,
  retryAfterMs: number,
): string {
  return (
    `account ${signer} already has ${perSignerMax} transactions waiting, the most one signer may ` +
    `have; retry after ${retryAfterMs} ms, once a block has taken some of them`
  );
}
