/**
 * Genesis: the consortium's starting state — member institutions and their roles, currencies
 * and their issuers, fee schedules, and initial accounts with balances (which are the initial
 * supply). Configuration is JSON-shaped input, so every mistake is reported as a GenesisError
 * that names the entry and what to fix.
 */
import { accountIdFromPublicKey } from "@tongbao/codec";
import { hexToBytes } from "@tongbao/std";
import {
  AMOUNT_MAX,
  MINOR_UNITS_MAX,
  aCurrencyCode,
  aInstitutionId,
  parseAmount,
  type AccountId,
  type Amount,
  type CurrencyCode,
  type InstitutionId,
} from "@tongbao/types";
import {
  CHAIN_ID_BYTES_MAX,
  FEE_BPS_MAX,
  INSTITUTION_NAME_BYTES_MAX,
  KYC_TIER_MAX,
} from "./constants.ts";
import { LedgerState } from "./state/ledger-state.ts";
import { Role, type Account } from "./state/model.ts";
import { computeStateRoots } from "./state/state-root.ts";
import { KeyType } from "./tx/transaction.ts";
import { publicKeyBytes } from "./tx/encoding.ts";

export type RoleName = keyof typeof Role;
export type KeyTypeName = "ed25519" | "p256";

export interface GenesisBalances {
  /** Currency code → decimal amount string, e.g. { "HKD": "1000000.00" }. */
  readonly [currency: string]: string;
}

export interface GenesisConfig {
  readonly chainId: string;
  readonly genesisTimeMs: number;
  readonly institutions: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly roles: readonly RoleName[];
    readonly keyType: KeyTypeName;
    readonly publicKey: string;
    readonly balances?: GenesisBalances;
  }>;
  readonly currencies: ReadonlyArray<{
    readonly code: string;
    readonly minorUnits: number;
    readonly issuer: string;
  }>;
  readonly accounts?: ReadonlyArray<{
    readonly keyType: KeyTypeName;
    readonly publicKey: string;
    readonly institution: string;
    readonly kycTier: number;
    readonly balances?: GenesisBalances;
  }>;
  readonly fees?: ReadonlyArray<{
    readonly institution: string;
    readonly currency: string;
    readonly fixed: string;
    readonly bps: number;
    readonly max: string;
  }>;
  /** Sending limits per (currency, KYC tier), decimal amounts like fees: { perPaymentMax: "8000.00" }. */
  readonly kycLimits?: ReadonlyArray<{
    readonly currency: string;
    readonly tier: number;
    readonly perPaymentMax: string;
    readonly dailyMax: string;
    readonly monthlyMax: string;
  }>;
  /** Per currency, the remittance send amount (in minor units, digits) that needs travel-rule data. */
  readonly travelRuleThresholds?: ReadonlyArray<{
    readonly currency: string;
    readonly thresholdMinor: string;
  }>;
  /** Accounts (hex ids) sanctioned from the start. */
  readonly sanctioned?: readonly string[];
}

export class GenesisError extends Error {
  override name = "GenesisError";
}

function fail(where: string, message: string): never {
  throw new GenesisError(`genesis ${where}: ${message}`);
}

function wrap<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof GenesisError) throw error;
    const message = (error as Error).message;
    // Boundary validators already start their message with the title they were given.
    if (message.startsWith(`${where}:`)) throw new GenesisError(`genesis ${message}`);
    return fail(where, message);
  }
}

function parseKey(
  where: string,
  keyTypeName: unknown,
  publicKeyHex: unknown,
): { keyType: KeyType; publicKey: Uint8Array } {
  if (keyTypeName !== "ed25519" && keyTypeName !== "p256") {
    fail(where, `keyType must be "ed25519" or "p256", not "${String(keyTypeName)}"`);
  }
  const keyType = keyTypeName === "ed25519" ? KeyType.Ed25519 : KeyType.P256;
  const publicKey = wrap(`${where}.publicKey`, () => hexToBytes(publicKeyHex as string));
  if (publicKey.length !== publicKeyBytes(keyType)) {
    fail(
      where,
      `a ${keyTypeName} public key has ${publicKeyBytes(keyType)} bytes, this one has ${publicKey.length}`,
    );
  }
  return { keyType, publicKey };
}

/** KYC limits, travel-rule thresholds and sanctions: the rules remittances start under. */
function readRemittanceRules(state: LedgerState, config: GenesisConfig): void {
  const currencyOf = (where: string, code: unknown) => {
    const currency = state.currencies.get(code as CurrencyCode);
    if (currency === undefined) fail(where, `unknown currency "${String(code)}"`);
    return currency;
  };
  (config.kycLimits ?? []).forEach((entry, i) => {
    const where = `kycLimits[${i}]`;
    const currency = currencyOf(`${where}.currency`, entry.currency);
    if (!Number.isInteger(entry.tier) || entry.tier < 0 || entry.tier > KYC_TIER_MAX) {
      fail(`${where}.tier`, `must be an integer 0–${KYC_TIER_MAX}`);
    }
    const [perPaymentMax, dailyMax, monthlyMax] = (
      ["perPaymentMax", "dailyMax", "monthlyMax"] as const
    ).map(
      (field) =>
        wrap(`${where}.${field}`, () => parseAmount(entry[field], currency.minorUnits)) as Amount,
    ) as [Amount, Amount, Amount];
    if (perPaymentMax > dailyMax || dailyMax > monthlyMax) {
      fail(where, "limits must satisfy perPaymentMax ≤ dailyMax ≤ monthlyMax");
    }
    if (state.kycLimits.get(currency.code)?.has(entry.tier) === true) {
      fail(where, `limits for ${currency.code} tier ${entry.tier} are listed twice`);
    }
    if (!state.kycLimits.has(currency.code)) state.kycLimits.set(currency.code, new Map());
    state.kycLimits.get(currency.code)!.set(entry.tier, { perPaymentMax, dailyMax, monthlyMax });
  });
  (config.travelRuleThresholds ?? []).forEach((entry, i) => {
    const where = `travelRuleThresholds[${i}]`;
    const currency = currencyOf(`${where}.currency`, entry.currency);
    const text = String(entry.thresholdMinor);
    if (!/^(0|[1-9][0-9]*)$/.test(text) || BigInt(text) > AMOUNT_MAX) {
      fail(
        `${where}.thresholdMinor`,
        `must be a whole number of minor units as digits, e.g. "800000"`,
      );
    }
    if (state.travelRuleThresholds.has(currency.code)) {
      fail(where, `a threshold for ${currency.code} is listed twice`);
    }
    state.travelRuleThresholds.set(currency.code, BigInt(text) as Amount);
  });
  (config.sanctioned ?? []).forEach((id, i) => {
    const where = `sanctioned[${i}]`;
    const account = state.accounts.get(id as AccountId);
    if (account === undefined) fail(where, `no account "${String(id)}" in this genesis`);
    if (account.sanctioned) fail(where, `account ${id} is listed twice`);
    state.setSanctioned(account, true);
  });
}

/** Builds the height-0 state. Throws GenesisError for any inconsistency in `config`. */
export function createGenesisState(config: GenesisConfig): LedgerState {
  if (
    typeof config.chainId !== "string" ||
    config.chainId.length === 0 ||
    config.chainId.length > CHAIN_ID_BYTES_MAX
  ) {
    fail("chainId", `must be a non-empty string of at most ${CHAIN_ID_BYTES_MAX} characters`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(config.chainId)) {
    fail("chainId", "may use only A–Z a–z 0–9 . _ - (it is part of every signature's domain)");
  }
  if (!Number.isSafeInteger(config.genesisTimeMs) || config.genesisTimeMs < 0) {
    fail("genesisTimeMs", "must be a non-negative integer of milliseconds since 1970");
  }
  const state = new LedgerState(config.chainId);
  state.lastTimestampMs = config.genesisTimeMs;

  const pendingBalances: Array<{
    account: Account;
    balances: GenesisBalances | undefined;
    where: string;
  }> = [];
  config.institutions.forEach((entry, i) => {
    const where = `institutions[${i}]`;
    const id = wrap(`${where}.id`, () => aInstitutionId(entry.id, `${where}.id`));
    if (state.institutions.has(id)) fail(where, `institution "${id}" is listed twice`);
    if (
      typeof entry.name !== "string" ||
      entry.name.length === 0 ||
      entry.name.length > INSTITUTION_NAME_BYTES_MAX
    ) {
      fail(`${where}.name`, `must be 1–${INSTITUTION_NAME_BYTES_MAX} characters`);
    }
    let roles = 0;
    for (const role of entry.roles) {
      if (!(role in Role) || typeof Role[role] !== "number") {
        fail(
          `${where}.roles`,
          `unknown role "${role}"; use validator, issuer, liquidity_provider or regulator`,
        );
      }
      roles |= Role[role];
    }
    const { keyType, publicKey } = parseKey(where, entry.keyType, entry.publicKey);
    const accountId = accountIdFromPublicKey(keyType, publicKey) as AccountId;
    if (state.accounts.has(accountId))
      fail(where, "public key already used by another institution");
    state.institutions.set(id, { id, name: entry.name, roles, accountId });
    state.institutionByAccount.set(accountId, id);
    const account = state.addAccount({
      id: accountId,
      keyType,
      publicKey,
      institution: id,
      kycTier: KYC_TIER_MAX,
      frozen: false,
    });
    pendingBalances.push({ account, balances: entry.balances, where });
  });

  config.currencies.forEach((entry, i) => {
    const where = `currencies[${i}]`;
    const code = wrap(`${where}.code`, () => aCurrencyCode(entry.code, `${where}.code`));
    if (state.currencies.has(code)) fail(where, `currency ${code} is listed twice`);
    if (
      !Number.isInteger(entry.minorUnits) ||
      entry.minorUnits < 0 ||
      entry.minorUnits > MINOR_UNITS_MAX
    ) {
      fail(
        `${where}.minorUnits`,
        `must be an integer 0–${MINOR_UNITS_MAX} (ISO 4217: HKD 2, JPY 0)`,
      );
    }
    const issuer = state.institutions.get(entry.issuer as InstitutionId);
    if (issuer === undefined) fail(`${where}.issuer`, `no institution "${entry.issuer}"`);
    if ((issuer.roles & Role.issuer) === 0)
      fail(`${where}.issuer`, `"${issuer.id}" lacks the issuer role`);
    state.currencies.set(code, {
      code,
      minorUnits: entry.minorUnits,
      issuer: issuer.id,
      supply: 0n,
    });
  });

  (config.accounts ?? []).forEach((entry, i) => {
    const where = `accounts[${i}]`;
    const { keyType, publicKey } = parseKey(where, entry.keyType, entry.publicKey);
    const id = accountIdFromPublicKey(keyType, publicKey) as AccountId;
    if (state.accounts.has(id)) fail(where, "an account with this public key is listed twice");
    const institution = state.institutions.get(entry.institution as InstitutionId);
    if (institution === undefined)
      fail(`${where}.institution`, `no institution "${entry.institution}"`);
    if (!Number.isInteger(entry.kycTier) || entry.kycTier < 0 || entry.kycTier > KYC_TIER_MAX) {
      fail(`${where}.kycTier`, `must be an integer 0–${KYC_TIER_MAX}`);
    }
    const account = state.addAccount({
      id,
      keyType,
      publicKey,
      institution: institution.id,
      kycTier: entry.kycTier,
      frozen: false,
    });
    pendingBalances.push({ account, balances: entry.balances, where });
  });

  for (const { account, balances, where } of pendingBalances) {
    for (const code of Object.keys(balances ?? {}).sort()) {
      const currency = state.currencies.get(code as CurrencyCode);
      if (currency === undefined) fail(`${where}.balances`, `unknown currency "${code}"`);
      const amount = wrap(`${where}.balances.${code}`, () =>
        parseAmount(balances![code], currency.minorUnits),
      );
      if (currency.supply + amount > AMOUNT_MAX)
        fail(`${where}.balances.${code}`, "total supply would exceed the maximum");
      currency.supply += amount;
      account.balances.set(currency.code, (account.balances.get(currency.code) ?? 0n) + amount);
    }
  }

  (config.fees ?? []).forEach((entry, i) => {
    const where = `fees[${i}]`;
    const institution = state.institutions.get(entry.institution as InstitutionId);
    if (institution === undefined)
      fail(`${where}.institution`, `no institution "${entry.institution}"`);
    const currency = state.currencies.get(entry.currency as CurrencyCode);
    if (currency === undefined) fail(`${where}.currency`, `unknown currency "${entry.currency}"`);
    if (!Number.isInteger(entry.bps) || entry.bps < 0 || entry.bps > FEE_BPS_MAX) {
      fail(`${where}.bps`, `must be an integer 0–${FEE_BPS_MAX} (basis points)`);
    }
    const fixedMinor = wrap(`${where}.fixed`, () =>
      parseAmount(entry.fixed, currency.minorUnits),
    ) as Amount;
    const maxMinor = wrap(`${where}.max`, () =>
      parseAmount(entry.max, currency.minorUnits),
    ) as Amount;
    if (state.feeSchedule(institution.id, currency.code) !== undefined) {
      fail(where, `a fee for ${institution.id} in ${currency.code} is listed twice`);
    }
    if (!state.fees.has(institution.id)) state.fees.set(institution.id, new Map());
    state.fees.get(institution.id)!.set(currency.code, { fixedMinor, bps: entry.bps, maxMinor });
  });

  readRemittanceRules(state, config);

  // Genesis is not a block: nothing to undo, so make it permanent and hash it once.
  state.commitJournal();
  computeStateRoots(state);
  state.clearDirty();
  return state;
}
