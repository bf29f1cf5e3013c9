/**
 * Canonical encodings of state objects: the leaves of the state Merkle trees and the registry
 * hash. Maps are written in byte order of their keys, never in insertion order.
 */
import { Writer, Reader, decodeAll } from "@tongbao/codec";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import {
  ACCOUNT_ID_BYTES,
  AMOUNT_MAX,
  CLIENT_ID_BYTES,
  HASH_BYTES,
  type AccountId,
  type Amount,
  type ClientId,
  type CurrencyCode,
  type Hash,
  type InstitutionId,
} from "@tongbao/types";
import { INSTITUTION_NAME_BYTES_MAX } from "../constants.ts";
import { KeyType } from "../tx/transaction.ts";
import { publicKeyBytes } from "../tx/encoding.ts";
import type {
  Account,
  NewAccount,
  FeeSchedule,
  KycLimits,
  Offer,
  PaymentRecord,
  PaymentRequest,
  PendingTransfer,
  Quote,
  SpendBucket,
  SpendWindow,
} from "./model.ts";
import type { LedgerState } from "./ledger-state.ts";
import { ACCOUNT_PREFIX_ID_OFFSET } from "./model.ts";

const STATE_VERSION = 1;
const INSTITUTION_ID_BYTES_MAX = 32;

/** Compares ASCII keys by code unit, which for ASCII is byte order. */
export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function writeCurrency(w: Writer, code: string): void {
  w.u8(code.charCodeAt(0)).u8(code.charCodeAt(1)).u8(code.charCodeAt(2));
}

/** Where the public key starts in an account's prefix: after the version, id and key type. */
const ACCOUNT_PREFIX_KEY_OFFSET = ACCOUNT_PREFIX_ID_OFFSET + ACCOUNT_ID_BYTES + 1;

/** The fields of an account that never change: version, id, key and institution. */
export function encodeAccountPrefix(account: NewAccount): Uint8Array {
  const w = new Writer(96);
  w.u8(STATE_VERSION);
  // The id must start at ACCOUNT_PREFIX_ID_OFFSET: the account table reads it from there.
  w.fixed(hexToBytes(account.id), ACCOUNT_ID_BYTES);
  w.u8(account.keyType).fixed(account.publicKey, publicKeyBytes(account.keyType));
  w.string(account.institution, INSTITUTION_ID_BYTES_MAX);
  return w.finish();
}

/** The account's public key: a view into its leaf prefix, not a copy. */
export function accountPublicKey(account: Account): Uint8Array {
  const start = account.prefixStart + ACCOUNT_PREFIX_KEY_OFFSET;
  return account.prefixSlab.subarray(start, start + publicKeyBytes(account.keyType));
}

/** Byte length of an account's leaf encoding. */
export function accountLeafLength(account: Account): number {
  return account.prefixLength + 4 + 11 * account.balances.size;
}

/** Bits of the account leaf's flags byte. */
const FLAG_FROZEN = 1;
const FLAG_SANCTIONED = 2;

/**
 * Writes an account's leaf at `offset`: prefix | kycTier u8 | flags u8 (1 frozen, 2 sanctioned) |
 * count u16 |
 * (currency 3 | balance u64)* in currency order. PERF: no allocation besides the sorted key list
 * of a multi-currency account; this runs for every account a block touches.
 */
export function writeAccountLeaf(
  account: Account,
  out: Uint8Array,
  view: DataView,
  start: number,
): void {
  const { prefixSlab, prefixStart, prefixLength } = account;
  for (let i = 0; i < prefixLength; i++) out[start + i] = prefixSlab[prefixStart + i]!;
  let offset = start + prefixLength;
  out[offset++] = account.kycTier;
  out[offset++] = (account.frozen ? FLAG_FROZEN : 0) | (account.sanctioned ? FLAG_SANCTIONED : 0);
  view.setUint16(offset, account.balances.size);
  offset += 2;
  const balances = account.balances;
  const codes = balances.size === 1 ? balances.keys() : [...balances.keys()].sort(compareAscii);
  for (const code of codes) {
    out[offset] = code.charCodeAt(0);
    out[offset + 1] = code.charCodeAt(1);
    out[offset + 2] = code.charCodeAt(2);
    view.setBigUint64(offset + 3, balances.get(code)!);
    offset += 11;
  }
}

export function encodeAccount(account: Account): Uint8Array {
  const out = new Uint8Array(accountLeafLength(account));
  writeAccountLeaf(account, out, new DataView(out.buffer), 0);
  return out;
}

/** The parts of an account a proof verifier learns from its leaf. */
export interface AccountLeaf {
  readonly id: AccountId;
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly institution: InstitutionId;
  readonly kycTier: number;
  readonly frozen: boolean;
  readonly sanctioned: boolean;
  readonly balances: ReadonlyArray<{ currency: CurrencyCode; amount: Amount }>;
}

export function decodeAccountLeaf(bytes: Uint8Array): AccountLeaf {
  return decodeAll(bytes, (r: Reader) => {
    r.tag([STATE_VERSION], "account version");
    const id = bytesToHex(r.fixed(ACCOUNT_ID_BYTES, "account id")) as AccountId;
    const keyType = r.tag([KeyType.Ed25519, KeyType.P256], "key type") as KeyType;
    const publicKey = r.fixed(publicKeyBytes(keyType), "public key").slice();
    const institution = r.string(INSTITUTION_ID_BYTES_MAX, "institution") as InstitutionId;
    const kycTier = r.u8("kyc tier");
    const flags = r.tag([0, 1, 2, 3], "account flags");
    const frozen = (flags & FLAG_FROZEN) !== 0;
    const sanctioned = (flags & FLAG_SANCTIONED) !== 0;
    const count = r.u16("balance count");
    const balances: { currency: CurrencyCode; amount: Amount }[] = [];
    let previous = "";
    for (let i = 0; i < count; i++) {
      const code = String.fromCharCode(...r.fixed(3, "currency"));
      if (!/^[A-Z]{3}$/.test(code)) r.fail("currency must be three capital letters");
      if (compareAscii(code, previous) <= 0) r.fail("balances must be sorted by currency");
      previous = code;
      balances.push({
        currency: code as CurrencyCode,
        amount: r.u64("balance", AMOUNT_MAX) as Amount,
      });
    }
    return { id, keyType, publicKey, institution, kycTier, frozen, sanctioned, balances };
  });
}

export function encodePending(pending: PendingTransfer): Uint8Array {
  const w = new Writer(112);
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(pending.from), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(pending.id), CLIENT_ID_BYTES);
  w.fixed(hexToBytes(pending.to), ACCOUNT_ID_BYTES);
  writeCurrency(w, pending.currency);
  w.u64(pending.amount).u53(pending.expiresAtMs);
  if (pending.arbiter === undefined) w.u8(0);
  else w.u8(1).fixed(hexToBytes(pending.arbiter), ACCOUNT_ID_BYTES);
  return w.finish();
}

export interface PendingLeaf {
  readonly from: AccountId;
  readonly id: ClientId;
}

/**
 * A remembered payment: version | payee 20 | reference 32 | payer 20 | currency 3 | amount u64 |
 * refunded u64 | paidAtMs u53 | height u53 | transactionIndex u16 | operationIndex u8.
 */
export function encodePaymentRecord(record: PaymentRecord): Uint8Array {
  const w = new Writer(128);
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(record.payee), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(record.reference), HASH_BYTES);
  w.fixed(hexToBytes(record.payer), ACCOUNT_ID_BYTES);
  writeCurrency(w, record.currency);
  w.u64(record.amount).u64(record.refunded);
  w.u53(record.paidAtMs).u53(record.height);
  w.u16(record.transactionIndex).u8(record.operationIndex);
  return w.finish();
}

/** The facts a proof verifier learns from a payment's leaf. */
export type PaymentLeaf = Omit<PaymentRecord, "slot">;

export function decodePaymentLeaf(bytes: Uint8Array): PaymentLeaf {
  return decodeAll(bytes, (r: Reader) => {
    r.tag([STATE_VERSION], "payment version");
    const payee = bytesToHex(r.fixed(ACCOUNT_ID_BYTES, "payee")) as AccountId;
    const reference = bytesToHex(r.fixed(HASH_BYTES, "reference")) as Hash;
    const payer = bytesToHex(r.fixed(ACCOUNT_ID_BYTES, "payer")) as AccountId;
    const currency = String.fromCharCode(...r.fixed(3, "currency")) as CurrencyCode;
    if (!/^[A-Z]{3}$/.test(currency)) r.fail("currency must be three capital letters");
    const amount = r.u64("amount", AMOUNT_MAX) as Amount;
    const refunded = r.u64("refunded", amount);
    return {
      payee,
      reference,
      payer,
      currency,
      amount,
      refunded,
      paidAtMs: r.u53("paid at"),
      height: r.u53("height"),
      transactionIndex: r.u16("transaction index"),
      operationIndex: r.u8("operation index"),
    };
  });
}

/**
 * An open request: version | payee 20 | id 16 | payer 20 | currency 3 | amount u64 |
 * reference 32 | createdAtMs u53 | expiresAtMs u53.
 */
export function encodePaymentRequest(request: PaymentRequest): Uint8Array {
  const w = new Writer(128);
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(request.payee), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(request.id), CLIENT_ID_BYTES);
  w.fixed(hexToBytes(request.payer), ACCOUNT_ID_BYTES);
  writeCurrency(w, request.currency);
  w.u64(request.amount);
  w.fixed(hexToBytes(request.reference), HASH_BYTES);
  w.u53(request.createdAtMs).u53(request.expiresAtMs);
  return w.finish();
}

/**
 * An offer: version | provider 20 | id 16 | buy 3 | sell 3 | rateNum u64 | rateDen u64 |
 * minBuy u64 | maxBuy u64 | spreadBps u16 | expiresAtMs u53.
 */
export function encodeOffer(offer: Offer): Uint8Array {
  const w = new Writer(112);
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(offer.provider), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(offer.id), CLIENT_ID_BYTES);
  writeCurrency(w, offer.buy);
  writeCurrency(w, offer.sell);
  w.u64(offer.rateNum).u64(offer.rateDen).u64(offer.minBuy).u64(offer.maxBuy);
  w.u16(offer.spreadBps).u53(offer.expiresAtMs);
  return w.finish();
}

/**
 * A quote: version | holder 20 | id 16 | provider 20 | offerId 16 | payer 20 | buy 3 | sell 3 |
 * buyAmount u64 | sellAmount u64 | rateNum u64 | rateDen u64 | spreadBps u16 | expiresAtMs u53.
 */
export function encodeQuote(quote: Quote): Uint8Array {
  const w = new Writer(176);
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(quote.holder), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(quote.id), CLIENT_ID_BYTES);
  w.fixed(hexToBytes(quote.provider), ACCOUNT_ID_BYTES);
  w.fixed(hexToBytes(quote.offerId), CLIENT_ID_BYTES);
  w.fixed(hexToBytes(quote.payer), ACCOUNT_ID_BYTES);
  writeCurrency(w, quote.buy);
  writeCurrency(w, quote.sell);
  w.u64(quote.buyAmount).u64(quote.sellAmount).u64(quote.rateNum).u64(quote.rateDen);
  w.u16(quote.spreadBps).u53(quote.expiresAtMs);
  return w.finish();
}

function writeBuckets(w: Writer, buckets: readonly SpendBucket[]): void {
  w.u8(buckets.length);
  for (const bucket of buckets) w.u53(bucket.index).u64(bucket.amount);
}

/**
 * A spending window: version | account 20 | currency 3 | hourCount u8 | (hour u53 | amount u64)* |
 * dayCount u8 | (day u53 | amount u64)*, buckets ascending by index.
 */
export function encodeSpendWindow(window: SpendWindow): Uint8Array {
  const w = new Writer(32 + 16 * (window.hours.length + window.days.length));
  w.u8(STATE_VERSION);
  w.fixed(hexToBytes(window.account), ACCOUNT_ID_BYTES);
  writeCurrency(w, window.currency);
  writeBuckets(w, window.hours);
  writeBuckets(w, window.days);
  return w.finish();
}

/**
 * The registry: chain id, institutions, currencies with supply, fee schedules, KYC limits per
 * (currency, tier) and travel-rule thresholds per currency.
 */
export function encodeRegistry(state: LedgerState): Uint8Array {
  const w = new Writer(512);
  w.u8(STATE_VERSION).string(state.chainId, 64);
  const institutions = [...state.institutions.values()].sort((a, b) => compareAscii(a.id, b.id));
  w.u32(institutions.length);
  for (const institution of institutions) {
    w.string(institution.id, INSTITUTION_ID_BYTES_MAX);
    w.string(institution.name, INSTITUTION_NAME_BYTES_MAX);
    w.u8(institution.roles);
    w.fixed(hexToBytes(institution.accountId), ACCOUNT_ID_BYTES);
  }
  const currencies = [...state.currencies.values()].sort((a, b) => compareAscii(a.code, b.code));
  w.u32(currencies.length);
  for (const currency of currencies) {
    writeCurrency(w, currency.code);
    w.u8(currency.minorUnits)
      .string(currency.issuer, INSTITUTION_ID_BYTES_MAX)
      .u64(currency.supply);
  }
  // Empty inner maps (possible after a revert) are skipped, so they never change the hash.
  const fees: Array<[string, string, FeeSchedule]> = [];
  for (const institution of [...state.fees.keys()].sort(compareAscii)) {
    const byCurrency = state.fees.get(institution)!;
    for (const currency of [...byCurrency.keys()].sort(compareAscii)) {
      fees.push([institution, currency, byCurrency.get(currency)!]);
    }
  }
  w.u32(fees.length);
  for (const [institution, currency, fee] of fees) {
    w.string(institution, INSTITUTION_ID_BYTES_MAX);
    writeCurrency(w, currency);
    w.u64(fee.fixedMinor).u16(fee.bps).u64(fee.maxMinor);
  }
  const limits: Array<[string, number, KycLimits]> = [];
  for (const currency of [...state.kycLimits.keys()].sort(compareAscii)) {
    const byTier = state.kycLimits.get(currency)!;
    for (const tier of [...byTier.keys()].sort((a, b) => a - b)) {
      limits.push([currency, tier, byTier.get(tier)!]);
    }
  }
  w.u32(limits.length);
  for (const [currency, tier, limit] of limits) {
    writeCurrency(w, currency);
    w.u8(tier).u64(limit.perPaymentMax).u64(limit.dailyMax).u64(limit.monthlyMax);
  }
  const thresholds = [...state.travelRuleThresholds.keys()].sort(compareAscii);
  w.u32(thresholds.length);
  for (const currency of thresholds) {
    writeCurrency(w, currency);
    w.u64(state.travelRuleThresholds.get(currency)!);
  }
  return w.finish();
}
