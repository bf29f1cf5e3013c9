/**
 * Bounds of the API services' memory. These are local settings (two gateways with different
 * windows agree on every block); each is a window of recent activity, not an archive — the block
 * store is the record, and a full history belongs to an indexer reading it.
 */
import { isErrorCode, limits as apiLimits } from "@tongbao/api";
import { ResultCode, limits as ledgerLimits, resultGroup } from "@tongbao/ledger";
import { ADMIT_BATCH_ITEMS_MAX } from "@tongbao/mempool";
import { assert } from "@tongbao/std";

/**
 * Blocks kept in memory with their receipts, so the newest blocks (the ones clients poll for)
 * are served without reading the store, and before the runtime has written them. At most
 * 64 × 20,000 receipts × 35 bytes ≈ 45 MB when every block is full.
 */
export const RECENT_BLOCKS_MAX = 64;

/**
 * Transaction hashes indexed to their (height, index). About 60 bytes each, so ~15 MB; at a
 * hundred payments a second that is the last forty minutes, far longer than a client waits for
 * a receipt. Older transactions are "unknown" here (the ledger still refuses their replay).
 */
export const TX_INDEX_MAX = 250_000;

/**
 * Account-history listings kept, counting an entry once per account it appears under (a payment
 * appears under payer and payee). Oldest go first.
 */
export const HISTORY_ENTRIES_MAX = 200_000;

/**
 * Estimated bytes of account history kept (account-history.ts): a payment listed under payer and
 * payee is about 800, so this is about 80,000 payments; an opening of eight accounts about 4,000.
 * A bound in entries alone let large transactions hold several times as much.
 */
export const HISTORY_BYTES_MAX = 64 * 1024 * 1024;

/** Entries one account keeps, so a very busy account cannot crowd out everyone else's history. */
export const HISTORY_PER_ACCOUNT_MAX = 1_000;

/** Payment references indexed to their latest committed payment, for late subscribers. */
export const REFERENCES_MAX = 100_000;

/**
 * Requests remembered after they close (approved, declined, cancelled, expired), so a payee
 * polling one learns how it ended. About 400 bytes each, so ~40 MB; at ten requests a second,
 * the last few hours — longer than a checkout waits.
 */
export const REQUESTS_CLOSED_MAX = 100_000;

/**
 * Open holds whose recipient is remembered, so a post is shown in the recipient's history too
 * (the ledger removes the hold in the block that posts it).
 */
export const PENDINGS_TRACKED_MAX = 100_000;

/** Subscriptions across all clients: room for every WebSocket topic the API server allows. */
export const SUBSCRIBERS_MAX = 50_000;

/**
 * Events waiting for one subscriber. A consumer further behind than this is dropped as slow
 * rather than buffered without bound; 4,096 covers an account receiving a few thousand payments
 * in one block.
 */
export const SUBSCRIBER_QUEUE_MAX = 4_096;

/**
 * How long a read or a submission waits for a block in execution (a validator between voting on
 * a proposal and committing it) before answering node_busy. Two seconds covers a consensus round
 * on a healthy network; longer means the network is stalled and the client should retry.
 */
export const COMMITTED_STATE_WAIT_MS_MAX = 2_000;
export const COMMITTED_STATE_POLL_MS = 5;

/** What a node_busy answer asks a client to wait. */
export const NODE_BUSY_RETRY_AFTER_MS = 1_000;

// Pair assertions: the API states these protocol limits without importing the packages that
// define them, so they are checked here, where both are in view.
assert(
  apiLimits.TRANSACTION_BYTES_MAX === ledgerLimits.TRANSACTION_BYTES_MAX,
  "api and ledger disagree on the largest transaction",
);
assert(
  apiLimits.BATCH_ITEMS_MAX === ADMIT_BATCH_ITEMS_MAX,
  "api and mempool disagree on the largest batch",
);
assert(
  apiLimits.WS_CONNECTIONS_MAX * apiLimits.WS_TOPICS_PER_CONNECTION_MAX <= SUBSCRIBERS_MAX,
  "the services must hold every subscription the API server allows",
);
assert(COMMITTED_STATE_POLL_MS < COMMITTED_STATE_WAIT_MS_MAX, "poll within the wait");

// Every refusal admission can answer must be an API error code, or the server could not say it.
for (const code of Object.values(ResultCode)) {
  if (typeof code !== "number") continue;
  const group = resultGroup(code);
  if (group === "malformed" || group === "not_includable") {
    assert(isErrorCode(ResultCode[code]), `ledger code ${ResultCode[code]} has no API error code`);
  }
}
for (const code of [
  "malformed_encoding",
  "signature_invalid",
  "mempool_full",
  "signer_pending_max",
]) {
  assert(isErrorCode(code), `mempool code ${code} has no API error code`);
}
