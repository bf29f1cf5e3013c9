/**
 * The simulated consortium: one bank per validator, two currencies issued by the first two
 * banks, fee schedules, customer accounts spread over the banks with PRNG-drawn balances, and an
 * FX desk (a liquidity provider, not a validator) holding both currencies to pay remittances
 * out. Optionally the remittance rules of a regulated corridor: KYC sending limits on the two
 * lowest tiers and a travel-rule threshold per currency.
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

/** The liquidity provider's institution id; its account signs offers. */
export const LIQUIDITY_PROVIDER = "fx-desk";

export interface Customer {
  readonly key: SimKey;
  /** Currencies this customer was funded in at genesis. */
  readonly currencies: readonly CurrencyCode[];
  /** Index of the customer's bank in World.banks. */
  readonly bank: number;
  readonly kycTier: number;
}

/** One KYC tier's sending limits in one currency, in minor units. */
export interface KycLimits {
  readonly perPaymentMax: bigint;
  readonly dailyMax: bigint;
  readonly monthlyMax: bigint;
}

/** The rules remittances run under when the world has them (all in minor units). */
export interface RemittanceRules {
  /** currency → tier → limits; a (currency, tier) not listed is unlimited. */
  readonly kycLimits: ReadonlyMap<CurrencyCode, ReadonlyMap<number, KycLimits>>;
  /** currency → the send amount at or above which a remit needs travel-rule data. */
  readonly travelRuleThresholds: ReadonlyMap<CurrencyCode, bigint>;
}

/**
 * A corridor's rules, sized against the customers' balances (1–5,000 units): the lowest tiers
 * hit their limits now and then, and larger remittances cross the travel-rule threshold.
 */
export const CORRIDOR_RULES: RemittanceRules = {
  kycLimits: new Map([
    [
      "HKD" as CurrencyCode,
      new Map([
        [0, { perPaymentMax: 50_000n, dailyMax: 100_000n, monthlyMax: 300_000n }],
        [1, { perPaymentMax: 200_000n, dailyMax: 500_000n, monthlyMax: 2_000_000n }],
      ]),
    ],
    [
      "SGD" as CurrencyCode,
      new Map([
        [0, { perPaymentMax: 10_000n, dailyMax: 20_000n, monthlyMax: 60_000n }],
        [1, { perPaymentMax: 40_000n, dailyMax: 100_000n, monthlyMax: 400_000n }],
      ]),
    ],
  ]),
  travelRuleThresholds: new Map([
    ["HKD" as CurrencyCode, 100_000n],
    ["SGD" as CurrencyCode, 20_000n],
  ]),
};

/** The FX desk's liquidity at genesis, per currency (decimal, as genesis takes it). */
const PROVIDER_BALANCES = { HKD: "200000.00", SGD: "40000.00" };

export interface World {
  readonly chainId: string;
  readonly genesis: GenesisConfig;
  readonly genesisParent: ParentInfo;
  readonly scheme: SignatureScheme;
  readonly validatorSet: ValidatorSet;
  /** validatorKeys[i] signs for validator index i (the set's order, by public key). */
  readonly validatorKeys: readonly SimKey[];
  /** banks[i] is the key of institution `bank-${i}`'s own account (and validator's key). */
  readonly banks: readonly SimKey[];
  /** The FX desk's own account: posts and withdraws offers, pays remittances out. */
  readonly liquidityProvider: SimKey;
  /** The rules in genesis, or undefined when remittances run unrestricted. */
  readonly remittanceRules: RemittanceRules | undefined;
  readonly customers: readonly Customer[];
  /** Total supply per currency at genesis; the workload neither issues nor redeems. */
  readonly supply: ReadonlyMap<CurrencyCode, bigint>;
}

export interface WorldOptions {
  readonly validators: number;
  readonly accounts: number;
  readonly scheme: SignatureScheme;
  /** Put CORRIDOR_RULES (KYC limits, travel-rule thresholds) in genesis. Default false. */
  readonly remittanceRules?: boolean;
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
    const bank = j % validators;
    const kycTier = prng.int(4);
    customers.push({ key, currencies: funded, bank, kycTier });
    genesisAccounts.push({
      keyType: "ed25519",
      publicKey: bytesToHex(key.publicKey),
      institution: `bank-${bank}`,
      kycTier,
      balances,
    });
  }
  const liquidityProvider = keys.key("liquidity-provider");
  const rules = options.remittanceRules === true ? CORRIDOR_RULES : undefined;

  const genesis: GenesisConfig = {
    chainId: CHAIN_ID,
    genesisTimeMs: GENESIS_TIME_MS,
    institutions: [
      ...bankKeys.map((key, i): GenesisConfig["institutions"][number] => ({
        id: `bank-${i}`,
        name: `Bank ${i}`,
        roles: i < CURRENCIES.length ? ["validator", "issuer"] : ["validator"],
        keyType: "ed25519",
        publicKey: bytesToHex(key.publicKey),
      })),
      {
        id: LIQUIDITY_PROVIDER,
        name: "FX Desk",
        roles: ["liquidity_provider"],
        keyType: "ed25519",
        publicKey: bytesToHex(liquidityProvider.publicKey),
        balances: PROVIDER_BALANCES,
      },
    ],
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
    ...(rules === undefined ? {} : genesisRules(rules)),
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
    banks: bankKeys,
    liquidityProvider,
    remittanceRules: rules,
    customers,
    supply,
  };
}

/** The rules as genesis lists them: decimal limits (two minor digits), thresholds in minor units. */
function genesisRules(
  rules: RemittanceRules,
): Pick<GenesisConfig, "kycLimits" | "travelRuleThresholds"> {
  const decimal = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, "0")}`;
  return {
    kycLimits: [...rules.kycLimits].flatMap(([currency, tiers]) =>
      [...tiers].map(([tier, limits]) => ({
        currency,
        tier,
        perPaymentMax: decimal(limits.perPaymentMax),
        dailyMax: decimal(limits.dailyMax),
        monthlyMax: decimal(limits.monthlyMax),
      })),
    ),
    travelRuleThresholds: [...rules.travelRuleThresholds].map(([currency, threshold]) => ({
      currency,
      thresholdMinor: String(threshold),
    })),
  };
}

/** A fresh ledger at genesis: every node builds its own, and rebuilds it on restart. */
export function genesisState(world: World): LedgerState {
  return createGenesisState(world.genesis);
}
