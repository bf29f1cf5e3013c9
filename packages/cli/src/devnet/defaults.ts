/** The devnet's defaults and limits, apart from devnet.ts so the CLI reads them without loading the node. */
export const BASE_PORT_DEFAULT = 26600;
export const VALIDATORS_DEFAULT = 4;
/** Validators a devnet may run on one machine; each is a process of ~100 MB. */
export const DEVNET_VALIDATORS_MAX = 16;
