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
  type PreparedDevnet,
  type PrepareDevnetOptions,
} from "./devnet/devnet.ts";
export {
  demoNetworkConfig,
  DEMO_MERCHANTS,
  DEVNET_CHAIN_ID,
  DEVNET_NODE_SETTINGS,
} from "./devnet/demo.ts";
