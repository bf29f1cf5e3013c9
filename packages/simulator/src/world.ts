/**
 * The simulated consortium: one bank per validator, two currencies issued by the first two
 * banks, fee schedules, and customer accounts spread over the banks with PRNG-drawn balances.
 * Everything here is agreed before the first block: the genesis document, the validator set and
 * the genesis block every node starts from.
 */
import { taggedHash } from "@tongbao/codec";
import { ValidatorSet, type ParentInfo } from "@tongbao/consensus";
import { createGenesisState, type GenesisConfig, type LedgerState } from "@tongbao/ledger";
import { genesisAppHash } from "@tongbao/node";
import { assert, bytesToHex, type Prng } from "@tongbao/std";
import type { CurrencyCode, Height, TimestampMs } from "@tongbao/types";
import { consensusPublicKey, type KeyRing, type SignatureScheme, type SimKey } from "./keys.ts";

export const CHAIN_ID = "tongbao-sim";
/** 2026-01-01T00:00:00Z: the genesis block's time; simulated time 0 is one second later. */
export const GENESIS_TIME_MS = 1_767_225_600_000;
export const SIM_EPOCH_MS = GENESIS_TIME_MS + 1_000;

export const CURRENCIES = ["HKD", "SGD"] as CurrencyCode[];

export interface Customer {
  readonly key: SimKey;
  /** Currencies this customer was funded in at genesis. */
  readonly currencies: readonly CurrencyCode[];
}

export interface World {
  readonly chainId: string;
  readonly genesis: GenesisConfig;
  readonly genesisParent: ParentInfo;
  readonly scheme: SignatureScheme;
  readonly validatorSet: ValidatorSet;
  /** validatorKeys[i] signs for validator index i (the set's order, by public key). */
  readonly validatorKeys: readonly SimKey[];
  readonly customers: readonly Customer[];
  /** Total supply per currency at genesis; the workload neither issues nor redeems. */
  readonly supply: ReadonlyMap<CurrencyCode, bigint>;
}

export interface WorldOptions {
  readonly validators: number;
  readonly accounts: number;
  readonly scheme: SignatureScheme;
}

export function createWorld(options: WorldOptions, keys: KeyRing, prng: Prng): World {
  const { validators, accounts, scheme } = options;
  assert(validators >= 1 && validators <= 100, "1–100 validators");
  assert(accounts >= 2, "at least two customer accounts");
  const bankKeys = Array.from({ length: validators }, (_, i) => keys.key(`validator-${i}`));
  const validatorSet = ValidatorSet.create(
    bankKeys.map((key) => ({
      publicKey: consensusPublicKey(key, scheme),
      power: 1,
      ...(scheme === "ed25519" ? { keyType: "ed25519" } : {}),
    })),
  );
  const validatorKeys = validatorSet.validators.map((v) => {
    const key = bankKeys.find((k) => bytesToHex(consensusPublicKey(k, scheme)) === v.publicKeyHex);
    assert(key !== undefined, "every validator has a key");
    return key;
  });

  const customers: Customer[] = [];
  const genesisAccounts: NonNullable<GenesisConfig["accounts"]>[number][] = [];
  for (let j = 0; j < accounts; j++) {
    const key = keys.key(`customer-${j}`);
    const funded = CURRENCIES.filter(() => prng.int(3) > 0);
    if (funded.length === 0) funded.push(prng.pick(CURRENCIES));
    const balances: Record<string, string> = {};
    for (const code of funded) balances[code] = `${prng.between(1, 5_000)}.${prng.between(10, 99)}`;
    customers.push({ key, currencies: funded });
    genesisAccounts.push({
      keyType: "ed25519",
      publicKey: bytesToHex(key.publicKey),
      institution: `bank-${j % validators}`,
      kycTier: prng.int(4),
      balances,
    });
  }

  const genesis: GenesisConfig = {
    chainId: CHAIN_ID,
    genesisTimeMs: GENESIS_TIME_MS,
    institutions: bankKeys.map((key, i) => ({
      id: `bank-${i}`,
      name: `Bank ${i}`,
      roles: i < CURRENCIES.length ? ["validator", "issuer"] : ["validator"],
      keyType: "ed25519",
      publicKey: bytesToHex(key.publicKey),
    })),
    currencies: CURRENCIES.map((code, i) => ({
      code,
      minorUnits: 2,
      issuer: `bank-${i % validators}`,
    })),
    accounts: genesisAccounts,
    fees: [
      { institution: "bank-0", currency: "HKD", fixed: "0.10", bps: 10, max: "5.00" },
      { institution: "bank-1", currency: "SGD", fixed: "0.05", bps: 5, max: "2.00" },
    ].filter((fee) => Number(fee.institution.slice("bank-".length)) < validators),
  };
  const state = createGenesisState(genesis);
  const supply = new Map(CURRENCIES.map((code) => [code, state.currencies.get(code)!.supply]));
  const genesisParent: ParentInfo = {
    height: 0 as Height,
    // Operators agree on the hash of the genesis document; any fixed 32 bytes serve here.
    blockId: taggedHash("tongbao/sim/genesis", new TextEncoder().encode(CHAIN_ID)),
    timestampMs: GENESIS_TIME_MS as TimestampMs,
    appHash: genesisAppHash(state),
  };
  return {
    chainId: CHAIN_ID,
    genesis,
    genesisParent,
    scheme,
    validatorSet,
    validatorKeys,
    customers,
    supply,
  };
}

/** A fresh ledger at genesis: every node builds its own, and rebuilds it on restart. */
export function genesisState(world: World): LedgerState {
  return createGenesisState(world.genesis);
}
