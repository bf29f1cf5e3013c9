/**
 * Remittance test helpers: operations built from plain numbers, and a ledger where the FX desk
 * (a liquidity provider) holds PHP to pay out. Rates are in minor units of both currencies.
 */
import type { AccountId, Amount, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";
import { ResultCode, type Operation, type RemitSource } from "../src/index.ts";
import { TestLedger, keys, makeTx, nextId, testGenesis, type TestKey } from "./fixtures.ts";
import type { GenesisConfig } from "../src/index.ts";

export const HKD = "HKD" as CurrencyCode;
export const PHP = "PHP" as CurrencyCode;

export interface OfferTerms {
  readonly id?: ClientId;
  readonly buy?: CurrencyCode;
  readonly sell?: CurrencyCode;
  readonly rateNum?: bigint;
  readonly rateDen?: bigint;
  readonly minBuy?: bigint;
  readonly maxBuy?: bigint;
  readonly spreadBps?: number;
  readonly expiresAtMs?: number;
}

export function postOffer(ledger: TestLedger, terms: OfferTerms = {}): Operation {
  return {
    kind: "post_offer",
    id: terms.id ?? nextId(),
    buy: terms.buy ?? HKD,
    sell: terms.sell ?? PHP,
    rateNum: terms.rateNum ?? 7n,
    rateDen: terms.rateDen ?? 1n,
    minBuy: (terms.minBuy ?? 100n) as Amount,
    maxBuy: (terms.maxBuy ?? 1_000_000n) as Amount,
    spreadBps: terms.spreadBps ?? 25,
    expiresAtMs: (terms.expiresAtMs ?? ledger.nowMs + 86_400_000) as TimestampMs,
  };
}

export function holdQuote(
  offerId: ClientId,
  payer: AccountId,
  buyAmount: bigint,
  options: { id?: ClientId; timeoutMs?: number; provider?: AccountId } = {},
): Operation {
  return {
    kind: "hold_quote",
    id: options.id ?? nextId(),
    provider: options.provider ?? keys.fxDesk.account,
    offerId,
    payer,
    buyAmount: buyAmount as Amount,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
}

export function remit(
  to: AccountId,
  sendAmount: bigint,
  source: RemitSource,
  options: {
    send?: CurrencyCode;
    receive?: CurrencyCode;
    worstRateNum?: bigint;
    worstRateDen?: bigint;
    travelRuleHash?: Hash;
  } = {},
): Operation {
  return {
    kind: "remit",
    to,
    sendCurrency: options.send ?? HKD,
    sendAmount: sendAmount as Amount,
    receiveCurrency: options.receive ?? PHP,
    worstRateNum: options.worstRateNum ?? 0n,
    worstRateDen: options.worstRateDen ?? 1n,
    source,
    travelRuleHash: options.travelRuleHash,
  };
}

export const fromQuote = (id: ClientId, holder: AccountId = keys.hkBank.account): RemitSource => ({
  kind: "quote",
  holder,
  id,
});
export const fromOffer = (
  id: ClientId,
  provider: AccountId = keys.fxDesk.account,
): RemitSource => ({
  kind: "offer",
  provider,
  id,
});

/**
 * The corridor's travel-rule thresholds (HKD 8,000.00, PHP 50,000.00): a currency without one
 * would need the data on every remit.
 */
export const FX_TRAVEL_RULE_THRESHOLDS = [
  { currency: "HKD", thresholdMinor: "800000" },
  { currency: "PHP", thresholdMinor: "5000000" },
];

/** A ledger where the FX desk holds 100,000.00 PHP of liquidity (and no fee on PHP applies). */
export function fxLedger(overrides: Partial<GenesisConfig> = {}): TestLedger {
  const genesis = testGenesis({ travelRuleThresholds: FX_TRAVEL_RULE_THRESHOLDS, ...overrides });
  const ledger = new TestLedger({
    ...genesis,
    institutions: genesis.institutions.map((institution) =>
      institution.id === "fx-desk"
        ? { ...institution, balances: { PHP: "100000.00" } }
        : institution,
    ),
  });
  return ledger;
}

/** Applies one transaction in its own block and returns its result code. */
export function run(ledger: TestLedger, signer: TestKey, ops: Operation[], advanceMs = 1000) {
  const validUntilMs = ledger.nowMs + advanceMs + 60_000;
  const execution = ledger.block([makeTx(signer, ops, { validUntilMs })], advanceMs);
  return { code: execution.receipts[0]!.code as ResultCode, execution };
}
