/**
 * `tongbao genesis init`: from a small network config (institutions, currencies, validators,
 * accounts, optional observers), generate every key and write a directory that N validator
 * processes (and the observers') can start from:
 *
 *   DIR/genesis.json              the genesis document every node loads
 *   DIR/accounts.json             name → account id, institution and key file, for wallets/CLI
 *   DIR/keys/<name>.json          institution and account keys (mode 0600)

 *   DIR/<node>/node-key.json      the node's Ed25519 node key (a validator's votes; p2p links)
 *   DIR/<node>/node.json          the node's config: `tongbao node start --config` reads it
 *   DIR/<node>/travel-rule-key.json  its institution's X25519 and SM2 travel-rule key pairs (0600)
 *   DIR/<node>/operator-token        the bearer token its operator reads travel-rule data with
 *
 * Every institution gets two travel-rule key pairs, X25519 and SM2 (for senders who must use the
 * national algorithms): the public keys go into its genesis entry (`travelRuleKey`,
 * `travelRuleSm2Key`), the private keys to the nodes of that institution only.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { KeyType, generateKeyPair, loadKeyFile, saveKeyFile, type KeyPair } from "@tongbao/crypto";
import type { GenesisConfig } from "@tongbao/ledger";
import {
  GenesisFileError,
  parseGenesis,
  type GenesisDocument,
  type NetworkGenesis,
  type NodeRole,
} from "@tongbao/node";
import type { TimeoutOptions } from "@tongbao/consensus";
import { bytesToHex } from "@tongbao/std";
import {
  encodeX25519Key,
  encodeSm2Key,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
  type TravelRuleKeyPair,
} from "@tongbao/travel-rule";
import { newOperatorToken } from "@tongbao/node";
import { CliError } from "./errors.ts";
import { VERIFIER_THREADS_MAX } from "./verifier-threads.ts";
import { HEAP_GROWTH_PERCENT_MAX } from "./heap-growth.ts";
import { saveOperatorToken, saveTravelRuleKeyFile } from "./travel-rule-files.ts";

type Balances = Readonly<Record<string, string>>;
type KeyTypeName = "ed25519" | "p256";
type RoleName = GenesisConfig["institutions"][number]["roles"][number];

/** The input of `tongbao genesis init --config`. */
export interface NetworkConfig {
  readonly chainId: string;
  /** Defaults to the time the network is created. */
  readonly genesisTimeMs?: number;
  readonly institutions: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly roles: readonly RoleName[];
    readonly keyType?: KeyTypeName;
    readonly balances?: Balances;
  }>;
  readonly currencies: ReadonlyArray<{
    readonly code: string;
    readonly minorUnits: number;
    readonly issuer: string;
  }>;
  readonly validators: ReadonlyArray<{
    /** Defaults to the institution's id. */
    readonly name?: string;
    readonly institution: string;
    readonly power?: number;
    /** "host:port" of its p2p listener. */
    readonly address: string;
  }>;
  /** Non-voting nodes that follow the chain and serve the API, e.g. a regulator's. */
  readonly observers?: ReadonlyArray<{
    /** Defaults to the institution's id. */
    readonly name?: string;
    readonly institution: string;
    /** "host:port" of its p2p listener: validators dial it. */
    readonly address: string;
  }>;
  readonly accounts?: ReadonlyArray<{
    readonly name: string;
    readonly institution: string;
    readonly kycTier: number;
    readonly keyType?: KeyTypeName;
    readonly balances?: Balances;
    /** Free text for people, e.g. "merchant" or "consumer". */
    readonly role?: string;
  }>;
  readonly fees?: ReadonlyArray<{
    readonly institution: string;
    readonly currency: string;
    readonly fixed: string;
    readonly bps: number;
    readonly max: string;
  }>;
  /** Sending limits per (currency, KYC tier), decimal amounts; a tier without any: unlimited. */
  readonly kycLimits?: GenesisConfig["kycLimits"];
  /** Per currency, the remittance send amount (minor units, digits) that needs travel-rule data. */
  readonly travelRuleThresholds?: GenesisConfig["travelRuleThresholds"];
  /** Written into every node.json. */
  readonly node?: NodeSettings;
}

export interface NodeSettings {
  readonly timeouts?: Partial<TimeoutOptions>;
  readonly commitDelayMs?: number;
  readonly logLevel?: string;
  /** Longest p2p redial delay: how soon a restarted peer is found again. */
  readonly reconnectDelayMsMax?: number;
  /** Signature-verifying worker threads (node.json `verification.threads`). */
  readonly verifierThreads?: number;
}

/** A node's config file, as written to DIR/<validator>/node.json. Paths are relative to it. */
export interface NodeConfigFile {
  readonly name: string;
  /** What genesis lists this node's key as; checked at start. Absent: whichever it is. */
  readonly role?: NodeRole;
  readonly genesis: string;
  readonly nodeKey: string;
  readonly dataDir: string;
  readonly log?: { readonly file?: string; readonly level?: string };
  readonly consensus?: {
    readonly timeouts?: Partial<TimeoutOptions>;
    readonly commitDelayMs?: number;
  };
  readonly p2p?: { readonly reconnectDelayMsMax?: number };
  /**
   * Worker threads that check transaction signatures off the event loop; 0 checks them on it.
   * Absent: one per core but the event loop's (at least one). Validators sharing a machine
   * should share its cores: the devnet writes cores ÷ nodes.
   */
  readonly verification?: { readonly threads?: number };
  /**
   * How far V8 lets its heap grow past what the last full collection kept, in percent
   * (heap-growth.ts). Absent or 0: V8's own margin.
   */
  readonly memory?: { readonly heapGrowthPercent?: number };
  /** The public API on this validator; absent: no API. Port 0 picks a free port. */
  readonly api?: { readonly host: string; readonly port: number };
  /**
   * This node's institution, by its key file: the API then runs the institution's desk (it
   * opens accounts for customers' keys, signs its merchants' QR codes). Absent: no desk — the
   * default for production nodes. `demoFunds` credits each new account; for development
   * networks only. `merchantsFile` keeps the merchants' profiles (absent: in memory only).
   */
  readonly institution?: {
    readonly keyFile: string;
    readonly demoFunds?: { readonly amount: string; readonly currency: string };
    /** The institution's merchant register (created when missing): names in its QR codes. */
    readonly merchantsFile?: string;
  };
  /** A web wallet build (vite's output directory) to serve at /wallet/. */
  readonly wallet?: string;
  /** Its institution's travel-rule key pair file: the gateway decrypts what is sent to it. */
  readonly travelRuleKeyFile?: string;
  /** The bearer token its operator reads decrypted travel-rule data with. */
  readonly operatorTokenFile?: string;
}

/** A node config with paths resolved against its file. */
export interface NodeConfig {
  readonly path: string;
  readonly name: string;
  readonly role: NodeRole | undefined;
  readonly genesisPath: string;
  readonly nodeKeyPath: string;
  readonly dataDir: string;
  readonly logFile: string | undefined;
  readonly logLevel: string;
  readonly timeouts: Partial<TimeoutOptions> | undefined;
  readonly commitDelayMs: number | undefined;
  readonly reconnectDelayMsMax: number | undefined;
  readonly verifierThreads: number | undefined;
  readonly heapGrowthPercent: number | undefined;
  readonly api: { readonly host: string; readonly port: number } | undefined;
  readonly institution: InstitutionSection | undefined;
  readonly walletDir: string | undefined;
  /** Absolute, or undefined. */
  readonly travelRuleKeyFile: string | undefined;
  readonly operatorTokenFile: string | undefined;
}

/** A node's institution desk: its key file (absolute), any demo funds, its merchant register. */
export interface InstitutionSection {
  readonly keyFile: string;
  readonly demoFunds?: { readonly amount: string; readonly currency: string };
  /** Absolute. */
  readonly merchantsFile?: string;
}

export interface AccountEntry {
  readonly name: string;
  readonly accountId: string;
  readonly institution: string;
  /** Relative to the network directory. */
  readonly keyFile: string;
  readonly role: string;
}

/** One node directory: validators first, then observers. */
export interface WrittenNode {
  readonly name: string;
  readonly role: NodeRole;
  readonly configPath: string;
}

export interface WrittenNetwork {
  readonly dir: string;
  readonly genesisPath: string;
  readonly genesis: NetworkGenesis;
  readonly nodes: readonly WrittenNode[];
  readonly accounts: readonly AccountEntry[];
}

export interface WriteNetworkOptions {
  /**
   * Extra funded accounts whose keys are returned but not written (load generators): each
   * gets `balances` at `institution`.
   */
  readonly extraAccounts?: {
    readonly count: number;
    readonly institution: string;
    readonly balances: Balances;
  };
}

/** Throws CliError unless `dir` is missing or empty. */
export async function requireEmptyDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new CliError(`cannot read ${dir}: ${(error as Error).message}`);
  }
  if (entries.length > 0) {
    throw new CliError(
      `${dir} is not empty: choose another directory, or delete this one if it holds nothing you need`,
    );
  }
}

export async function readNetworkConfig(path: string): Promise<NetworkConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read the network config ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as NetworkConfig;
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

function keyTypeOf(name: KeyTypeName | undefined, where: string): KeyType {
  if (name === undefined || name === "ed25519") return KeyType.Ed25519;
  if (name === "p256") return KeyType.P256;
  throw new CliError(`${where}.keyType: "${String(name)}" is not "ed25519" or "p256"`);
}

function checkConfig(config: NetworkConfig): void {
  for (const field of ["institutions", "currencies", "validators"] as const) {
    if (!Array.isArray(config[field]) || config[field].length === 0) {
      throw new CliError(`network config: "${field}" must be a non-empty list`);
    }
  }
  if (config.observers !== undefined && !Array.isArray(config.observers)) {
    throw new CliError(
      'network config: "observers" must be a list of { "institution", "address" } (and optionally "name")',
    );
  }
  const names = new Set<string>();
  for (const [i, account] of (config.accounts ?? []).entries()) {
    if (
      typeof account.name !== "string" ||
      !/^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/.test(account.name)
    ) {
      throw new CliError(
        `network config accounts[${i}].name: use 2–32 characters of a–z, 0–9 and "-", e.g. "alice"`,
      );
    }
    if (names.has(account.name) || config.institutions.some((inst) => inst.id === account.name)) {
      throw new CliError(`network config accounts[${i}].name: "${account.name}" is used twice`);
    }
    names.add(account.name);
  }
}

/**
 * Generates the keys, writes genesis, key files and node configs to `dir` (which must be empty
 * or missing), and returns what was written. Refuses a config that genesis would refuse, with
 * the genesis checker's message.
 */
export async function writeNetwork(
  config: NetworkConfig,
  dir: string,
  options: WriteNetworkOptions = {},
): Promise<WrittenNetwork & { extraKeys: readonly KeyPair[] }> {
  checkConfig(config);
  await requireEmptyDir(dir);
  const institutionKeys = new Map(
    config.institutions.map((inst, i) => [
      inst.id,
      generateKeyPair(keyTypeOf(inst.keyType, `institutions[${i}]`)),
    ]),
  );
  const accountKeys = (config.accounts ?? []).map((account, i) =>
    generateKeyPair(keyTypeOf(account.keyType, `accounts[${i}]`)),
  );
  const extra = options.extraAccounts;
  const extraKeys = Array.from({ length: extra?.count ?? 0 }, () => generateKeyPair());
  const nodeKeys = config.validators.map(() => generateKeyPair(KeyType.Ed25519));
  const observerKeys = (config.observers ?? []).map(() => generateKeyPair(KeyType.Ed25519));
  const travelRuleKeys = new Map<string, TravelRuleKeyPair>(
    config.institutions.map((inst) => [inst.id, generateTravelRuleKeyPair()]),
  );
  const travelRuleSm2Keys = new Map<string, TravelRuleKeyPair>(
    config.institutions.map((inst) => [inst.id, generateSm2TravelRuleKeyPair()]),
  );
  const hex = (key: KeyPair) => bytesToHex(key.publicKey);
  const typeName = (key: KeyPair): KeyTypeName => (key.type === KeyType.P256 ? "p256" : "ed25519");

  const document: GenesisDocument = {
    version: 1,
    chainId: config.chainId,
    genesisTimeMs: config.genesisTimeMs ?? Date.now(),
    ledger: {
      institutions: config.institutions.map((inst) => {
        const key = institutionKeys.get(inst.id)!;
        return {
          id: inst.id,
          name: inst.name,
          roles: inst.roles,
          keyType: typeName(key),
          publicKey: hex(key),
          travelRuleKey: encodeX25519Key(travelRuleKeys.get(inst.id)!.publicKey),
          travelRuleSm2Key: encodeSm2Key(travelRuleSm2Keys.get(inst.id)!.publicKey),
          ...(inst.balances === undefined ? {} : { balances: inst.balances }),
        };
      }),
      currencies: config.currencies,
      accounts: [
        ...(config.accounts ?? []).map((account, i) => ({
          keyType: typeName(accountKeys[i]!),
          publicKey: hex(accountKeys[i]!),
          institution: account.institution,
          kycTier: account.kycTier,
          ...(account.balances === undefined ? {} : { balances: account.balances }),
        })),
        ...extraKeys.map((key) => ({
          keyType: "ed25519" as const,
          publicKey: hex(key),
          institution: extra!.institution,
          // Load generators: the top tier, which no KYC limit caps.
          kycTier: 3,
          balances: extra!.balances,
        })),
      ],
      ...(config.fees === undefined ? {} : { fees: config.fees }),
      ...(config.kycLimits === undefined ? {} : { kycLimits: config.kycLimits }),
      ...(config.travelRuleThresholds === undefined
        ? {}
        : { travelRuleThresholds: config.travelRuleThresholds }),
    },
    validators: config.validators.map((v, i) => ({
      name: v.name ?? v.institution,
      institution: v.institution,
      power: v.power ?? 1,
      publicKey: hex(nodeKeys[i]!),
      address: v.address,
    })),
    ...(config.observers === undefined
      ? {}
      : {
          observers: config.observers.map((o, i) => ({
            name: o.name ?? o.institution,
            institution: o.institution,
            nodePublicKey: hex(observerKeys[i]!),
            address: o.address,
          })),
        }),
  };
  let genesis: NetworkGenesis;
  try {
    genesis = parseGenesis(document);
  } catch (error) {
    if (error instanceof GenesisFileError) throw new CliError(error.message);
    throw error;
  }

  await mkdir(join(dir, "keys"), { recursive: true });
  const genesisPath = join(dir, "genesis.json");
  await writeFile(genesisPath, JSON.stringify(document, null, 2) + "\n", { flag: "wx" });
  const accounts: AccountEntry[] = [];
  for (const inst of config.institutions) {
    const keyFile = join("keys", `${inst.id}.json`);
    await saveKeyFile(join(dir, keyFile), institutionKeys.get(inst.id)!);
    accounts.push({
      name: inst.id,
      accountId: institutionKeys.get(inst.id)!.accountId,
      institution: inst.id,
      keyFile,
      role: `institution (${inst.roles.join(", ")})`,
    });
  }
  for (const [i, account] of (config.accounts ?? []).entries()) {
    const keyFile = join("keys", `${account.name}.json`);
    await saveKeyFile(join(dir, keyFile), accountKeys[i]!);
    accounts.push({
      name: account.name,
      accountId: accountKeys[i]!.accountId,
      institution: account.institution,
      keyFile,
      role: account.role ?? "account",
    });
  }
  await writeFile(join(dir, "accounts.json"), JSON.stringify(accounts, null, 2) + "\n");

  const nodes: WrittenNode[] = [];
  for (const [i, validator] of genesis.validators.entries()) {
    const travelRule = {
      institution: validator.institution,
      keyPair: travelRuleKeys.get(validator.institution)!,
      sm2KeyPair: travelRuleSm2Keys.get(validator.institution)!,
    };
    nodes.push(
      await writeNodeDir(dir, validator.name, "validator", nodeKeys[i]!, config.node, travelRule),
    );
  }
  for (const [i, observer] of genesis.observers.entries()) {
    const travelRule = {
      institution: observer.institution,
      keyPair: travelRuleKeys.get(observer.institution)!,
      sm2KeyPair: travelRuleSm2Keys.get(observer.institution)!,
    };
    nodes.push(
      await writeNodeDir(dir, observer.name, "observer", observerKeys[i]!, config.node, travelRule),
    );
  }
  return { dir, genesisPath, genesis, nodes, accounts, extraKeys };
}

/** Writes DIR/<name>/node-key.json and node.json for one validator or observer. */
export async function writeNodeDir(
  dir: string,
  name: string,
  role: NodeRole,
  nodeKey: KeyPair,
  settings: NodeSettings | undefined,
  /** Its institution's travel-rule key pairs; absent for a network made before they existed. */
  travelRule?: {
    readonly institution: string;
    readonly keyPair: TravelRuleKeyPair;
    readonly sm2KeyPair?: TravelRuleKeyPair;
  },
): Promise<WrittenNode> {
  const nodeDir = join(dir, name);
  await mkdir(nodeDir, { recursive: true });
  await saveKeyFile(join(nodeDir, "node-key.json"), nodeKey);
  if (travelRule !== undefined) {
    await saveTravelRuleKeyFile(
      join(nodeDir, "travel-rule-key.json"),
      travelRule.institution,
      travelRule.keyPair,
      travelRule.sm2KeyPair,
    );
    await saveOperatorToken(join(nodeDir, "operator-token"), newOperatorToken());
  }
  const nodeConfig: NodeConfigFile = {
    name,
    role,
    genesis: "../genesis.json",
    nodeKey: "node-key.json",
    dataDir: "data",
    log: { file: "node.log", level: settings?.logLevel ?? "info" },
    consensus: {
      ...(settings?.timeouts === undefined ? {} : { timeouts: settings.timeouts }),
      ...(settings?.commitDelayMs === undefined ? {} : { commitDelayMs: settings.commitDelayMs }),
    },
    ...(settings?.reconnectDelayMsMax === undefined
      ? {}
      : { p2p: { reconnectDelayMsMax: settings.reconnectDelayMsMax } }),
    ...(settings?.verifierThreads === undefined
      ? {}
      : { verification: { threads: settings.verifierThreads } }),
    ...(travelRule === undefined
      ? {}
      : { travelRuleKeyFile: "travel-rule-key.json", operatorTokenFile: "operator-token" }),
  };
  const configPath = join(nodeDir, "node.json");
  await writeFile(configPath, JSON.stringify(nodeConfig, null, 2) + "\n");
  return { name, role, configPath };
}

/** Reads a node.json and resolves its paths against its directory. */
export async function loadNodeConfig(path: string): Promise<NodeConfig> {
  let file: NodeConfigFile;
  try {
    file = JSON.parse(await readFile(path, "utf8")) as NodeConfigFile;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT"
        ? `node config ${path} does not exist: \`tongbao genesis init\` writes one per validator`
        : `node config ${path} cannot be read: ${(error as Error).message}`,
    );
  }
  const base = dirname(resolve(path));
  const at = (value: unknown, field: string): string => {
    if (typeof value !== "string" || value.length === 0) {
      throw new CliError(`node config ${path}: "${field}" must be a path`);
    }
    return isAbsolute(value) ? value : join(base, value);
  };
  if (typeof file.name !== "string") throw new CliError(`node config ${path}: "name" is missing`);
  if (file.role !== undefined && file.role !== "validator" && file.role !== "observer") {
    throw new CliError(
      `node config ${path}: "role" must be "validator" or "observer" (or absent: genesis tells)`,
    );
  }
  return {
    path,
    name: file.name,
    role: file.role,
    genesisPath: at(file.genesis, "genesis"),
    nodeKeyPath: at(file.nodeKey, "nodeKey"),
    dataDir: at(file.dataDir, "dataDir"),
    logFile: file.log?.file === undefined ? undefined : at(file.log.file, "log.file"),
    logLevel: file.log?.level ?? "info",
    timeouts: file.consensus?.timeouts,
    commitDelayMs: file.consensus?.commitDelayMs,
    reconnectDelayMsMax: file.p2p?.reconnectDelayMsMax,
    verifierThreads: verifierThreadsOf(file.verification, path),
    heapGrowthPercent: heapGrowthPercentOf(file.memory, path),
    api: file.api === undefined ? undefined : apiSection(file.api, path),
    institution:
      file.institution === undefined
        ? undefined
        : institutionSection(file.institution, path, (value, field) => at(value, field)),
    walletDir: file.wallet === undefined ? undefined : at(file.wallet, "wallet"),
    travelRuleKeyFile:
      file.travelRuleKeyFile === undefined
        ? undefined
        : at(file.travelRuleKeyFile, "travelRuleKeyFile"),
    operatorTokenFile:
      file.operatorTokenFile === undefined
        ? undefined
        : at(file.operatorTokenFile, "operatorTokenFile"),
  };
}

/** A section's one whole-number setting from 0 to `max`: `{ "<field>": n }`, `{}` or absent. */
function sectionInteger(
  value: unknown,
  field: string,
  max: number,
  refuse: () => never,
): number | undefined {
  if (value === undefined) return undefined;
  const n = (value as Record<string, unknown> | null)?.[field];
  if (n === undefined && typeof value === "object" && value !== null) return undefined;
  if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > max) refuse();
  return n as number;
}

/** Checks a node config's `verification` section: `{ "threads": 3 }`. */
function verifierThreadsOf(value: unknown, path: string): number | undefined {
  return sectionInteger(value, "threads", VERIFIER_THREADS_MAX, () => {
    throw new CliError(
      `node config ${path}: "verification" must be { "threads": <0 to ${VERIFIER_THREADS_MAX}> } ` +
        `(worker threads checking signatures; 0 checks them on the event loop), not ${JSON.stringify(value)}`,
    );
  });
}

/** Checks a node config's `memory` section: `{ "heapGrowthPercent": 25 }`. */
function heapGrowthPercentOf(value: unknown, path: string): number | undefined {
  return sectionInteger(value, "heapGrowthPercent", HEAP_GROWTH_PERCENT_MAX, () => {
    throw new CliError(
      `node config ${path}: "memory" must be { "heapGrowthPercent": <0 to ${HEAP_GROWTH_PERCENT_MAX}> } ` +
        `(how far the heap grows past its live size before a full collection; 0 leaves it to V8), ` +
        `not ${JSON.stringify(value)}`,
    );
  });
}

/**
 * Checks a node config's `institution` section:
 * `{ "keyFile": "../keys/hk-emoney.json", "demoFunds": { "amount": "1000.00", "currency": "HKD" },
 *    "merchantsFile": "merchants.json" }`.
 */
export function institutionSection(
  value: unknown,
  path: string,
  resolvePath: (value: unknown, field: string) => string,
): InstitutionSection {
  const section = value as {
    keyFile?: unknown;
    demoFunds?: unknown;
    merchantsFile?: unknown;
  } | null;
  if (typeof section !== "object" || section === null || typeof section.keyFile !== "string") {
    throw new CliError(
      `node config ${path}: "institution" must be { "keyFile": "<the institution's key file>" } (and optionally "demoFunds", "merchantsFile")`,
    );
  }
  return {
    keyFile: resolvePath(section.keyFile, "institution.keyFile"),
    ...(section.demoFunds === undefined
      ? {}
      : {
          demoFunds: parseDemoFunds(
            section.demoFunds,
            `node config ${path}: "institution.demoFunds"`,
          ),
        }),
    ...(section.merchantsFile === undefined
      ? {}
      : { merchantsFile: resolvePath(section.merchantsFile, "institution.merchantsFile") }),
  };
}

/** `{ "amount": "1000.00", "currency": "HKD" }`, or the text "1000.00 HKD" of --demo-funds. */
export function parseDemoFunds(
  value: unknown,
  where = "--demo-funds",
): { amount: string; currency: string } {
  const money =
    typeof value === "string"
      ? (([amount, currency]) => ({ amount, currency }))(value.trim().split(/\s+/))
      : (value as { amount?: unknown; currency?: unknown } | null);
  if (
    typeof money !== "object" ||
    money === null ||
    typeof money.amount !== "string" ||
    !/^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/.test(money.amount) ||
    typeof money.currency !== "string" ||
    !/^[A-Z]{3}$/.test(money.currency)
  ) {
    throw new CliError(`${where}: expected an amount and a currency, e.g. "1000.00 HKD"`);
  }
  return { amount: money.amount, currency: money.currency };
}

/** Checks a node config's `api` section: `{ "host": "127.0.0.1", "port": 8080 }`. */
export function apiSection(value: unknown, path: string): { host: string; port: number } {
  const api = value as { host?: unknown; port?: unknown } | null;
  if (
    typeof api !== "object" ||
    api === null ||
    typeof api.host !== "string" ||
    api.host.length === 0 ||
    !Number.isInteger(api.port) ||
    (api.port as number) < 0 ||
    (api.port as number) > 65535
  ) {
    throw new CliError(
      `node config ${path}: "api" must be { "host": "127.0.0.1", "port": 0–65535 } (0: any free port)`,
    );
  }
  return { host: api.host, port: api.port as number };
}

/** Parses `HOST:PORT` (e.g. 127.0.0.1:0) as an api section. */
export function parseApiAddress(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(":");
  const digits = text.slice(at + 1);
  const port = /^\d{1,5}$/.test(digits) ? Number(digits) : NaN;
  return apiSection({ host: at <= 0 ? "" : text.slice(0, at), port }, "--api");
}

/** Reads DIR/accounts.json. */
export async function loadAccounts(dir: string): Promise<AccountEntry[]> {
  return JSON.parse(await readFile(join(dir, "accounts.json"), "utf8")) as AccountEntry[];
}

/** Loads the key of a named account of a network directory. */
export async function loadAccountKey(dir: string, name: string): Promise<KeyPair> {
  const accounts = await loadAccounts(dir);
  const entry = accounts.find((a) => a.name === name);
  if (entry === undefined) {
    throw new CliError(
      `no account "${name}" in ${join(dir, "accounts.json")}; known: ${accounts.map((a) => a.name).join(", ")}`,
    );
  }
  return loadKeyFile(join(dir, entry.keyFile));
}

export function relativeTo(from: string, path: string): string {
  const rel = relative(from, path);
  return rel.startsWith("..") ? path : rel;
}
