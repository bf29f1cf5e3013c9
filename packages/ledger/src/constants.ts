/**
 * Limits of the ledger. Every one is part of the protocol: changing it changes which blocks are
 * valid, so it is a protocol upgrade, never a local setting.
 */
import { assert } from "@tongbao/std";

export const TRANSACTION_VERSION = 1;

/** Linked operations per transaction: enough for an FX payment's legs plus fees, small enough
 * that one transaction cannot monopolise a block. */
export const OPERATIONS_PER_TRANSACTION_MAX = 16;

/** Transactions per block. Bounds block bytes (with TRANSACTION_BYTES_MAX) and apply time. */
export const TRANSACTIONS_PER_BLOCK_MAX = 20_000;

/** Upper bound of one encoded signed transaction. */
export const TRANSACTION_BYTES_MAX = 4_096;

/** How far ahead a transaction's validUntil may be. The ledger remembers a transaction's id
 * until validUntil passes, so this bounds the memory used for idempotency (a day of traffic). */
export const VALIDITY_WINDOW_MS_MAX = 24 * 60 * 60 * 1000;

/** The longest hold a pending transfer may have: 30 days, enough for escrow and settlement. */
export const PENDING_TIMEOUT_MS_MAX = 30 * 24 * 60 * 60 * 1000;

export const KYC_TIER_MAX = 3;

/** Fees are in basis points of the amount; 10,000 bps = 100 %. */
export const FEE_BPS_MAX = 10_000;

export const INSTITUTION_NAME_BYTES_MAX = 64;
export const CHAIN_ID_BYTES_MAX = 64;

assert(OPERATIONS_PER_TRANSACTION_MAX < 256, "operation count is encoded in one byte");
assert(
  TRANSACTIONS_PER_BLOCK_MAX * TRANSACTION_BYTES_MAX <= 128 * 1024 * 1024,
  "block bytes bound",
);
