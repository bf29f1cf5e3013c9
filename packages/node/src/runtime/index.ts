/** The node's runtime: one validator on a real clock, disk and network. See ../../README.md. */
export {
  ValidatorNode,
  BLOCK_TXS_MAX,
  BLOCK_PAYLOAD_BYTES_MAX,
  ADMISSION_WAITING_TXS_MAX,
  ADMISSION_WAIT_MS_MAX,
  ADMISSION_VERIFYING_TXS_MAX,
  ADMISSION_SLICE_MS,
  SLOW_STEP_MS,
  GOSSIP_FLUSH_MS,
  FETCH_RETRY_MS,
  PEER_BEHIND_MS,
  FETCH_ATTEMPTS_MAX,
  type ValidatorNodeOptions,
  type ValidatorNodeModules,
  type NodeHealth,
  type NodeStatus,
  type PeerHealth,
  type ReplayProgress,
  type CommittedBlockInfo,
  type CommittedListener,
  type NodeAccess,
  type Gateway,
} from "./validator-node.ts";
export {
  GENESIS_FILE_VERSION,
  GenesisFileError,
  genesisHashOf,
  genesisParent,
  loadGenesisFile,
  memberOf,
  parseGenesis,
  parseHostPort,
  type GenesisDocument,
  type GenesisObserver,
  type GenesisValidator,
  type HostPort,
  type NetworkGenesis,
  type NetworkMember,
  type NetworkObserver,
  type NetworkValidator,
  type NodeRole,
} from "./genesis.ts";
export { createNodeLogger, type Logger, type NodeLoggerOptions } from "./logger.ts";
export { DataDirInUseError, lockDataDir, type DataDirLock } from "./data-dir-lock.ts";
export { encodeReceipts, decodeReceipts, RECEIPT_BYTES } from "./receipts.ts";
export { CommittedStateGate } from "./committed-state-gate.ts";
export { nodeSigner, ValidatorSignatureVerifier } from "./consensus-keys.ts";
export {
  encodeTransactionBatch,
  decodeTransactionBatch,
  encodeBlockRequest,
  decodeBlockRequest,
  GOSSIP_BATCH_TXS_MAX,
} from "./wire.ts";
