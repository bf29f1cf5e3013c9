export {
  buildPacs008,
  PACS008_NAMESPACE,
  PACS008_TRANSACTIONS_MAX,
  type Pacs008Input,
  type CreditTransfer,
} from "./pacs008.ts";
export {
  buildPain001,
  PAIN001_NAMESPACE,
  PAIN001_TRANSFERS_MAX,
  type Pain001Input,
  type PaymentInstruction,
  type CustomerTransfer,
} from "./pain001.ts";
export type {
  Account,
  Agent,
  Charge,
  ChargeBearer,
  Money,
  Party,
  PostalAddress,
  SettlementMethod,
} from "./model.ts";
export { ISO4217_MINOR_UNITS } from "./amount.ts";
export { uetrFromTxHash, isUetr, UETR_PATTERN, UETR_HASH_TAG } from "./uetr.ts";
export { isoAccountId, accountIdFromIso, TONGBAO_SCHEME } from "./account-id.ts";
export { exchangeRateFromRatio, isBaseOneRate } from "./rate.ts";
export { truncateText } from "./text.ts";
export { Iso20022Error, type Iso20022Problem, type Iso20022ProblemCode } from "./errors.ts";
