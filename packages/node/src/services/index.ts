export {
  LedgerServices,
  type Clock,
  type CommittedBlockInfo,
  type LedgerServicesOptions,
  type LedgerServicesPorts,
  type NodeHealth,
  type ValidatorHealth,
} from "./ledger-services.ts";
export { NodeMetrics } from "./metrics.ts";
export * as servicesLimits from "./constants.ts";
export { encodeReceiptsBytes, decodeReceiptsBytes } from "./views.ts";
