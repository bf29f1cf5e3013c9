/**
 * Result codes of ledger transactions. They are stored in receipts and hashed into blocks:
 * DO NOT RENUMBER. Add new codes at the end of their range.
 *
 * The range says what the network does with a transaction:
 * - 1–99 malformed: fails stateless validation; refused at admission; never included in a block.
 * - 100–199 not includable now: depends on state or agreed time (expired, duplicate, unknown
 *   signer); refused at admission and never included, but a corrected or later transaction
 *   may succeed.
 * - 200–299 failed: included and recorded; nothing changed (no fee either).
 */
export enum ResultCode {
  ok = 0,

  // 1..99 malformed
  version_unsupported = 1,
  operations_must_not_be_empty = 2,
  operations_too_many = 3,
  amount_must_be_positive = 4,
  amount_exceeds_maximum = 5,
  currency_code_invalid = 6,
  accounts_must_be_different = 7,
  kyc_tier_invalid = 8,
  public_key_invalid = 9,
  fee_rate_invalid = 10,
  timeout_invalid = 11,
  id_must_not_be_zero = 12,
  operation_unknown = 13,
  rate_invalid = 14,
  offer_limits_invalid = 15,
  currencies_must_be_different = 16,
  kyc_limits_invalid = 17,

  // 100..199 not includable now
  transaction_expired = 100,
  transaction_duplicate = 101,
  valid_until_too_far = 102,
  signer_account_not_found = 103,

  // 200..299 failed
  signer_frozen = 200,
  insufficient_funds = 201,
  account_not_found = 202,
  account_frozen = 203,
  currency_not_found = 204,
  not_currency_issuer = 205,
  not_an_institution = 206,
  not_authorized = 207,
  account_already_exists = 208,
  pending_not_found = 209,
  pending_already_exists = 210,
  pending_expired = 211,
  post_amount_exceeds_pending = 212,
  supply_would_overflow = 213,
  reference_already_paid = 214,
  payment_not_found = 215,
  refund_exceeds_refundable = 216,
  request_not_found = 217,
  request_already_exists = 218,
  request_expired = 219,
  requests_too_many = 220,
  request_terms_mismatch = 221,
  offer_not_found = 222,
  offer_expired = 223,
  offers_too_many = 224,
  amount_outside_offer_limits = 225,
  amount_too_small = 226,
  insufficient_liquidity = 227,
  quote_not_found = 228,
  quote_already_exists = 229,
  quote_expired = 230,
  quotes_too_many = 231,
  quote_terms_mismatch = 232,
  rate_beyond_limit = 233,
  travel_rule_required = 234,
  account_sanctioned = 235,
  per_payment_limit_exceeded = 236,
  daily_limit_exceeded = 237,
  monthly_limit_exceeded = 238,
  offer_lifetime_too_long = 239,
}

export type ResultGroup = "ok" | "malformed" | "not_includable" | "failed";

export function resultGroup(code: ResultCode): ResultGroup {
  if (code === ResultCode.ok) return "ok";
  if (code < 100) return "malformed";
  if (code < 200) return "not_includable";
  return "failed";
}

/** A stable snake_case name for APIs and logs, e.g. "insufficient_funds". */
export function resultName(code: ResultCode): string {
  return ResultCode[code] ?? `unknown_${code}`;
}
