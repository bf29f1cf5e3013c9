export { ISO4217_MINOR_UNITS } from "./amount.ts";
export { uetrFromTxHash, isUetr, UETR_PATTERN, UETR_HASH_TAG } from "./uetr.ts";
export { isoAccountId, accountIdFromIso, TONGBAO_SCHEME } from "./account-id.ts";
export { exchangeRateFromRatio, isBaseOneRate } from "./rate.ts";
export { truncateText } from "./text.ts";
export { Iso20022Error, type Iso20022Problem, type Iso20022ProblemCode } from "./errors.ts";
export type { Money } from "./amount.ts";
