/**
 * Every size and rate the public API accepts, each with its reason. Server and client read the
 * same values, so a client can split its work before the server has to refuse it.
 *
 * Two values mirror protocol limits defined lower in the stack (the api package may not depend
 * on the ledger or the mempool); the node asserts at start-up that they are equal.
 */
import { assert } from "@tongbao/std";

/** Largest encoded signed transaction: the ledger's TRANSACTION_BYTES_MAX (asserted by node). */
export const TRANSACTION_BYTES_MAX = 4_096;

/**
 * Transactions in one JSON submission. JSON carries hex, twice the bytes of the binary batch,
 * so a submitter with more than a handful uses `POST /v1/transactions/batch` instead.
 */
export const JSON_TRANSACTIONS_MAX = 64;

/**
 * JSON request bodies: room for JSON_TRANSACTIONS_MAX transactions of the largest size as hex
 * with their quotes and commas. A larger body cannot be a valid request, so it is refused
 * before it is parsed (413), which bounds the memory and time one request may cost.
 */
export const JSON_BODY_BYTES_MAX = 1024 * 1024;

/**
 * Items in one binary batch: the mempool's ADMIT_BATCH_ITEMS_MAX (asserted by node). A batch is
 * admitted synchronously, so this bounds how long one request holds the event loop.
 */
export const BATCH_ITEMS_MAX = 1_000;

/** Binary batch bodies: u32 count, then BATCH_ITEMS_MAX × (u32 length + largest transaction). */
export const BATCH_BODY_BYTES_MAX = 4 + BATCH_ITEMS_MAX * (4 + TRANSACTION_BYTES_MAX);

/**
 * Sustained requests per second per client address. A wallet polling a payment makes about four
 * a second; a bank submitting in bulk uses the batch endpoint (a thousand transactions a
 * request). Fifty a second leaves both room while one address cannot monopolise a gateway.
 */
export const RATE_PER_SECOND_DEFAULT = 50;

/** Requests a client may make at once after being idle: a page load fans out to a few dozen. */
export const RATE_BURST_DEFAULT = 100;

/**
 * A batch costs one request plus one more for every BATCH_ITEMS_PER_TOKEN items, because its
 * cost is in the signatures it makes the node verify: a full batch is 21 requests' worth.
 */
export const BATCH_ITEMS_PER_TOKEN = 50;

/**
 * Client addresses whose buckets are remembered. Past this the least recently seen is forgotten
 * (it starts again with a full bucket), so a spray of source addresses cannot grow memory.
 */
export const RATE_CLIENTS_MAX = 10_000;

/**
 * Accounts one address may open at an institution's desk: a person sets up a wallet or two, a
 * test a handful. Each opening costs the institution a transaction and, on a devnet, demo money,
 * so the desk has its own bucket, far stricter than the general one.
 */
export const DESK_OPENS_PER_MINUTE_DEFAULT = 6;
export const DESK_OPENS_BURST_DEFAULT = 10;

/**
 * Accounts a desk opens per minute from all addresses together: a spray of addresses cannot
 * make one institution sign (and fund) without end.
 */
export const DESK_OPENS_PER_MINUTE_ALL_DEFAULT = 120;

/**
 * Firm quotes one address may have its institution's desk hold per minute, and its burst. Each
 * one commits a hold on a provider's liquidity for a minute, so it is charged like a desk write:
 * a wallet asks again about once a minute while its person reviews, a test a handful at once.
 */
export const FIRM_QUOTES_PER_MINUTE_DEFAULT = 20;
export const FIRM_QUOTES_BURST_DEFAULT = 10;

/**
 * Firm quotes a desk holds per minute for all addresses together (also its burst): a spray of
 * addresses cannot make one institution tie up its providers' liquidity without end.
 */
export const FIRM_QUOTES_PER_MINUTE_ALL_DEFAULT = 600;

/**
 * QR codes a merchant's address may have its institution sign per minute, and its burst: a till
 * makes one per sale and a busy counter a few a minute. Signing is cheap and nothing is stored,
 * so the per-address bucket is the only one.
 */
export const MERCHANT_CODES_PER_MINUTE_DEFAULT = 60;
export const MERCHANT_CODES_BURST_DEFAULT = 20;

/**
 * How far a merchant's signed request time may be from the desk's clock. It keeps a request
 * overheard on the way from being replayed later; five minutes forgives a phone's clock drift.
 */
export const DESK_REQUEST_SKEW_MS_MAX = 5 * 60 * 1000;

/**
 * How long a dynamic merchant code is payable: at least a minute (a payer needs time to scan
 * and confirm), 15 minutes unless asked, at most 24 hours — as long as the ledger remembers a
 * paid reference (emvqr's DYNAMIC_VALIDITY_MS_MAX; the node asserts they are equal).
 */
export const MERCHANT_CODE_VALIDITY_MS_MIN = 60 * 1000;
export const MERCHANT_CODE_VALIDITY_MS_DEFAULT = 15 * 60 * 1000;
export const MERCHANT_CODE_VALIDITY_MS_MAX = 24 * 60 * 60 * 1000;

/** EMV's limits of the merchant name (59) and city (60) a code carries. */
export const MERCHANT_NAME_LENGTH_MAX = 25;
export const MERCHANT_CITY_LENGTH_MAX = 15;

/** A display name given when opening an account: a person's name fits, a document does not. */
export const DESK_NAME_LENGTH_MAX = 64;

/** Entries in one page of account history; a page larger than a screen is rarely wanted. */
export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 20;

/** A subscription message from a client is a small JSON object; anything bigger is refused. */
export const WS_MESSAGE_BYTES_MAX = 1_024;

/** Topics on one WebSocket: a wallet follows its accounts and a few pending payments. */
export const WS_TOPICS_PER_CONNECTION_MAX = 32;

/** Open WebSockets per server: each holds a socket and up to WS_BUFFERED_BYTES_MAX of output. */
export const WS_CONNECTIONS_MAX = 1_000;

/**
 * Output bytes a WebSocket may have waiting in its socket. Past this the server stops writing
 * and lets events queue in the node's bounded per-subscriber queue; when that fills, the
 * subscriber is dropped as a slow consumer (close code 1013) instead of growing memory.
 */
export const WS_BUFFERED_BYTES_MAX = 1024 * 1024;

assert(
  JSON_TRANSACTIONS_MAX * (2 * TRANSACTION_BYTES_MAX + 3) + 64 <= JSON_BODY_BYTES_MAX,
  "a JSON body must hold JSON_TRANSACTIONS_MAX transactions of the largest size",
);
assert(BATCH_ITEMS_PER_TOKEN > 0 && BATCH_ITEMS_MAX >= BATCH_ITEMS_PER_TOKEN, "batch token cost");
assert(
  1 + Math.ceil(BATCH_ITEMS_MAX / BATCH_ITEMS_PER_TOKEN) <= RATE_BURST_DEFAULT,
  "a full batch must fit in a full bucket, or it could never be submitted",
);
assert(HISTORY_PAGE_DEFAULT <= HISTORY_PAGE_MAX, "default history page within the maximum");
assert(
  MERCHANT_CODE_VALIDITY_MS_MIN <= MERCHANT_CODE_VALIDITY_MS_DEFAULT &&
    MERCHANT_CODE_VALIDITY_MS_DEFAULT <= MERCHANT_CODE_VALIDITY_MS_MAX,
  "the default validity of a merchant code within its bounds",
);

/**
 * An encrypted travel-rule envelope's text: @tongbao/travel-rule's ENVELOPE_CHARS_MAX (the node
 * asserts they are equal). 32 KiB of data, base64url, and sixteen recipients' wrapped keys.
 */
export const TRAVEL_RULE_ENVELOPE_CHARS_MAX = 64 * 1024;
