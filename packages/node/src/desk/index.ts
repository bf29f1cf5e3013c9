export {
  InstitutionSigner,
  type InstitutionInfo,
  type SignedInstitutionTransaction,
} from "./institution-signer.ts";
export {
  InstitutionDesk,
  DESK_KYC_TIER,
  DESK_RECENT_OPENINGS_MAX,
  DESK_VALIDITY_WINDOW_MS,
  type InstitutionDeskOptions,
  type InstitutionDeskPorts,
} from "./institution-desk.ts";
export { MerchantDesk, type MerchantDeskPorts } from "./merchant-desk.ts";
export {
  MerchantRegister,
  MERCHANTS_REGISTERED_MAX,
  MERCHANT_REGISTER_VERSION,
  parseMerchantRegister,
  saveMerchantRegister,
  type MerchantProfile,
} from "./merchant-register.ts";
export { issueMerchantCode, type MerchantCodeInput } from "./merchant-code.ts";
export {
  QuoteDesk,
  FIRM_QUOTE_TIMEOUT_MS,
  FIRM_QUOTE_COMMIT_WAIT_MS,
  type QuoteDeskPorts,
  type QuoteDeskServices,
} from "./quote-desk.ts";
