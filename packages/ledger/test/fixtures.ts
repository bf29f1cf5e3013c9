/**
 * Test fixtures: deterministic keys, a small consortium genesis, and a builder that turns
 * operations into signed transactions. The ledger does not check signatures (the node verifies
 * them once, at admission), so the signatures here are real but incidental.
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { accountIdFromPublicKey } from "@tongbao/codec";
import { bytesToHex } from "@tongbao/std";
import type { AccountId, ClientId, TimestampMs } from "@tongbao/types";
import {
  KeyType,
  applyBlock,
  createGenesisState,
  encodeTransaction,
  executeBlock,
  toSignedTransaction,
  type BlockExecution,
  type GenesisConfig,
  type LedgerState,
  type Operation,
  type SignedTransaction,
} from "../src/index.ts";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface TestKey {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
  readonly account: AccountId;
}

/** An Ed25519 key derived from a name, so every run and every process gets the same keys. */
export function testKey(name: string): TestKey {
  const seed = Buffer.alloc(32);
  Buffer.from(name, "utf8").copy(seed);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  return {
    name,
    privateKey,
    publicKey,
    account: accountIdFromPublicKey(KeyType.Ed25519, publicKey),
  };
}

export const GENESIS_TIME_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const keys = {
  hkBank: testKey("hk-bank"),
  phBank: testKey("ph-bank"),
  fxDesk: testKey("fx-desk"),
  regulator: testKey("regulator"),
  alice: testKey("alice"),
  bob: testKey("bob"),
  carol: testKey("carol"),
  merchant: testKey("merchant"),
};

export function testGenesis(overrides: Partial<GenesisConfig> = {}): GenesisConfig {
  const hex = (key: TestKey) => bytesToHex(key.publicKey);
  return {
    chainId: "tongbao-test",
    genesisTimeMs: GENESIS_TIME_MS,
    institutions: [
      {
        id: "hk-bank",
        name: "Hong Kong Bank",
        roles: ["validator", "issuer"],
        keyType: "ed25519",
        publicKey: hex(keys.hkBank),
        balances: { HKD: "1000000.00" },
      },
      {
        id: "ph-bank",
        name: "Philippine Bank",
        roles: ["validator", "issuer"],
        keyType: "ed25519",
        publicKey: hex(keys.phBank),
        balances: { PHP: "5000000.00" },
      },
      {
        id: "fx-desk",
        name: "FX Desk",
        roles: ["validator", "liquidity_provider"],
        keyType: "ed25519",
        publicKey: hex(keys.fxDesk),
      },
      {
        id: "regulator",
        name: "Regulator",
        roles: ["regulator"],
        keyType: "ed25519",
        publicKey: hex(keys.regulator),
      },
    ],
    currencies: [
      { code: "HKD", minorUnits: 2, issuer: "hk-bank" },
      { code: "PHP", minorUnits: 2, issuer: "ph-bank" },
    ],
    accounts: [
      {
        keyType: "ed25519",
        publicKey: hex(keys.alice),
        institution: "hk-bank",
        kycTier: 2,
        balances: { HKD: "1000.00" },
      },
      {
        keyType: "ed25519",
        publicKey: hex(keys.bob),
        institution: "hk-bank",
        kycTier: 1,
        balances: { HKD: "50.00" },
      },
      { keyType: "ed25519", publicKey: hex(keys.merchant), institution: "hk-bank", kycTier: 3 },
      { keyType: "ed25519", publicKey: hex(keys.carol), institution: "ph-bank", kycTier: 1 },
    ],
    fees: [{ institution: "hk-bank", currency: "HKD", fixed: "0.10", bps: 10, max: "5.00" }],
    ...overrides,
  };
}

let idCounter = 0n;

/** A fresh, non-zero client id: unique within a process, deterministic in order of calls. */
export function nextId(): ClientId {
  idCounter += 1n;
  return idCounter.toString(16).padStart(32, "0") as ClientId;
}

export interface TxOptions {
  readonly id?: ClientId;
  readonly validUntilMs?: number;
}

export function makeTx(
  signer: TestKey,
  operations: Operation[],
  options: TxOptions = {},
): SignedTransaction {
  const tx = {
    version: 1,
    keyType: KeyType.Ed25519,
    publicKey: signer.publicKey,
    id: options.id ?? nextId(),
    validUntilMs: (options.validUntilMs ?? GENESIS_TIME_MS + 3_600_000) as TimestampMs,
    operations,
  };
  const body = encodeTransaction(tx);
  return toSignedTransaction(tx, body, new Uint8Array(sign(null, body, signer.privateKey)));
}

/** A ledger at genesis plus a clock that advances one second per block. */
export class TestLedger {
  readonly state: LedgerState;
  nowMs: number;

  constructor(config: GenesisConfig = testGenesis()) {
    this.state = createGenesisState(config);
    this.nowMs = config.genesisTimeMs;
  }

  /** Applies a valid block and returns its execution; throws if the block is invalid. */
  block(txs: SignedTransaction[], advanceMs = 1000): BlockExecution {
    this.nowMs += advanceMs;
    return applyBlock(this.state, txs, { height: this.state.height + 1, timestampMs: this.nowMs });
  }

  /** Executes without committing; the caller commits or reverts. */
  execute(txs: SignedTransaction[], advanceMs = 1000) {
    return executeBlock(this.state, txs, {
      height: this.state.height + 1,
      timestampMs: this.nowMs + advanceMs,
    });
  }

  balance(key: TestKey | AccountId, currency: string): bigint {
    const id = typeof key === "string" ? key : key.account;
    return this.state.accounts.get(id)?.balances.get(currency as never) ?? 0n;
  }
}
