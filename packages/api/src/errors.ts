/**
 * The API's error codes: each with its HTTP status and what it means. Every error answer is
 *
 *   { "error": { "code": "…", "message": "…what happened and what to do…", "details": {…} } }
 *
 * Codes are stable: clients branch on them (the SDK maps them to error classes), so a code is
 * never renamed or given another meaning; new codes are added. Routes declare which codes they
 * can return, and the OpenAPI document lists them per route and status.
 */

export interface ErrorCodeInfo {
  readonly status: number;
  readonly description: string;
}

/** Ledger result codes that admission refuses as malformed: the transaction can never succeed. */
export const MALFORMED_TRANSACTION_CODES = [
  "malformed_encoding",
  "signature_invalid",
  "version_unsupported",
  "operations_must_not_be_empty",
  "operations_too_many",
  "amount_must_be_positive",
  "amount_exceeds_maximum",
  "currency_code_invalid",
  "accounts_must_be_different",
  "kyc_tier_invalid",
  "public_key_invalid",
  "fee_rate_invalid",
  "timeout_invalid",
  "id_must_not_be_zero",
  "operation_unknown",
  "rate_invalid",
  "offer_limits_invalid",
  "currencies_must_be_different",
  "kyc_limits_invalid",
] as const;

const malformed = Object.fromEntries(
  MALFORMED_TRANSACTION_CODES.map((code) => [
    code,
    {
      status: 400,
      description:
        "The transaction is malformed (bad encoding, signature or field); it can never be accepted. Fix and sign a new one.",
    },
  ]),
) as { readonly [K in (typeof MALFORMED_TRANSACTION_CODES)[number]]: ErrorCodeInfo };

export const ERROR_CODES = {
  // ---- the request itself -------------------------------------------------------------------
  invalid_json: { status: 400, description: "The body is not well-formed JSON." },
  invalid_request: {
    status: 400,
    description:
      "A path, query or body field has the wrong type or form, is missing, or is not a field of this request.",
  },
  unsupported_media_type: {
    status: 415,
    description: "The Content-Type is not the one this route reads.",
  },
  body_too_large: {
    status: 413,
    description: "The body exceeds the route's size limit (details.limitBytes).",
  },
  batch_malformed: {
    status: 400,
    description: "The binary batch framing (u32 count, then u32 length + bytes per item) is wrong.",
  },
  request_timeout: {
    status: 408,
    description: "The request did not arrive whole in time (30 s); the connection is closed.",
  },
  headers_too_large: {
    status: 431,
    description: "The request's headers exceed the server's limit (16 KiB).",
  },
  rate_limited: {
    status: 429,
    description: "Too many requests from this address; wait details.retryAfterMs (Retry-After).",
  },
  route_not_found: { status: 404, description: "No route has this method and path." },
  upgrade_required: {
    status: 426,
    description: "This route is a WebSocket: connect with an Upgrade: websocket request.",
  },
  subscriptions_too_many: {
    status: 429,
    description: "This WebSocket follows as many topics as it may, or the node as many as it can.",
  },

  // ---- lookups ------------------------------------------------------------------------------
  transaction_not_found: {
    status: 404,
    description:
      "The transaction is neither waiting in this node's mempool nor among the committed transactions it indexes.",
  },
  account_not_found: { status: 404, description: "No account has this id." },
  block_not_found: { status: 404, description: "No block has been committed at this height." },
  request_not_found: {
    status: 404,
    description:
      "The payee has no open request with this id, and this node remembers no recent one closed.",
  },

  // ---- admission ----------------------------------------------------------------------------
  ...malformed,
  transaction_expired: {
    status: 422,
    description: "The transaction's validUntil has passed; build a new one with a later deadline.",
  },
  valid_until_too_far: {
    status: 422,
    description: "The transaction's validUntil is more than 24 hours ahead.",
  },
  currency_not_found: {
    status: 422,
    description: "An operation names a currency this chain does not have.",
  },
  transaction_duplicate: {
    status: 409,
    description:
      "Another transaction with the same signer and id is pending or committed; choose a new id.",
  },
  signer_account_not_found: {
    status: 409,
    description:
      "The signer's account does not exist (yet); retry after details.retryAfterMs if it is being opened.",
  },
  signer_pending_max: {
    status: 429,
    description: "The signer has too many transactions waiting; retry after details.retryAfterMs.",
  },
  mempool_full: {
    status: 503,
    description: "The mempool is full; retry after details.retryAfterMs (Retry-After).",
  },

  // ---- remittances: admission -----------------------------------------------------------------
  account_sanctioned: {
    status: 403,
    description:
      "An account the transaction names (signer, recipient or liquidity provider) is sanctioned by a regulator (details.account); nothing was submitted. Ask the account's institution.",
  },
  travel_rule_required: {
    status: 422,
    description:
      "The remittance is at or above the send currency's travel-rule threshold (details.threshold) and carries no travel-rule hash; seal and upload the originator and beneficiary data, then sign the remit with its hash.",
  },
  travel_rule_envelope_missing: {
    status: 422,
    description:
      "The remittance names a travel-rule hash, but this node holds no envelope with that hash sealed to the sender's institution, the recipient's institution and every regulator (details.missing); upload it (POST /v1/travel-rule) before submitting.",
  },

  // ---- remittances: offers and quotes ---------------------------------------------------------
  no_offer: {
    status: 404,
    description:
      "No live offer converts the send currency into the receive currency (details.from, details.to); try later or another pair.",
  },
  amount_out_of_range: {
    status: 422,
    description:
      "The amount is outside every live offer's limits for the pair (details.min, details.max in the send currency); send an amount inside them.",
  },
  insufficient_liquidity: {
    status: 409,
    description:
      "No offer for the pair has enough of the receive currency available for this amount (details.available); send less, or try later.",
  },
  quote_refused: {
    status: 409,
    description:
      "The desk's hold of liquidity for a firm quote failed in the ledger (details.codeName); ask for a new quote.",
  },

  // ---- remittances: ISO 20022 -----------------------------------------------------------------
  not_a_remittance: {
    status: 409,
    description:
      "The transaction is committed but is not a settled remittance (it has no successful remit operation, or failed); only remittances have an ISO 20022 export.",
  },

  // ---- the institution desk -----------------------------------------------------------------
  desk_not_enabled: {
    status: 404,
    description:
      "This gateway runs no institution desk (no account openings, no merchant codes): its node is not configured with its institution's key. Ask the institution, or use a gateway that runs its desk.",
  },
  account_exists: {
    status: 409,
    description:
      "An account for this key already exists (details.account); use it, or register a new key.",
  },
  proof_invalid: {
    status: 400,
    description:
      "The proof is not the key's signature over the request (opening an account: the key being registered; a merchant's request: the merchant account's key); sign it with that key.",
  },
  request_stale: {
    status: 400,
    description:
      "The request's requestedAt is more than 5 minutes away from the desk's clock (details.skewMs); check the device's clock and sign the request again.",
  },
  account_other_institution: {
    status: 409,
    description:
      "The account belongs to another institution (details.institution); its merchant codes are made by that institution's desk.",
  },
  account_frozen: {
    status: 409,
    description: "The account is frozen; its institution makes no payment codes for it.",
  },
  merchant_not_registered: {
    status: 404,
    description:
      "The institution knows no merchant profile for this account; register one (POST /v1/desk/merchants).",
  },
  merchant_register_full: {
    status: 503,
    description:
      "The desk's register of merchant profiles is full; the institution must make room (an operator's task).",
  },

  // ---- travel-rule envelopes ----------------------------------------------------------------
  envelope_invalid: {
    status: 400,
    description:
      "The travel-rule envelope cannot be stored: malformed, of another chain, not committing to the hash given, or addressed to a key that is not its institution's travel-rule key (GET /v1/institutions). The message says which; nothing was stored.",
  },
  envelope_conflict: {
    status: 409,
    description:
      "Another envelope is already stored under this hash; the first one that fits a hash is kept.",
  },
  envelope_store_full: {
    status: 503,
    description: "This node holds as many envelopes as it may; an operator must make room.",
  },
  travel_rule_not_found: {
    status: 404,
    description:
      "Neither this node nor its peers (asked for up to 2 s) hold an envelope under this hash; upload it (POST /v1/travel-rule) or retry.",
  },
  travel_rule_not_enabled: {
    status: 404,
    description: "This gateway keeps no travel-rule envelopes.",
  },
  operator_token_required: {
    status: 401,
    description:
      "Reading travel-rule data needs this node's operator token: send Authorization: Bearer <token>.",
  },
  not_a_recipient: {
    status: 403,
    description:
      "The envelope is not encrypted to this gateway's institution (details.recipients), or this node holds no travel-rule private key; read it at a recipient's gateway.",
  },
  envelope_hash_mismatch: {
    status: 422,
    description:
      "The envelope does not match its hash: its data does not hash to the hash the payment carries, or it was altered. Refuse the data and report the sender.",
  },
  // ---- the node -----------------------------------------------------------------------------
  node_busy: {
    status: 503,
    description:
      "The node is finishing a block and could not answer from committed state in time; retry.",
  },
  not_ready: {
    status: 503,
    description: "The node is not ready to serve (starting, or catching up with the network).",
  },
  internal_error: {
    status: 500,
    description: "The node failed; the request may be retried. Operators find the cause in logs.",
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes any route may answer with, whatever it declares: limits and failures of the server. */
export const COMMON_ERROR_CODES = [
  "invalid_request",
  "rate_limited",
  "internal_error",
] as const satisfies readonly ErrorCode[];

/** Codes a transaction submission may answer with. */
export const SUBMISSION_ERROR_CODES = [
  ...MALFORMED_TRANSACTION_CODES,
  "transaction_expired",
  "valid_until_too_far",
  "currency_not_found",
  "transaction_duplicate",
  "signer_account_not_found",
  "signer_pending_max",
  "mempool_full",
  "account_sanctioned",
  "travel_rule_required",
  "travel_rule_envelope_missing",
] as const satisfies readonly ErrorCode[];

/** Codes asking for a quote may answer with (firm quotes are held through the desk). */
export const QUOTE_ERROR_CODES = [
  "currency_not_found",
  "no_offer",
  "amount_out_of_range",
  "insufficient_liquidity",
  "account_not_found",
  "account_other_institution",
  "account_frozen",
  "account_sanctioned",
  "quote_refused",
  "mempool_full",
  "signer_pending_max",
  "node_busy",
] as const satisfies readonly ErrorCode[];

/** Codes opening an account at a desk may answer with (it submits the institution's transaction). */
export const DESK_ERROR_CODES = [
  "desk_not_enabled",
  "account_exists",
  "proof_invalid",
  "invalid_json",
  "unsupported_media_type",
  "body_too_large",
  "mempool_full",
  "signer_pending_max",
  "node_busy",
] as const satisfies readonly ErrorCode[];

/** Codes a merchant's request at a desk may answer with: it names an account and proves it. */
export const MERCHANT_DESK_ERROR_CODES = [
  "desk_not_enabled",
  "invalid_json",
  "unsupported_media_type",
  "body_too_large",
  "account_not_found",
  "account_other_institution",
  "account_frozen",
  "proof_invalid",
  "request_stale",
  "node_busy",
] as const satisfies readonly ErrorCode[];

/** Codes an envelope upload may answer with. */
export const TRAVEL_RULE_UPLOAD_ERROR_CODES = [
  "travel_rule_not_enabled",
  "envelope_invalid",
  "envelope_conflict",
  "envelope_store_full",
  "invalid_json",
  "unsupported_media_type",
  "body_too_large",
] as const satisfies readonly ErrorCode[];

/** Codes reading travel-rule data may answer with. */
export const TRAVEL_RULE_READ_ERROR_CODES = [
  "travel_rule_not_enabled",
  "operator_token_required",
  "not_a_recipient",
  "travel_rule_not_found",
  "envelope_hash_mismatch",
] as const satisfies readonly ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
