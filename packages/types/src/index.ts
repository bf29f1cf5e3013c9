export { type Amount, AMOUNT_MAX, isAmount, aAmount, parseAmount, formatAmount } from "./amount.ts";
export { type CurrencyCode, isCurrencyCode, aCurrencyCode, MINOR_UNITS_MAX } from "./currency.ts";
export {
  type AccountId,
  type Hash,
  type ClientId,
  type InstitutionId,
  ACCOUNT_ID_BYTES,
  HASH_BYTES,
  CLIENT_ID_BYTES,
  aAccountId,
  aHash,
  aClientId,
  aInstitutionId,
} from "./ids.ts";
export { type TimestampMs, type Height, type Round, aTimestampMs, aHeight } from "./time.ts";
