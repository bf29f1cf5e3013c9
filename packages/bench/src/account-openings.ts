/**
 * Accounts opened and funded by transactions, to give the ledger the size of a real one (a
 * million accounts) without putting them in the genesis file, which a node reads only up to
 * 16 MiB. The institution signs each opening: `open_account` for a customer's key, then `issue`
 * of a small balance to it, eight customers to a transaction (the ledger allows 16 operations).
 *
 * The customers' keys are 32 bytes drawn from a seeded PRNG, not key pairs: these accounts hold
 * state and never pay, so no one needs their private keys, and drawing them costs nothing
 * beside generating a million Ed25519 key pairs.
 */
import { accountIdFromPublicKey } from "@tongbao/codec";
import { KeyType, encodeSignedTransaction, limits, type Operation } from "@tongbao/ledger";
import { Prng } from "@tongbao/std";
import type { AccountId, Amount, CurrencyCode } from "@tongbao/types";
import type { Signer } from "@tongbao/cli";
import type { SignedPayment } from "./generator.ts";

/** Two operations per account (open, issue) within one transaction's operations. */
export const ACCOUNTS_PER_OPENING = Math.floor(limits.OPERATIONS_PER_TRANSACTION_MAX / 2);
/** The most accounts `--open-accounts` takes: enough for the million of the memory target. */
export const OPEN_ACCOUNTS_MAX = 2_000_000;
/** The KYC tier the opened accounts get (the lowest that holds a balance). */
export const OPENED_KYC_TIER = 1;

export interface AccountOpeningsOptions {
  readonly count: number;
  readonly seed: number;
  readonly currency: string;
  /** Issued to each opened account, in minor units. */
  readonly balanceMinor: bigint;
}

/** Signs `count` account openings as ⌈count ÷ 8⌉ transactions of the institution. */
export function signAccountOpenings(
  institution: Signer,
  options: AccountOpeningsOptions,
): SignedPayment[] {
  const { count, currency, balanceMinor } = options;
  if (!Number.isInteger(count) || count < 0 || count > OPEN_ACCOUNTS_MAX) {
    throw new RangeError(`accounts to open: an integer from 0 to ${OPEN_ACCOUNTS_MAX}`);
  }
  const prng = new Prng(options.seed);
  const out: SignedPayment[] = [];
  for (let first = 0; first < count; first += ACCOUNTS_PER_OPENING) {
    const operations: Operation[] = [];
    for (let i = first; i < Math.min(count, first + ACCOUNTS_PER_OPENING); i++) {
      const publicKey = prng.bytes(32);
      operations.push({
        kind: "open_account",
        keyType: KeyType.Ed25519,
        publicKey,
        kycTier: OPENED_KYC_TIER,
      });
      operations.push({
        kind: "issue",
        currency: currency as CurrencyCode,
        to: accountIdFromPublicKey(KeyType.Ed25519, publicKey) as AccountId,
        amount: balanceMinor as Amount,
      });
    }
    const signed = institution.sign(operations);
    out.push({ hash: signed.hash, bytes: encodeSignedTransaction(signed) });
  }
  return out;
}
