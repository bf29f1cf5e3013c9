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

/**
 * How long the ledger remembers a referenced payment (a transfer that carries a reference): 30
 * days of agreed time after the block that paid it. While remembered, the (payee, reference)
 * pair cannot be paid again, and the payee may refund it, in parts, up to what was paid. A
 * dynamic QR code is valid for at most a day and a transaction for at most another day, so a
 * code can never be paid twice by an honest wallet; the rest of the window is for refunds, as
 * long as a shop's usual return period. Memory grows with the referenced payments of the window
 * (docs/spec/ledger.md, "Memory"), which is why this is not longer.
 */
export const REFERENCE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The longest a request to pay may stay open: a week, enough for a bill a customer settles when
 * it suits them, short enough that a forgotten request does not hold a payer's slot for long.
 */
export const REQUEST_TIMEOUT_MS_MAX = 7 * 24 * 60 * 60 * 1000;

/** Open requests one payer may face: a wallet shows them all on one screen. */
export const OPEN_REQUESTS_PER_PAYER_MAX = 64;

/**
 * Open requests one payee may hold at once, across all payers: a shop's checkouts in progress.
 * A payee that bills more customers at once uses more accounts.
 */
export const OPEN_REQUESTS_PER_PAYEE_MAX = 1_024;

/**
 * Open requests from one payee to one payer. Without it a single payee could take all of a
 * payer's slots and shut out every other shop; with it, flooding a payer takes eight accounts
 * opened (with KYC) at member institutions.
 */
export const OPEN_REQUESTS_PER_PAIR_MAX = 8;

export const KYC_TIER_MAX = 3;

/** The longest an offer may stand: 30 days. Expired offers are removed, so memory is bounded. */
export const OFFER_LIFETIME_MS_MAX = 30 * 24 * 60 * 60 * 1000;

/** Offers one provider may have standing at once (one per currency pair and size band is ample). */
export const OFFERS_PER_PROVIDER_MAX = 256;

/** The longest a quote may hold a provider's liquidity: long enough to confirm a payment. */
export const QUOTE_TIMEOUT_MS_MAX = 10 * 60 * 1000;

/** Open quotes one institution may hold for its customers at once. */
export const QUOTES_PER_HOLDER_MAX = 4_096;

/** Open quotes for one customer: a few screens of comparison, not a way to corner liquidity. */
export const QUOTES_PER_PAYER_MAX = 4;

/** An offer's declared spread is in basis points: at most 100 %. */
export const SPREAD_BPS_MAX = 10_000;

/** KYC windows count spending in hourly buckets for the day and daily buckets for the month. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The daily limit counts the current hour and the 23 before it. */
export const DAILY_WINDOW_HOURS = 24;
/** The monthly limit counts the current day and the 29 before it. */
export const MONTHLY_WINDOW_DAYS = 30;

/** Fees are in basis points of the amount; 10,000 bps = 100 %. */
export const FEE_BPS_MAX = 10_000;

export const INSTITUTION_NAME_BYTES_MAX = 64;
export const CHAIN_ID_BYTES_MAX = 64;

assert(
  REFERENCE_RETENTION_MS >= 2 * VALIDITY_WINDOW_MS_MAX,
  "a paid reference outlives a day-long QR code and the transactions signed before it expired",
);
assert(
  OPEN_REQUESTS_PER_PAIR_MAX < OPEN_REQUESTS_PER_PAYER_MAX,
  "one payee alone cannot fill a payer's requests",
);
assert(
  OPEN_REQUESTS_PER_PAYER_MAX <= OPEN_REQUESTS_PER_PAYEE_MAX,
  "per-payer bound within per-payee",
);
assert(QUOTES_PER_PAYER_MAX <= QUOTES_PER_HOLDER_MAX, "per-payer bound within per-holder");
assert(SPREAD_BPS_MAX <= 0xffff, "spread is encoded as a u16");
assert(OPERATIONS_PER_TRANSACTION_MAX < 256, "operation count is encoded in one byte");
assert(
  TRANSACTIONS_PER_BLOCK_MAX * TRANSACTION_BYTES_MAX <= 128 * 1024 * 1024,
  "block bytes bound",
);
