export { encodeBlockPayload, decodeBlockPayload } from "./app/block-payload.ts";
export {
  LedgerApplication,
  appHashOf,
  genesisAppHash,
  type CommittedExecution,
  type LedgerApplicationOptions,
  type LedgerApplicationPorts,
  type TransactionSource,
  type TransactionVerifier,
} from "./app/ledger-application.ts";
export { CachingTransactionVerifier, VERIFIED_HASHES_MAX } from "./app/transaction-verifier.ts";
export {
  LedgerServices,
  NodeMetrics,
  servicesLimits,
  encodeReceiptsBytes,
  decodeReceiptsBytes,
  type Clock,
  type CommittedBlockInfo,
  type LedgerServicesOptions,
  type LedgerServicesPorts,
  type NodeHealth,
  type ValidatorHealth,
} from "./services/index.ts";
export * from "./runtime/index.ts";
export {
  InstitutionDesk,
  InstitutionSigner,
  DESK_KYC_TIER,
  DESK_VALIDITY_WINDOW_MS,
  MerchantRegister,
  MERCHANTS_REGISTERED_MAX,
  saveMerchantRegister,
  type InstitutionInfo,
  type MerchantProfile,
} from "./desk/index.ts";
export {
  startApiGateway,
  PEERS_GAUGE_REFRESH_MS,
  READY_COMMIT_AGE_MS_MAX,
  type ApiGatewayOptions,
} from "./gateway.ts";
export * from "./travel-rule/index.ts";
