/**
 * What every transaction builder shares: checking ids and deadlines, reading an amount in a
 * currency's minor units from the chain's own currency list, and encoding the transaction with
 * the ledger's canonical encoder. Each action's file builds its own operations on top.
 */
import type { Money } from "@tongbao/api";
import { accountIdFromPublicKey, type KeyType } from "@tongbao/codec";
import {
  encodeTransaction,
  limits as ledgerLimits,
  transactionHash,
  type Operation,
  type Transaction,
} from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import {
  formatAmount,
  parseAmount,
  type AccountId,
  type Amount,
  type ClientId,
  type Hash,
  type TimestampMs,
} from "@tongbao/types";
import type { Client } from "../client.ts";
import { InvalidAmountError, InvalidParameterError, UnknownCurrencyError } from "../errors.ts";

/** A transaction's validity window when none is given: long enough for retries, short enough to stop worrying. */
export const VALID_FOR_MS_DEFAULT = 10 * 60 * 1000;

const ACCOUNT_ID = /^[0-9a-f]{40}$/;
const HASH = /^[0-9a-f]{64}$/;
const CLIENT_ID = /^[0-9a-f]{32}$/;

/** The public half of a key: it names the signer (a Signer, or a KeyPair from crypto). */
export interface PublicKeyLike {
  readonly type: KeyType;
  readonly publicKey: Uint8Array;
}

/** An unsigned transaction with the facts every builder returns. */
export interface BuiltTransaction {
  readonly transaction: Transaction;
  /** The canonical bytes that are signed. */
  readonly body: Uint8Array;
  readonly hash: Hash;
  readonly from: AccountId;
}

export function randomClientId(): ClientId {
  const bytes = new Uint8Array(16);
  do globalThis.crypto.getRandomValues(bytes);
  while (bytes.every((b) => b === 0));
  return bytesToHex(bytes) as ClientId;
}

export function anAccountId(name: string, value: string): AccountId {
  if (!ACCOUNT_ID.test(value)) {
    throw new InvalidParameterError(
      name,
      `"${value}" is not an account id (40 lower-case hex characters)`,
    );
  }
  return value as AccountId;
}

export function aHash(name: string, value: string): Hash {
  if (!HASH.test(value))
    throw new InvalidParameterError(name, "expected 64 lower-case hex characters");
  return value as Hash;
}

export function optionalHash(name: string, value: string | undefined): Hash | undefined {
  return value === undefined ? undefined : aHash(name, value);
}

/** A client-chosen id: 32 lower-case hex characters, not all zero; random when absent. */
export function aClientId(name: string, value: string | undefined): ClientId {
  if (value === undefined) return randomClientId();
  if (!CLIENT_ID.test(value) || /^0+$/.test(value)) {
    throw new InvalidParameterError(name, "expected 32 lower-case hex characters, not all zero");
  }
  return value as ClientId;
}

/** A decimal amount of a chain currency, in minor units; greater than zero. */
export interface ParsedAmount {
  readonly amount: Money;
  readonly amountMinor: Amount;
  /** The currency's digits after the decimal point. */
  readonly minorUnits: number;
}

/** Reads `amount` in `currency` (the chain's currencies come from the gateway, once per client). */
export async function parseMoney(
  client: Client,
  name: string,
  amount: string,
  currency: string,
): Promise<ParsedAmount> {
  const currencies = await (client.cache.currencies ?? client.getCurrencies());
  const known = currencies.find((c) => c.code === currency);
  if (known === undefined) {
    throw new UnknownCurrencyError(
      currency,
      currencies.map((c) => c.code),
    );
  }
  let amountMinor: Amount;
  try {
    amountMinor = parseAmount(amount, known.minorUnits, name);
  } catch (error) {
    throw new InvalidAmountError(name, (error as Error).message.replace(`${name}: `, ""));
  }
  if (amountMinor === 0n) throw new InvalidAmountError(name, "must be greater than zero");
  return {
    amount: { amount: formatAmount(amountMinor, known.minorUnits), currency },
    amountMinor,
    minorUnits: known.minorUnits,
  };
}

export interface BuildTransactionParameters {
  readonly from: PublicKeyLike;
  readonly operations: readonly Operation[];
  /** The transaction's id (32 hex); random by default. Resubmitting the same id is idempotent. */
  readonly id?: string | undefined;
  /** How long the transaction may wait for a block; VALID_FOR_MS_DEFAULT, at most 24 h. */
  readonly validForMs?: number | undefined;
}

/** Encodes an unsigned transaction of `operations` from `from`, valid for `validForMs`. */
export function buildTransaction(
  client: Client,
  params: BuildTransactionParameters,
): BuiltTransaction {
  const validForMs = params.validForMs ?? VALID_FOR_MS_DEFAULT;
  if (
    !Number.isSafeInteger(validForMs) ||
    validForMs < 1 ||
    validForMs > ledgerLimits.VALIDITY_WINDOW_MS_MAX
  ) {
    throw new InvalidParameterError(
      "validForMs",
      `expected 1 to ${ledgerLimits.VALIDITY_WINDOW_MS_MAX} ms`,
    );
  }
  const transaction: Transaction = {
    version: 1,
    keyType: params.from.type,
    publicKey: params.from.publicKey,
    id: aClientId("id", params.id),
    validUntilMs: (client.nowMs() + validForMs) as TimestampMs,
    operations: params.operations,
  };
  const body = encodeTransaction(transaction);
  return {
    transaction,
    body,
    hash: transactionHash(body),
    from: accountIdFromPublicKey(params.from.type, params.from.publicKey),
  };
}
