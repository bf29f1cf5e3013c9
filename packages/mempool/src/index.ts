export {
  Mempool,
  type MempoolOptions,
  type MempoolPorts,
  type LedgerView,
  type TakeLimits,
  type Eviction,
} from "./mempool.ts";
export type {
  AdmitResult,
  AdmitStatus,
  BusyCode,
  LedgerCodeName,
  RejectionCode,
} from "./admit-result.ts";
export {
  ADMIT_BATCH_ITEMS_MAX,
  CAPACITY_BYTES_DEFAULT,
  CAPACITY_BYTES_MAX,
  CAPACITY_TXS_DEFAULT,
  CAPACITY_TXS_MAX,
  PER_SIGNER_MAX_DEFAULT,
  RETRY_AFTER_MS_DEFAULT,
  RETRY_AFTER_MS_MAX,
} from "./constants.ts";
