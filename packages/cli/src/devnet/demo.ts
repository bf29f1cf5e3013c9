/**
 * The devnet's demo consortium: an HKD e-money issuer, a PHP wallet issuer, an FX bank that
 * provides liquidity in both, a regulator that runs a non-voting observer node ("regulator"),
 * and more banks when more validators are asked for — with consumers and merchants funded at
 * genesis, so that payments and remittances can be tried at once.
 *
 * The Hong Kong–Philippines corridor: the issuers set sending limits per KYC tier in genesis, the
 * regulator's travel-rule thresholds are there too, and fx-bank posts its HKD→PHP and PHP→HKD
 * offers at every start (devnet/offers.ts).
 */
import type { NetworkConfig, NodeSettings } from "../network.ts";
import { sharedVerifierThreads } from "../verifier-threads.ts";

export const DEVNET_CHAIN_ID = "tongbao-devnet-1";

/** The regulator institution, and the name of its observer node. */
export const DEVNET_REGULATOR = "regulator";

/**
 * Timeouts for validators on one machine: messages take well under a millisecond, so rounds
 * can be short. The commit delay keeps an idle network at a few blocks a second instead of
 * spinning, and bounds a payment's wait for the next block.
 */
export const DEVNET_NODE_SETTINGS: NodeSettings = {
  timeouts: {
    proposeMs: 1_000,
    proposeDeltaMs: 500,
    prevoteMs: 500,
    prevoteDeltaMs: 250,
    precommitMs: 500,
    precommitDeltaMs: 250,
  },
  commitDelayMs: 200,
  logLevel: "info",
  // A restarted validator is dialled again within a second.
  reconnectDelayMsMax: 1_000,
};

const VALIDATOR_INSTITUTIONS = [
  { id: "hk-emoney", name: "HK E-Money Ltd", roles: ["validator", "issuer"] as const },
  { id: "ph-wallet", name: "PH Wallet Inc", roles: ["validator", "issuer"] as const },
  { id: "fx-bank", name: "FX Bank", roles: ["validator", "liquidity_provider"] as const },
  { id: "harbour-bank", name: "Harbour Bank", roles: ["validator"] as const },
];

/**
 * What each validator's institution desk gives an account it opens on the devnet: its own
 * currency when it issues one, else HKD from its own account. Institutions not named here
 * (bank-5 and on) open accounts without demo money. hk-emoney gives 2,000 HKD so that a new
 * wallet can send 1,000 HKD abroad and pay the fees on top.
 */
export const DEMO_DESK_FUNDS: Readonly<Record<string, { amount: string; currency: string }>> = {
  "hk-emoney": { amount: "2000.00", currency: "HKD" },
  "ph-wallet": { amount: "1000.00", currency: "PHP" },
  "fx-bank": { amount: "1000.00", currency: "HKD" },
  "harbour-bank": { amount: "1000.00", currency: "HKD" },
};

/**
 * What the demo merchants' institutions know of them: the name, city and category their QR codes
 * carry (the desk's merchant register; docs/spec/api.md). Merchants that open accounts in the
 * wallet register their own at the desk.
 */
export const DEMO_MERCHANTS: Readonly<
  Record<
    string,
    {
      readonly name: string;
      readonly city: string;
      readonly mcc: string;
      readonly alternateLanguage?: { readonly language: string; readonly name: string };
    }
  >
> = {
  "tea-house": {
    name: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
    alternateLanguage: { language: "ZH", name: "茶館" },
  },
  "sari-store": { name: "SARI-SARI STORE", city: "QUEZON CITY", mcc: "5411" },
};

/**
 * Sending limits per KYC tier, modelled on the two markets' e-money rules (illustrative, not
 * legal advice). Tier 0 (unverified) cannot send. Tier 1 is what a desk opens for a new wallet
 * (DESK_KYC_TIER): a basic, remotely onboarded account — per payment about a small remittance,
 * HKD 3,000 (HKMA's SVF guideline lets accounts up to that stored value skip full due
 * diligence) and PHP 20,000, with a month of at most HKD 20,000 or PHP 100,000 (BSP's monthly
 * cap on basic e-money accounts). Tier 2 (identity verified) sends a month's wages abroad at
 * once with room left. Tier 3 (merchants, enhanced due diligence) has no limits: a tier without
 * any is unlimited. Amounts are decimal, as in genesis.
 */
export const DEVNET_KYC_LIMITS: NonNullable<NetworkConfig["kycLimits"]> = [
  { currency: "HKD", tier: 0, perPaymentMax: "0.00", dailyMax: "0.00", monthlyMax: "0.00" },
  {
    currency: "HKD",
    tier: 1,
    perPaymentMax: "3000.00",
    dailyMax: "5000.00",
    monthlyMax: "20000.00",
  },
  {
    currency: "HKD",
    tier: 2,
    perPaymentMax: "20000.00",
    dailyMax: "50000.00",
    monthlyMax: "200000.00",
  },
  { currency: "PHP", tier: 0, perPaymentMax: "0.00", dailyMax: "0.00", monthlyMax: "0.00" },
  {
    currency: "PHP",
    tier: 1,
    perPaymentMax: "20000.00",
    dailyMax: "35000.00",
    monthlyMax: "100000.00",
  },
  {
    currency: "PHP",
    tier: 2,
    perPaymentMax: "150000.00",
    dailyMax: "350000.00",
    monthlyMax: "1500000.00",
  },
];

/**
 * From these send amounts on a remittance must carry travel-rule data (FATF R.16 as Hong Kong's
 * HKD 8,000 and the Philippines' PHP 50,000 apply it). Minor units. The CLI and the wallet
 * attach the data to every remittance anyway, as cross-border practice is.
 */
export const DEVNET_TRAVEL_RULE_THRESHOLDS: NonNullable<NetworkConfig["travelRuleThresholds"]> = [
  { currency: "HKD", thresholdMinor: "800000" },
  { currency: "PHP", thresholdMinor: "5000000" },
];

/**
 * Who the demo customers are, for the travel-rule data their remittances carry (IVMS101 legal
 * names, where they live). Accounts not named here are sent under their devnet name.
 */
export const DEMO_CUSTOMERS: Readonly<
  Record<
    string,
    {
      readonly familyName: string;
      readonly givenName: string;
      readonly town: string;
      readonly addressLine: string;
      readonly country: string;
    }
  >
> = {
  alice: {
    familyName: "CHAN",
    givenName: "Alice",
    town: "Hong Kong",
    addressLine: "18 Nathan Road, Tsim Sha Tsui, Kowloon",
    country: "HK",
  },
  bob: {
    familyName: "WONG",
    givenName: "Bob",
    town: "Hong Kong",
    addressLine: "3 Des Voeux Road Central",
    country: "HK",
  },
  maria: {
    familyName: "SANTOS",
    givenName: "Maria",
    town: "Quezon City",
    addressLine: "45 Maginhawa Street, Teachers Village",
    country: "PH",
  },
};

export interface DemoOptions {
  readonly validators: number;
  /** One p2p port per validator. */
  readonly ports: readonly number[];
  readonly host?: string;
  readonly node?: NodeSettings;
  /** The p2p port of the regulator's observer node; absent: the regulator runs no node. */
  readonly observerPort?: number;
}

export function demoNetworkConfig(options: DemoOptions): NetworkConfig {
  const { validators, ports } = options;
  const host = options.host ?? "127.0.0.1";
  const institutions: NetworkConfig["institutions"][number][] = VALIDATOR_INSTITUTIONS.map((i) => ({
    ...i,
    roles: [...i.roles],
  }));
  for (let n = institutions.length + 1; n <= validators; n++) {
    institutions.push({ id: `bank-${n}`, name: `Bank ${n}`, roles: ["validator"] });
  }
  const balances: Record<string, Record<string, string>> = {
    "hk-emoney": { HKD: "10000000.00" },
    "ph-wallet": { PHP: "500000000.00" },
    "fx-bank": { HKD: "2000000.00", PHP: "100000000.00" },
    // Enough for its desk to fund a thousand new accounts (DEMO_DESK_FUNDS).
    "harbour-bank": { HKD: "1000000.00" },
  };
  return {
    chainId: DEVNET_CHAIN_ID,
    institutions: [
      ...institutions.map((i) => ({
        ...i,
        ...(balances[i.id] === undefined ? {} : { balances: balances[i.id] }),
      })),
      { id: DEVNET_REGULATOR, name: "Monetary Authority (observer)", roles: ["regulator"] },
    ],
    currencies: [
      { code: "HKD", minorUnits: 2, issuer: "hk-emoney" },
      { code: "PHP", minorUnits: 2, issuer: "ph-wallet" },
    ],
    validators: institutions.slice(0, validators).map((i, index) => ({
      institution: i.id,
      address: `${host}:${ports[index]}`,
    })),
    ...(options.observerPort === undefined
      ? {}
      : {
          observers: [
            {
              name: DEVNET_REGULATOR,
              institution: DEVNET_REGULATOR,
              address: `${host}:${options.observerPort}`,
            },
          ],
        }),
    accounts: [
      {
        name: "alice",
        institution: "hk-emoney",
        kycTier: 2,
        role: "consumer",
        balances: { HKD: "5000.00" },
      },
      {
        name: "bob",
        institution: "hk-emoney",
        kycTier: 1,
        role: "consumer",
        balances: { HKD: "800.00" },
      },
      { name: "tea-house", institution: "hk-emoney", kycTier: 3, role: "merchant" },
      {
        name: "maria",
        institution: "ph-wallet",
        kycTier: 2,
        role: "consumer",
        balances: { PHP: "20000.00" },
      },
      { name: "sari-store", institution: "ph-wallet", kycTier: 3, role: "merchant" },
    ],
    kycLimits: DEVNET_KYC_LIMITS,
    travelRuleThresholds: DEVNET_TRAVEL_RULE_THRESHOLDS,
    node: {
      ...(options.node ?? DEVNET_NODE_SETTINGS),
      verifierThreads:
        options.node?.verifierThreads ??
        sharedVerifierThreads(validators + (options.observerPort === undefined ? 0 : 1)),
    },
  };
}
