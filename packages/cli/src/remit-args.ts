/**
 * The arguments of the remittance commands (`offer`, `quote`, `remit`, `sanction`, `iso20022`)
 * checked before anything is asked of a gateway: each mistake is one CliError naming the option
 * and how to write it. Pure, so the unit tests cover every refusal.
 */
import { CliError } from "./errors.ts";

const CURRENCY = /^[A-Za-z]{3}$/;
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const OFFER_ID = /^[0-9a-f]{32}$/;
const TX_HASH = /^[0-9a-f]{64}$/;
const DURATION = /^([1-9][0-9]*)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The ledger's longest offer lifetime (OFFER_LIFETIME_MS_MAX): 30 days. */
export const OFFER_EXPIRES_IN_MAX_MS = 30 * 86_400_000;
export const OFFER_EXPIRES_IN_DEFAULT = "7d";
export const OFFER_MIN_DEFAULT = "10";
export const OFFER_MAX_DEFAULT = "50000";

/** "hkd" or "HKD" → "HKD". */
export function currencyArg(text: string, what: string): string {
  if (!CURRENCY.test(text)) {
    throw new CliError(`${what}: "${text}" is not a currency code; write three letters, e.g. HKD`);
  }
  return text.toUpperCase();
}

/** A positive plain decimal ("1000", "12.50"); the currency's digits are checked by the SDK. */
export function amountArg(text: string, what: string): string {
  if (!DECIMAL.exec(text) || /^0(\.0*)?$/.test(text)) {
    throw new CliError(
      `${what}: "${text}" is not an amount; write a positive decimal such as 1000 or 12.50 (no commas or currency)`,
    );
  }
  return text;
}

/** A rate: receive major units per one send major unit, e.g. 7.2; "0" only where allowed. */
export function rateArg(text: string, what: string, allowZero = false): string {
  if (!DECIMAL.exec(text) || (!allowZero && /^0(\.0*)?$/.test(text))) {
    throw new CliError(
      `${what}: "${text}" is not a rate; write how many units of the receive currency one unit of the send currency buys, e.g. 7.2`,
    );
  }
  return text;
}

/** "90s", "15m", "2h", "7d" → milliseconds, at most 30 days. */
export function offerExpiresInArg(text: string): number {
  const match = DURATION.exec(text);
  if (match === null) {
    throw new CliError(`--expires-in: "${text}" is not a duration; write e.g. 12h, 7d or 30d`);
  }
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms > OFFER_EXPIRES_IN_MAX_MS) {
    throw new CliError(`--expires-in: ${text} is longer than 30d, the longest an offer may stand`);
  }
  return ms;
}

/** The declared spread, 0–10,000 basis points. */
export function spreadBpsArg(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n > 10_000) {
    throw new CliError(
      `--spread-bps: "${text}" is not 0–10000 basis points (50 = 0.5 % over mid-market)`,
    );
  }
  return n;
}

export function offerIdArg(text: string): string {
  if (!OFFER_ID.test(text)) {
    throw new CliError(
      `offer id "${text}" is not 32 lower-case hex digits; \`tongbao offer list\` shows the ids`,
    );
  }
  return text;
}

export function txHashArg(text: string): string {
  if (!TX_HASH.test(text)) {
    throw new CliError(
      `"${text}" is not a transaction hash (64 lower-case hex digits); \`tongbao remit\` prints it`,
    );
  }
  return text;
}

export type Iso20022Kind = "pacs.008" | "pain.001";

export function iso20022TypeArg(text: string | undefined): Iso20022Kind {
  if (text === undefined) return "pacs.008";
  if (text !== "pacs.008" && text !== "pain.001") {
    throw new CliError(
      `--type: "${text}" is not a message this ledger exports; use pacs.008 (the settled payment) or pain.001 (the customer's order)`,
    );
  }
  return text;
}

/** What `quote` asks for: exactly one of --send and --receive. */
export type QuoteAmount =
  | { readonly sendAmount: string; readonly receiveAmount?: undefined }
  | { readonly receiveAmount: string; readonly sendAmount?: undefined };

export function quoteAmountArg(options: { send?: string; receive?: string }): QuoteAmount {
  if (options.send !== undefined && options.receive !== undefined) {
    throw new CliError("give --send (what leaves the payer) or --receive (what arrives), not both");
  }
  if (options.send !== undefined) return { sendAmount: amountArg(options.send, "--send") };
  if (options.receive !== undefined) {
    return { receiveAmount: amountArg(options.receive, "--receive") };
  }
  throw new CliError(
    "say how much: --send AMOUNT (in the first currency) or --receive AMOUNT (in the second), e.g. tongbao quote HKD PHP --send 1000",
  );
}

/** FROM and TO of a conversion: two different currency codes. */
export function currencyPairArg(from: string, to: string): { from: string; to: string } {
  const pair = { from: currencyArg(from, "FROM_CCY"), to: currencyArg(to, "TO_CCY") };
  if (pair.from === pair.to) {
    throw new CliError(
      `${pair.from} to ${pair.from} is no conversion: a remittance sends one currency and delivers another (use \`tongbao pay\` for ${pair.from})`,
    );
  }
  return pair;
}

/** A decimal as an exact fraction: "7.164" → 7164 / 1000. */
function fractionOf(text: string): { num: bigint; den: bigint } {
  const [whole, fraction = ""] = text.split(".");
  return { num: BigInt(whole! + fraction), den: 10n ** BigInt(fraction.length) };
}

/**
 * Whether receiving `receive` for `send` (both decimal, in major units) is at least `worst`
 * receive units per send unit — the ledger's own test (receive × den ≥ send × num), here
 * before anything is signed.
 */
export function meetsWorstRate(send: string, receive: string, worst: string): boolean {
  const s = fractionOf(send);
  const r = fractionOf(receive);
  const w = fractionOf(worst);
  // r.num/r.den × w.den ≥ s.num/s.den × w.num, all denominators positive.
  return r.num * s.den * w.den >= s.num * r.den * w.num;
}
