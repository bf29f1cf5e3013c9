/**
 * The network's genesis document: the ledger's starting state (institutions, currencies,
 * accounts, fees) and the consensus validator set (name, institution, voting power, Ed25519
 * node key, p2p address). Every validator starts from the same document.
 *
 *   { "version": 1, "chainId": "tongbao-devnet-1", "genesisTimeMs": 1767225600000,
 *     "ledger": { "institutions": […], "currencies": […], "accounts": […], "fees": […] },
 *     "validators": [{ "name": "hk-emoney", "institution": "hk-emoney", "power": 1,
 *                      "publicKey": "<hex>", "address": "127.0.0.1:26601" }] }
 *
 * An optional `observers` list names non-voting nodes (e.g. a regulator's): each follows
 * consensus, executes and stores every block, and serves the API, but holds no voting power:
 *
 *   "observers": [{ "name": "regulator", "institution": "regulator",
 *                   "nodePublicKey": "<hex>", "address": "127.0.0.1:26600" }]
 *
 * The genesis hash names the chain to storage (a data directory belongs to one genesis) and to
 * peers (the p2p handshake refuses another one). It covers the chain id, the genesis time, the
 * ledger's genesis app hash and the validators' keys and powers in their canonical order — not
 * the JSON bytes, so reformatting the file or moving a validator to another address keeps it.
 * Observers are left out of it: they change nothing that is decided, so one can be added to
 * (or removed from) a running network's genesis file without starting a new chain.
 */
import { readFile } from "node:fs/promises";
import { Writer, taggedHash } from "@tongbao/codec";
import {
  ValidatorSet,
  VALIDATORS_MAX,
  type ParentInfo,
  type ValidatorEntry,
} from "@tongbao/consensus";
import {
  GenesisError,
  createGenesisState,
  type GenesisConfig,
  type LedgerState,
} from "@tongbao/ledger";
import { PEERS_MAX } from "@tongbao/p2p";
import { bytesToHex, compareBytes, hexToBytes } from "@tongbao/std";
import type { Height, TimestampMs } from "@tongbao/types";
import { genesisAppHash } from "../app/ledger-application.ts";
import { TravelRuleKeyError, travelRuleKeysOf } from "../travel-rule/genesis-keys.ts";

export const GENESIS_FILE_VERSION = 1;
const GENESIS_HASH_TAG = "tongbao/genesis";
/** A genesis file lists a consortium, not a population: a few MiB is already far beyond one. */
export const GENESIS_FILE_BYTES_MAX = 16 * 1024 * 1024;
const NODE_KEY_BYTES = 32;
const NAME = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;
/** Validators and observers together: each is a p2p peer of every validator (PEERS_MAX). */
const NODES_MAX = PEERS_MAX;

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface GenesisValidator {
  /** A short slug that names the node in logs and health, e.g. "hk-emoney". */
  readonly name: string;
  /** The institution that runs it (an institution id of the ledger genesis). */
  readonly institution: string;
  readonly power: number;
  /** Lower-case hex of the 32-byte Ed25519 node key: signs votes and authenticates p2p links. */
  readonly publicKey: string;
  /** "host:port" where peers reach its p2p listener. */
  readonly address: string;
}

/** A node that follows the chain without voting (docs/spec/consensus.md, Observers). */
export interface GenesisObserver {
  /** A short slug, unique among validators and observers, e.g. "regulator". */
  readonly name: string;
  /** The institution that runs it (an institution id of the ledger genesis). */
  readonly institution: string;
  /** Lower-case hex of its 32-byte Ed25519 node key: authenticates its p2p links only. */
  readonly nodePublicKey: string;
  /** "host:port" where validators reach its p2p listener. */
  readonly address: string;
}

/** The document as it is written to genesis.json. */
export interface GenesisDocument {
  readonly version: number;
  readonly chainId: string;
  readonly genesisTimeMs: number;
  readonly ledger: Omit<GenesisConfig, "chainId" | "genesisTimeMs" | "institutions"> & {
    /** `travelRuleKey`: the institution's X25519 travel-rule public key (travel-rule/genesis-keys.ts). */
    readonly institutions: ReadonlyArray<
      GenesisConfig["institutions"][number] & { readonly travelRuleKey?: string }
    >;
  };
  readonly validators: readonly GenesisValidator[];
  readonly observers?: readonly GenesisObserver[];
}

/** One validator as the node uses it. */
export interface NetworkValidator {
  readonly name: string;
  readonly institution: string;
  readonly power: number;
  readonly publicKey: Uint8Array;
  /** Lower-case hex of the node key: the p2p peer id and the engine's peer name. */
  readonly peerId: string;
  readonly address: HostPort;
}

/** One observer as the node uses it: like a validator, without power. */
export interface NetworkObserver {
  readonly name: string;
  readonly institution: string;
  readonly publicKey: Uint8Array;
  /** Lower-case hex of the node key: the p2p peer id. */
  readonly peerId: string;
  readonly address: HostPort;
}

/** What a node is in its network. */
export type NodeRole = "validator" | "observer";

/** A node of the network, whichever its role: who this node is, or who a peer is. */
export type NetworkMember =
  | (NetworkValidator & { readonly role: "validator" })
  | (NetworkObserver & { readonly role: "observer" });

/** A checked genesis: what a node needs to build its ledger, engine and links. */
export interface NetworkGenesis {
  readonly document: GenesisDocument;
  readonly chainId: string;
  readonly genesisTimeMs: number;
  readonly ledgerConfig: GenesisConfig;
  readonly validators: readonly NetworkValidator[];
  /** Non-voting nodes; empty when the document lists none. */
  readonly observers: readonly NetworkObserver[];
  readonly validatorSet: ValidatorSet;
  /** 32 bytes, see the file comment. Also the genesis block id (the parent of height 1). */
  readonly genesisHash: Uint8Array;
  /** The ledger's app hash at height 0. */
  readonly appHash: Uint8Array;
  /** Institution id → X25519 travel-rule public key, for institutions whose entry has one. */
  readonly travelRuleKeys: ReadonlyMap<string, Uint8Array>;
}

/** Says which part of the genesis is wrong and what to do about it. */
export class GenesisFileError extends Error {
  override name = "GenesisFileError";
}

function fail(where: string, message: string): never {
  throw new GenesisFileError(`genesis ${where}: ${message}`);
}

/** Reads and checks a genesis file. */
export async function loadGenesisFile(path: string): Promise<NetworkGenesis> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GenesisFileError(
      code === "ENOENT"
        ? `genesis file ${path} does not exist: create one with \`tongbao genesis init\``
        : `genesis file ${path} cannot be read (${code ?? String(error)})`,
    );
  }
  if (text.length > GENESIS_FILE_BYTES_MAX) {
    throw new GenesisFileError(
      `genesis file ${path} is larger than ${GENESIS_FILE_BYTES_MAX} bytes`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GenesisFileError(`genesis file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseGenesis(json);
}

/** Checks a genesis document (parsed JSON) and derives what the node needs from it. */
export function parseGenesis(json: unknown): NetworkGenesis {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    fail("document", "expected a JSON object");
  }
  const doc = json as GenesisDocument;
  if (doc.version !== GENESIS_FILE_VERSION) {
    fail("version", `expected ${GENESIS_FILE_VERSION}, found ${JSON.stringify(doc.version)}`);
  }
  if (typeof doc.ledger !== "object" || doc.ledger === null) {
    fail("ledger", "expected the ledger's institutions, currencies, accounts and fees");
  }
  const ledgerConfig: GenesisConfig = {
    ...doc.ledger,
    chainId: doc.chainId,
    genesisTimeMs: doc.genesisTimeMs,
  };
  let state: LedgerState;
  try {
    state = createGenesisState(ledgerConfig);
  } catch (error) {
    if (error instanceof GenesisError) throw new GenesisFileError(error.message);
    throw error;
  }
  const validators = parseValidators(doc, state);
  let travelRuleKeys: ReadonlyMap<string, Uint8Array>;
  try {
    travelRuleKeys = travelRuleKeysOf(doc.ledger.institutions);
  } catch (error) {
    if (error instanceof TravelRuleKeyError) throw new GenesisFileError(error.message);
    throw error;
  }
  const entries: ValidatorEntry[] = validators.map((v) => ({
    publicKey: v.publicKey,
    power: v.power,
    keyType: "ed25519",
  }));
  let validatorSet: ValidatorSet;
  try {
    validatorSet = ValidatorSet.create(entries);
  } catch (error) {
    fail("validators", (error as Error).message);
  }
  const observers = parseObservers(doc, state, validators);
  const appHash = genesisAppHash(state);
  return {
    document: doc,
    chainId: doc.chainId,
    genesisTimeMs: doc.genesisTimeMs,
    ledgerConfig,
    validators,
    observers,
    validatorSet,
    genesisHash: genesisHashOf(doc.chainId, doc.genesisTimeMs, appHash, validators, travelRuleKeys),
    appHash,
    travelRuleKeys,
  };
}

function parseValidators(doc: GenesisDocument, state: LedgerState): NetworkValidator[] {
  if (!Array.isArray(doc.validators) || doc.validators.length === 0) {
    fail("validators", "expected a non-empty list of validators");
  }
  if (doc.validators.length > VALIDATORS_MAX) {
    fail("validators", `at most ${VALIDATORS_MAX} validators`);
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  const addresses = new Set<string>();
  return doc.validators.map((entry, i) => {
    const where = `validators[${i}]`;
    if (typeof entry.name !== "string" || !NAME.test(entry.name)) {
      fail(`${where}.name`, 'must be 2–32 characters of a–z, 0–9 and "-", e.g. "hk-emoney"');
    }
    if (names.has(entry.name)) fail(`${where}.name`, `"${entry.name}" is used twice`);
    names.add(entry.name);
    if (!state.institutions.has(entry.institution as never)) {
      fail(`${where}.institution`, `no institution "${entry.institution}" in ledger.institutions`);
    }
    if (!Number.isSafeInteger(entry.power) || entry.power <= 0) {
      fail(`${where}.power`, "must be a positive integer");
    }
    if (typeof entry.publicKey !== "string" || !/^[0-9a-f]{64}$/.test(entry.publicKey)) {
      fail(`${where}.publicKey`, "must be the 32-byte Ed25519 node key as lower-case hex");
    }
    if (keys.has(entry.publicKey)) fail(`${where}.publicKey`, "the same key is listed twice");
    keys.add(entry.publicKey);
    const address = parseHostPort(entry.address, `${where}.address`);
    const key = `${address.host}:${address.port}`;
    if (addresses.has(key)) fail(`${where}.address`, `${key} is used by two validators`);
    addresses.add(key);
    const publicKey = hexToBytes(entry.publicKey);
    return {
      name: entry.name,
      institution: entry.institution,
      power: entry.power,
      publicKey,
      peerId: bytesToHex(publicKey),
      address,
    };
  });
}

function parseObservers(
  doc: GenesisDocument,
  state: LedgerState,
  validators: readonly NetworkValidator[],
): NetworkObserver[] {
  if (doc.observers === undefined) return [];
  if (!Array.isArray(doc.observers)) {
    fail("observers", 'expected a list of { "name", "institution", "nodePublicKey", "address" }');
  }
  if (validators.length + doc.observers.length > NODES_MAX) {
    fail("observers", `at most ${NODES_MAX} validators and observers together`);
  }
  const names = new Set(validators.map((v) => v.name));
  const validatorKeys = new Set(validators.map((v) => v.peerId));
  const keys = new Set<string>();
  const addresses = new Set(validators.map((v) => `${v.address.host}:${v.address.port}`));
  return doc.observers.map((entry, i) => {
    const where = `observers[${i}]`;
    if (typeof entry !== "object" || entry === null) fail(where, "expected an object");
    if (typeof entry.name !== "string" || !NAME.test(entry.name)) {
      fail(`${where}.name`, 'must be 2–32 characters of a–z, 0–9 and "-", e.g. "regulator"');
    }
    if (names.has(entry.name)) {
      fail(`${where}.name`, `"${entry.name}" is already the name of a validator or observer`);
    }
    names.add(entry.name);
    if (!state.institutions.has(entry.institution as never)) {
      fail(`${where}.institution`, `no institution "${entry.institution}" in ledger.institutions`);
    }
    const hex = entry.nodePublicKey;
    if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) {
      fail(`${where}.nodePublicKey`, "must be the 32-byte Ed25519 node key as lower-case hex");
    }
    if (validatorKeys.has(hex)) {
      fail(
        `${where}.nodePublicKey`,
        "is a validator's key: a node is a validator or an observer, not both",
      );
    }
    if (keys.has(hex)) fail(`${where}.nodePublicKey`, "the same key is listed twice");
    keys.add(hex);
    const address = parseHostPort(entry.address, `${where}.address`);
    const key = `${address.host}:${address.port}`;
    if (addresses.has(key)) fail(`${where}.address`, `${key} is used by another node`);
    addresses.add(key);
    const publicKey = hexToBytes(hex);
    return {
      name: entry.name,
      institution: entry.institution,
      publicKey,
      peerId: bytesToHex(publicKey),
      address,
    };
  });
}

/** The validator or observer whose node key this is; undefined for a stranger. */
export function memberOf(
  genesis: NetworkGenesis,
  publicKey: Uint8Array,
): NetworkMember | undefined {
  const peerId = bytesToHex(publicKey);
  const validator = genesis.validators.find((v) => v.peerId === peerId);
  if (validator !== undefined) return { ...validator, role: "validator" };
  const observer = genesis.observers.find((o) => o.peerId === peerId);
  if (observer !== undefined) return { ...observer, role: "observer" };
  return undefined;
}

/** Parses "host:port" (IPv4 or a host name). */
export function parseHostPort(value: unknown, where: string): HostPort {
  if (typeof value !== "string") fail(where, 'expected "host:port", e.g. "127.0.0.1:26601"');
  const colon = value.lastIndexOf(":");
  const host = value.slice(0, colon);
  const port = Number(value.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(where, `"${value}" is not "host:port" with a port 1–65535, e.g. "127.0.0.1:26601"`);
  }
  return { host, port };
}

export function genesisHashOf(
  chainId: string,
  genesisTimeMs: number,
  appHash: Uint8Array,
  validators: readonly { readonly publicKey: Uint8Array; readonly power: number }[],
  /**
   * Institutions' travel-rule keys: hashed so that a node handed an edited genesis file (a
   * key swapped to one an outsider holds) is on another chain and cannot link to its peers.
   */
  travelRuleKeys: ReadonlyMap<string, Uint8Array> = new Map(),
): Uint8Array {
  const sorted = [...validators].sort((a, b) => compareBytes(a.publicKey, b.publicKey));
  const keys = [...travelRuleKeys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const w = new Writer(128 + sorted.length * 40 + keys.length * 128)
    .u8(GENESIS_FILE_VERSION)
    .string(chainId, 64)
    .u53(genesisTimeMs)
    .fixed(appHash, 32)
    .u16(sorted.length);
  for (const v of sorted) w.fixed(v.publicKey, NODE_KEY_BYTES).u32(v.power);
  w.u16(keys.length);
  for (const [institution, key] of keys) w.string(institution, 64).fixed(key, 32);
  return taggedHash(GENESIS_HASH_TAG, w.finish());
}

/** What the engine decides height 1 on top of. */
export function genesisParent(genesis: NetworkGenesis): ParentInfo {
  return {
    height: 0 as Height,
    blockId: genesis.genesisHash,
    timestampMs: genesis.genesisTimeMs as TimestampMs,
    appHash: genesis.appHash,
  };
}
