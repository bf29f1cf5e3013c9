/**
 * Canonical encoding of transactions (docs/spec/encoding.md, docs/spec/ledger.md).
 *
 *   body   = version u8 | keyType u8 | publicKey (32 or 33 bytes) | id 16 | validUntilMs u53
 *            | count u8 | operation*
 *   signed = body | signature 64
 *
 * Decoding refuses every byte string that is not exactly what encoding would produce.
 */
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
  type TimestampMs,
} from "@tongbao/types";
import {
  PUBLIC_KEY_BYTES,
  Reader,
  Writer,
  accountIdFromPublicKey,
  taggedHash,
  DecodeError,
} from "@tongbao/codec";
import { bytesToHex, hexToBytes, unreachable } from "@tongbao/std";
import { OPERATIONS_PER_TRANSACTION_MAX, TRANSACTION_BYTES_MAX } from "../constants.ts";
import {
  KeyType,
  OperationTag,
  type Operation,
  type RemitSource,
  type SignedTransaction,
  type Transaction,
} from "./transaction.ts";

export const SIGNATURE_BYTES = 64;
export const TX_HASH_TAG = "tongbao/tx";

export function publicKeyBytes(keyType: KeyType): number {
  return PUBLIC_KEY_BYTES[keyType];
}

function writeCurrency(w: Writer, code: CurrencyCode): void {
  w.u8(code.charCodeAt(0)).u8(code.charCodeAt(1)).u8(code.charCodeAt(2));
}

/**
 * PERF: every decoded code of the same three letters is one string. An account keeps the code of
 * its first currency, and a new string per decode cost about 20 bytes per account. There are at
 * most 26³ codes, so this never holds more than about half a megabyte.
 */
const currencyCodes = new Map<number, CurrencyCode>();

function readCurrency(r: Reader): CurrencyCode {
  const bytes = r.fixed(3, "currency");
  for (const byte of bytes)
    if (byte < 65 || byte > 90) r.fail("currency must be three capital letters");
  const packed = (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!;
  let code = currencyCodes.get(packed);
  if (code === undefined) {
    code = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!) as CurrencyCode;
    currencyCodes.set(packed, code);
  }
  return code;
}

function writeHex(w: Writer, hex: string, length: number): void {
  w.fixed(hexToBytes(hex), length);
}

function readHex(r: Reader, length: number, what: string): string {
  return bytesToHex(r.fixed(length, what));
}

function writeOptionalHex(w: Writer, hex: string | undefined, length: number): void {
  if (hex === undefined) w.u8(0);
  else writeHex(w.u8(1), hex, length);
}

function readOptionalHex(r: Reader, length: number, what: string): string | undefined {
  return r.bool(`${what} present`) ? readHex(r, length, what) : undefined;
}

/** A public key of the given type; a P-256 key must be a compressed point (02 or 03 first). */
function readPublicKey(r: Reader, keyType: KeyType): Uint8Array {
  const bytes = r.fixed(publicKeyBytes(keyType), "public key");
  if (keyType === KeyType.P256 && bytes[0] !== 2 && bytes[0] !== 3) {
    r.fail("a P-256 public key must be a compressed point starting with 02 or 03");
  }
  return bytes.slice();
}

function readAmount(r: Reader, what: string): Amount {
  return r.u64(what, AMOUNT_MAX) as Amount;
}

export function writeOperation(w: Writer, op: Operation): void {
  switch (op.kind) {
    case "transfer":
      w.u8(OperationTag.transfer);
      writeHex(w, op.to, ACCOUNT_ID_BYTES);
      writeCurrency(w, op.currency);
      w.u64(op.amount);
      writeOptionalHex(w, op.reference, HASH_BYTES);
      writeOptionalHex(w, op.memoHash, HASH_BYTES);
      return;
    case "open_account":
      w.u8(OperationTag.open_account).u8(op.keyType);
      w.fixed(op.publicKey, publicKeyBytes(op.keyType));
      w.u8(op.kycTier);
      return;
    case "set_frozen":
      w.u8(OperationTag.set_frozen);
      writeHex(w, op.account, ACCOUNT_ID_BYTES);
      w.bool(op.frozen);
      return;
    case "issue":
      w.u8(OperationTag.issue);
      writeCurrency(w, op.currency);
      writeHex(w, op.to, ACCOUNT_ID_BYTES);
      w.u64(op.amount);
      return;
    case "redeem":
      w.u8(OperationTag.redeem);
      writeCurrency(w, op.currency);
      w.u64(op.amount);
      return;
    case "create_pending":
      w.u8(OperationTag.create_pending);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      writeHex(w, op.to, ACCOUNT_ID_BYTES);
      writeCurrency(w, op.currency);
      w.u64(op.amount);
      w.u53(op.timeoutMs);
      writeOptionalHex(w, op.arbiter, ACCOUNT_ID_BYTES);
      return;
    case "post_pending":
      w.u8(OperationTag.post_pending);
      writeHex(w, op.from, ACCOUNT_ID_BYTES);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      if (op.amount === undefined) w.u8(0);
      else w.u8(1).u64(op.amount);
      return;
    case "void_pending":
      w.u8(OperationTag.void_pending);
      writeHex(w, op.from, ACCOUNT_ID_BYTES);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      return;
    case "set_fee_schedule":
      w.u8(OperationTag.set_fee_schedule);
      writeCurrency(w, op.currency);
      w.u64(op.fixedMinor).u16(op.bps).u64(op.maxMinor);
      return;
    case "refund":
      w.u8(OperationTag.refund);
      writeHex(w, op.reference, HASH_BYTES);
      w.u64(op.amount);
      return;
    case "request_payment":
      w.u8(OperationTag.request_payment);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      writeHex(w, op.payer, ACCOUNT_ID_BYTES);
      writeCurrency(w, op.currency);
      w.u64(op.amount);
      w.u53(op.timeoutMs);
      writeOptionalHex(w, op.reference, HASH_BYTES);
      return;
    case "approve_request":
      w.u8(OperationTag.approve_request);
      writeHex(w, op.payee, ACCOUNT_ID_BYTES);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      writeCurrency(w, op.currency);
      w.u64(op.amount);
      return;
    case "decline_request":
      w.u8(OperationTag.decline_request);
      writeHex(w, op.payee, ACCOUNT_ID_BYTES);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      return;
    case "post_offer":
      w.u8(OperationTag.post_offer);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      writeCurrency(w, op.buy);
      writeCurrency(w, op.sell);
      w.u64(op.rateNum).u64(op.rateDen).u64(op.minBuy).u64(op.maxBuy);
      w.u16(op.spreadBps).u53(op.expiresAtMs);
      return;
    case "withdraw_offer":
      w.u8(OperationTag.withdraw_offer);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      return;
    case "hold_quote":
      w.u8(OperationTag.hold_quote);
      writeHex(w, op.id, CLIENT_ID_BYTES);
      writeHex(w, op.provider, ACCOUNT_ID_BYTES);
      writeHex(w, op.offerId, CLIENT_ID_BYTES);
      writeHex(w, op.payer, ACCOUNT_ID_BYTES);
      w.u64(op.buyAmount).u53(op.timeoutMs);
      return;
    case "remit":
      w.u8(OperationTag.remit);
      writeHex(w, op.to, ACCOUNT_ID_BYTES);
      writeCurrency(w, op.sendCurrency);
      w.u64(op.sendAmount);
      writeCurrency(w, op.receiveCurrency);
      w.u64(op.worstRateNum).u64(op.worstRateDen);
      writeRemitSource(w, op.source);
      writeOptionalHex(w, op.travelRuleHash, HASH_BYTES);
      return;
    case "set_kyc_limits":
      w.u8(OperationTag.set_kyc_limits);
      writeCurrency(w, op.currency);
      w.u8(op.tier).u64(op.perPaymentMax).u64(op.dailyMax).u64(op.monthlyMax);
      return;
    case "set_sanctioned":
      w.u8(OperationTag.set_sanctioned);
      writeHex(w, op.account, ACCOUNT_ID_BYTES);
      w.bool(op.sanctioned);
      return;
    case "set_travel_rule_threshold":
      w.u8(OperationTag.set_travel_rule_threshold);
      writeCurrency(w, op.currency);
      w.u64(op.thresholdMinor);
      return;
    default:
      unreachable(op);
  }
}

/** source = kind u8 (1 quote, 2 offer) | account 20 (holder or provider) | id 16. */
const SOURCE_QUOTE = 1;
const SOURCE_OFFER = 2;

function writeRemitSource(w: Writer, source: RemitSource): void {
  if (source.kind === "quote") {
    w.u8(SOURCE_QUOTE);
    writeHex(w, source.holder, ACCOUNT_ID_BYTES);
  } else {
    w.u8(SOURCE_OFFER);
    writeHex(w, source.provider, ACCOUNT_ID_BYTES);
  }
  writeHex(w, source.id, CLIENT_ID_BYTES);
}

function readRemitSource(r: Reader): RemitSource {
  const kind = r.tag([SOURCE_QUOTE, SOURCE_OFFER], "remit source");
  const account = readHex(r, ACCOUNT_ID_BYTES, "source account") as AccountId;
  const id = readHex(r, CLIENT_ID_BYTES, "source id") as ClientId;
  return kind === SOURCE_QUOTE
    ? { kind: "quote", holder: account, id }
    : { kind: "offer", provider: account, id };
}

const OPERATION_TAGS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

export function readOperation(r: Reader): Operation {
  const tag = r.tag(OPERATION_TAGS, "operation") as OperationTag;
  switch (tag) {
    case OperationTag.transfer:
      return {
        kind: "transfer",
        to: readHex(r, ACCOUNT_ID_BYTES, "to") as AccountId,
        currency: readCurrency(r),
        amount: readAmount(r, "amount"),
        reference: readOptionalHex(r, HASH_BYTES, "reference") as Hash | undefined,
        memoHash: readOptionalHex(r, HASH_BYTES, "memo hash") as Hash | undefined,
      };
    case OperationTag.open_account: {
      const keyType = r.tag([KeyType.Ed25519, KeyType.P256], "key type") as KeyType;
      const publicKey = readPublicKey(r, keyType);
      return { kind: "open_account", keyType, publicKey, kycTier: r.u8("kyc tier") };
    }
    case OperationTag.set_frozen:
      return {
        kind: "set_frozen",
        account: readHex(r, ACCOUNT_ID_BYTES, "account") as AccountId,
        frozen: r.bool("frozen"),
      };
    case OperationTag.issue:
      return {
        kind: "issue",
        currency: readCurrency(r),
        to: readHex(r, ACCOUNT_ID_BYTES, "to") as AccountId,
        amount: readAmount(r, "amount"),
      };
    case OperationTag.redeem:
      return { kind: "redeem", currency: readCurrency(r), amount: readAmount(r, "amount") };
    case OperationTag.create_pending:
      return {
        kind: "create_pending",
        id: readHex(r, CLIENT_ID_BYTES, "pending id") as ClientId,
        to: readHex(r, ACCOUNT_ID_BYTES, "to") as AccountId,
        currency: readCurrency(r),
        amount: readAmount(r, "amount"),
        timeoutMs: r.u53("timeout"),
        arbiter: readOptionalHex(r, ACCOUNT_ID_BYTES, "arbiter") as AccountId | undefined,
      };
    case OperationTag.post_pending:
      return {
        kind: "post_pending",
        from: readHex(r, ACCOUNT_ID_BYTES, "from") as AccountId,
        id: readHex(r, CLIENT_ID_BYTES, "pending id") as ClientId,
        amount: r.bool("amount present") ? readAmount(r, "amount") : undefined,
      };
    case OperationTag.void_pending:
      return {
        kind: "void_pending",
        from: readHex(r, ACCOUNT_ID_BYTES, "from") as AccountId,
        id: readHex(r, CLIENT_ID_BYTES, "pending id") as ClientId,
      };
    case OperationTag.set_fee_schedule:
      return {
        kind: "set_fee_schedule",
        currency: readCurrency(r),
        fixedMinor: readAmount(r, "fixed fee"),
        bps: r.u16("fee bps"),
        maxMinor: readAmount(r, "maximum fee"),
      };
    case OperationTag.refund:
      return {
        kind: "refund",
        reference: readHex(r, HASH_BYTES, "reference") as Hash,
        amount: readAmount(r, "amount"),
      };
    case OperationTag.request_payment:
      return {
        kind: "request_payment",
        id: readHex(r, CLIENT_ID_BYTES, "request id") as ClientId,
        payer: readHex(r, ACCOUNT_ID_BYTES, "payer") as AccountId,
        currency: readCurrency(r),
        amount: readAmount(r, "amount"),
        timeoutMs: r.u53("timeout"),
        reference: readOptionalHex(r, HASH_BYTES, "reference") as Hash | undefined,
      };
    case OperationTag.approve_request:
      return {
        kind: "approve_request",
        payee: readHex(r, ACCOUNT_ID_BYTES, "payee") as AccountId,
        id: readHex(r, CLIENT_ID_BYTES, "request id") as ClientId,
        currency: readCurrency(r),
        amount: readAmount(r, "amount"),
      };
    case OperationTag.decline_request:
      return {
        kind: "decline_request",
        payee: readHex(r, ACCOUNT_ID_BYTES, "payee") as AccountId,
        id: readHex(r, CLIENT_ID_BYTES, "request id") as ClientId,
      };
    case OperationTag.post_offer:
      return {
        kind: "post_offer",
        id: readHex(r, CLIENT_ID_BYTES, "offer id") as ClientId,
        buy: readCurrency(r),
        sell: readCurrency(r),
        rateNum: r.u64("rate numerator"),
        rateDen: r.u64("rate denominator"),
        minBuy: readAmount(r, "minimum buy"),
        maxBuy: readAmount(r, "maximum buy"),
        spreadBps: r.u16("spread bps"),
        expiresAtMs: r.u53("expires at") as TimestampMs,
      };
    case OperationTag.withdraw_offer:
      return { kind: "withdraw_offer", id: readHex(r, CLIENT_ID_BYTES, "offer id") as ClientId };
    case OperationTag.hold_quote:
      return {
        kind: "hold_quote",
        id: readHex(r, CLIENT_ID_BYTES, "quote id") as ClientId,
        provider: readHex(r, ACCOUNT_ID_BYTES, "provider") as AccountId,
        offerId: readHex(r, CLIENT_ID_BYTES, "offer id") as ClientId,
        payer: readHex(r, ACCOUNT_ID_BYTES, "payer") as AccountId,
        buyAmount: readAmount(r, "buy amount"),
        timeoutMs: r.u53("timeout"),
      };
    case OperationTag.remit:
      return {
        kind: "remit",
        to: readHex(r, ACCOUNT_ID_BYTES, "to") as AccountId,
        sendCurrency: readCurrency(r),
        sendAmount: readAmount(r, "send amount"),
        receiveCurrency: readCurrency(r),
        worstRateNum: r.u64("worst rate numerator"),
        worstRateDen: r.u64("worst rate denominator"),
        source: readRemitSource(r),
        travelRuleHash: readOptionalHex(r, HASH_BYTES, "travel rule hash") as Hash | undefined,
      };
    case OperationTag.set_kyc_limits:
      return {
        kind: "set_kyc_limits",
        currency: readCurrency(r),
        tier: r.u8("kyc tier"),
        perPaymentMax: readAmount(r, "per-payment maximum"),
        dailyMax: readAmount(r, "daily maximum"),
        monthlyMax: readAmount(r, "monthly maximum"),
      };
    case OperationTag.set_sanctioned:
      return {
        kind: "set_sanctioned",
        account: readHex(r, ACCOUNT_ID_BYTES, "account") as AccountId,
        sanctioned: r.bool("sanctioned"),
      };
    case OperationTag.set_travel_rule_threshold:
      return {
        kind: "set_travel_rule_threshold",
        currency: readCurrency(r),
        thresholdMinor: readAmount(r, "threshold"),
      };
    default:
      return unreachable(tag);
  }
}

export function encodeTransaction(tx: Transaction): Uint8Array {
  const w = new Writer(160);
  w.u8(tx.version).u8(tx.keyType);
  w.fixed(tx.publicKey, publicKeyBytes(tx.keyType));
  writeHex(w, tx.id, CLIENT_ID_BYTES);
  w.u53(tx.validUntilMs);
  w.u8(tx.operations.length);
  for (const op of tx.operations) writeOperation(w, op);
  return w.finish();
}

function readTransaction(r: Reader): Transaction {
  const version = r.tag([1], "transaction version");
  const keyType = r.tag([KeyType.Ed25519, KeyType.P256], "key type") as KeyType;
  const publicKey = readPublicKey(r, keyType);
  const id = readHex(r, CLIENT_ID_BYTES, "transaction id") as ClientId;
  const validUntilMs = r.u53("valid until") as TimestampMs;
  const count = r.u8("operation count");
  if (count > OPERATIONS_PER_TRANSACTION_MAX)
    r.fail(`more than ${OPERATIONS_PER_TRANSACTION_MAX} operations`);
  const operations: Operation[] = [];
  for (let i = 0; i < count; i++) operations.push(readOperation(r));
  return { version, keyType, publicKey, id, validUntilMs, operations };
}

export function transactionHash(body: Uint8Array): Hash {
  return bytesToHex(taggedHash(TX_HASH_TAG, body)) as Hash;
}

/** Wraps an encoded body and its signature; derives the hash and the signer's account. */
export function toSignedTransaction(
  tx: Transaction,
  body: Uint8Array,
  signature: Uint8Array,
): SignedTransaction {
  const hashBytes = taggedHash(TX_HASH_TAG, body);
  const signer = accountIdFromPublicKey(tx.keyType, tx.publicKey);
  return {
    tx,
    body,
    signature,
    hash: bytesToHex(hashBytes) as Hash,
    hashBytes,
    signer,
    key: signer + tx.id,
  };
}

export function encodeSignedTransaction(signed: SignedTransaction): Uint8Array {
  const out = new Uint8Array(signed.body.length + SIGNATURE_BYTES);
  out.set(signed.body, 0);
  out.set(signed.signature, signed.body.length);
  return out;
}

/** Decodes a signed transaction; throws DecodeError for any non-canonical or oversize input. */
export function decodeSignedTransaction(bytes: Uint8Array): SignedTransaction {
  if (bytes.length > TRANSACTION_BYTES_MAX) {
    throw new DecodeError(`transaction larger than ${TRANSACTION_BYTES_MAX} bytes`, 0);
  }
  const r = new Reader(bytes);
  const tx = readTransaction(r);
  const bodyLength = r.position;
  const signature = r.fixed(SIGNATURE_BYTES, "signature").slice();
  r.end();
  return toSignedTransaction(tx, bytes.slice(0, bodyLength), signature);
}

export function decodeTransactionBody(body: Uint8Array): Transaction {
  const r = new Reader(body);
  const tx = readTransaction(r);
  r.end();
  return tx;
}
