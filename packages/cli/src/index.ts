/** The CLI's building blocks, for tests, benchmarks and scripts. */
export { main, program } from "./main.ts";
export { CliError } from "./errors.ts";
export { Signer, VALID_FOR_MS_DEFAULT } from "./wallet.ts";
export {
  loadAccountKey,
  loadAccounts,
  loadNodeConfig,
  readNetworkConfig,
  writeNetwork,
  type AccountEntry,
  type NetworkConfig,
  type NodeConfig,
  type NodeSettings,
} from "./network.ts";
export { keysNew, keysShow, type KeyInfo } from "./keys.ts";
export { runNode, EXIT_HALTED } from "./node-start.ts";
export {
  serveControl,
  type CommittedEvent,
  type ControlRequest,
  type StoredBlockSummary,
} from "./control.ts";
export { NodeProcess, TONGBAO_BIN, type NodeLine } from "./devnet/node-process.ts";
export {
  Devnet,
  prepareDevnet,
  runDevnet,
  freePorts,
  portFree,
  readDevnetMarker,
  recordApis,
  type PreparedDevnet,
  type PrepareDevnetOptions,
} from "./devnet/devnet.ts";
export {
  demoNetworkConfig,
  DEMO_MERCHANTS,
  DEVNET_CHAIN_ID,
  DEVNET_NODE_SETTINGS,
  DEVNET_KYC_LIMITS,
  DEVNET_TRAVEL_RULE_THRESHOLDS,
} from "./devnet/demo.ts";
export { DEVNET_OFFERS, DEVNET_PROVIDER, postDevnetOffers } from "./devnet/offers.ts";
export { loadOperatorToken } from "./travel-rule-files.ts";
