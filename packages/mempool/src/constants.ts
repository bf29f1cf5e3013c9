/**
 * Default bounds of the mempool. Unlike the ledger's limits these are local settings, not
 * protocol: two nodes with different pool sizes still agree on every block.
 */
import { limits } from "@tongbao/ledger";

/**
 * Transactions held. 2.5 full blocks (TRANSACTIONS_PER_BLOCK_MAX is 20,000): enough to fill the
 * next proposal while the previous block commits, with a margin for bursts; beyond that a client
 * waits longer in the pool than it would waiting to retry, so the pool says "busy" instead.
 */
export const CAPACITY_TXS_DEFAULT = 50_000;

/**
 * Encoded bytes held (body + signature). Transactions may be up to 4 KiB, and 50,000 of those
 * would be 200 MiB; this caps the pool's memory when large transactions arrive, at a size a
 * gateway or validator can hold next to the ledger's state. The decoded objects cost a small
 * multiple of the encoded bytes, which is part of what this bound bounds.
 */
export const CAPACITY_BYTES_DEFAULT = 64 * 1024 * 1024;

/**
 * Transactions one signer may have waiting. 2 % of the default pool, so it takes 50 busy signers
 * to fill the pool, yet enough for a bank's payout account submitting a batch of remittances
 * (which then drains at round-robin speed, see `take`).
 */
export const PER_SIGNER_MAX_DEFAULT = 1_000;

/**
 * What a busy answer tells a client to wait. About one block interval: the pool only drains when
 * a block commits, so retrying sooner finds it as full as before.
 */
export const RETRY_AFTER_MS_DEFAULT = 1_000;

/**
 * Items in one admitBatch call. A batch is admitted synchronously, so this bounds how long one
 * request holds the event loop (a few hundred ms of signature verification at most).
 */
export const ADMIT_BATCH_ITEMS_MAX = 1_000;

/**
 * Largest capacities accepted. A bigger pool only keeps clients waiting minutes for inclusion; a
 * value above these is more likely a unit mistake in the configuration than a choice.
 */
export const CAPACITY_TXS_MAX = 100 * limits.TRANSACTIONS_PER_BLOCK_MAX;
export const CAPACITY_BYTES_MAX = 1024 * 1024 * 1024;

/** Longest wait a busy answer may ask for; beyond a minute a client cannot tell it from an outage. */
export const RETRY_AFTER_MS_MAX = 60_000;
