/**
 * Ledger objects in the API's shapes: amounts as decimal strings with their currency, times in
 * ISO 8601 UTC, bytes in lower-case hex, result codes with their names. Pure functions of their
 * inputs; the currencies' minor units come from the committed state.
 */
import type {
  AccountProofView,
  AccountView,
  HistoryEntry,
  InstitutionView,
  HistoryRequestExpired,
  Money,
  OperationView,
  ReceiptProofView,
  SubmitResult,
} from "@tongbao/api";
import {
  accountIdFromPublicKey,
  keyTypeName,
  merkleLeafHash,
  merkleListProof,
  merkleRootOfLeaves,
  type MerkleListProof,
} from "@tongbao/codec";
import {
  NO_OPERATION,
  accountPublicKey,
  RECEIPTS_PER_CHUNK,
  ResultCode,
  Role,
  decodeReceipt,
  encodeReceipt,
  proveAccount,
  requestReference,
  resultName,
  type Account,
  type Institution,
  type ClosedRequest,
  type LedgerState,
  type Operation,
  type PendingTransfer,
  type Receipt,
  type SettledRemittance,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { AdmitResult } from "@tongbao/mempool";
import { assert, bytesToHex } from "@tongbao/std";
import { formatAmount, type CurrencyCode } from "@tongbao/types";
import { rateView, remittanceView } from "./remit-views.ts";
import { encodeSm2Key, encodeX25519Key } from "@tongbao/travel-rule";

/** An encoded receipt: the ledger's encodeReceipt, 35 bytes. */
export const RECEIPT_BYTES = 35;

/** The last time formatted: a block's transactions all share its timestamp. */
let lastIso = { ms: Number.NaN, iso: "" };

export function isoTime(ms: number): string {
  if (ms !== lastIso.ms) lastIso = { ms, iso: new Date(ms).toISOString() };
  return lastIso.iso;
}

/**
 * An amount of a currency. A currency the chain does not have (only in a failed transaction)
 * has no decimal point to place, so its amount is shown in minor units.
 */
export function money(state: LedgerState, currency: CurrencyCode, amount: bigint): Money {
  const minorUnits = state.currencies.get(currency)?.minorUnits ?? 0;
  return { amount: formatAmount(amount, minorUnits), currency };
}

/** Requests the transaction closed, by payee and id: what an approval or a decline acted on. */
export type ClosedLookup = (payee: string, id: string) => ClosedRequest | undefined;

const noneClosed: ClosedLookup = () => undefined;

export function operationView(
  state: LedgerState,
  signer: SignedTransaction["signer"],
  op: Operation,
  closed: ClosedLookup = noneClosed,
  settled?: SettledRemittance,
): OperationView {
  switch (op.kind) {
    case "transfer":
      return {
        kind: "transfer",
        from: signer,
        to: op.to,
        amount: money(state, op.currency, op.amount),
        ...(op.reference === undefined ? {} : { reference: op.reference }),
        ...(op.memoHash === undefined ? {} : { memoHash: op.memoHash }),
      };
    case "open_account":
      return {
        kind: "open_account",
        account: accountIdFromPublicKey(op.keyType, op.publicKey),
        keyType: keyTypeName(op.keyType),
        kycTier: op.kycTier,
      };
    case "set_frozen":
      return { kind: "set_frozen", account: op.account, frozen: op.frozen };
    case "issue":
      return { kind: "issue", to: op.to, amount: money(state, op.currency, op.amount) };
    case "redeem":
      return { kind: "redeem", from: signer, amount: money(state, op.currency, op.amount) };
    case "create_pending":
      return {
        kind: "create_pending",
        from: signer,
        to: op.to,
        pendingId: op.id,
        amount: money(state, op.currency, op.amount),
        timeoutMs: op.timeoutMs,
        ...(op.arbiter === undefined ? {} : { arbiter: op.arbiter }),
      };
    case "post_pending":
      return {
        kind: "post_pending",
        from: op.from,
        pendingId: op.id,
        ...(op.amount === undefined ? {} : { amountMinor: op.amount.toString() }),
      };
    case "void_pending":
      return { kind: "void_pending", from: op.from, pendingId: op.id };
    case "set_fee_schedule": {
      const minorUnits = state.currencies.get(op.currency)?.minorUnits ?? 0;
      return {
        kind: "set_fee_schedule",
        currency: op.currency,
        fixed: formatAmount(op.fixedMinor, minorUnits),
        bps: op.bps,
        max: formatAmount(op.maxMinor, minorUnits),
      };
    }
    case "refund": {
      // The payment refunded, while the ledger remembers it: it names the payer and currency.
      const record = state.payments.get(signer, op.reference);
      return {
        kind: "refund",
        from: signer,
        reference: op.reference,
        amountMinor: op.amount.toString(),
        ...(record === undefined
          ? {}
          : { to: record.payer, amount: money(state, record.currency, op.amount) }),
      };
    }
    case "request_payment":
      return {
        kind: "request_payment",
        payee: signer,
        payer: op.payer,
        requestId: op.id,
        amount: money(state, op.currency, op.amount),
        timeoutMs: op.timeoutMs,
        reference: op.reference ?? requestReference(signer, op.id),
      };
    case "approve_request": {
      const approved = closed(op.payee, op.id);
      return {
        kind: "approve_request",
        payer: signer,
        payee: op.payee,
        requestId: op.id,
        amount: money(state, op.currency, op.amount),
        ...(approved === undefined ? {} : { reference: approved.request.reference }),
      };
    }
    case "decline_request": {
      const declined = closed(op.payee, op.id);
      return {
        kind: "decline_request",
        payee: op.payee,
        requestId: op.id,
        by: signer === op.payee ? "payee" : "payer",
        ...(declined === undefined ? {} : { payer: declined.request.payer }),
      };
    }
    case "post_offer":
      return {
        kind: "post_offer",
        provider: signer,
        offerId: op.id,
        buy: op.buy,
        sell: op.sell,
        rate: rateView(state, op.rateNum, op.rateDen, op.buy, op.sell),
        minBuy: money(state, op.buy, op.minBuy),
        maxBuy: money(state, op.buy, op.maxBuy),
        spreadBps: op.spreadBps,
        expiresAt: isoTime(op.expiresAtMs),
      };
    case "withdraw_offer":
      return { kind: "withdraw_offer", provider: signer, offerId: op.id };
    case "hold_quote": {
      // The quote (or else its offer) names the currency while the ledger holds it.
      const currency =
        state.quotes.get(signer, op.id)?.buy ?? state.offers.get(op.provider, op.offerId)?.buy;
      return {
        kind: "hold_quote",
        holder: signer,
        quoteId: op.id,
        provider: op.provider,
        offerId: op.offerId,
        payer: op.payer,
        buyAmountMinor: op.buyAmount.toString(),
        ...(currency === undefined ? {} : { buyAmount: money(state, currency, op.buyAmount) }),
        timeoutMs: op.timeoutMs,
      };
    }
    case "remit":
      return {
        kind: "remittance",
        sender: signer,
        recipient: op.to,
        sent: money(state, op.sendCurrency, op.sendAmount),
        receiveCurrency: op.receiveCurrency,
        worstRate: { num: op.worstRateNum.toString(), den: op.worstRateDen.toString() },
        source:
          op.source.kind === "quote"
            ? { kind: "quote", holder: op.source.holder, id: op.source.id }
            : { kind: "offer", provider: op.source.provider, id: op.source.id },
        ...(op.travelRuleHash === undefined ? {} : { travelRuleHash: op.travelRuleHash }),
        ...(settled === undefined ? {} : { settled: remittanceView(state, settled) }),
      };
    case "set_kyc_limits": {
      const minorUnits = state.currencies.get(op.currency)?.minorUnits ?? 0;
      return {
        kind: "set_kyc_limits",
        currency: op.currency,
        tier: op.tier,
        perPaymentMax: formatAmount(op.perPaymentMax, minorUnits),
        dailyMax: formatAmount(op.dailyMax, minorUnits),
        monthlyMax: formatAmount(op.monthlyMax, minorUnits),
      };
    }
    case "set_sanctioned":
      return { kind: "set_sanctioned", account: op.account, sanctioned: op.sanctioned };
    case "set_travel_rule_threshold": {
      const minorUnits = state.currencies.get(op.currency)?.minorUnits ?? 0;
      return {
        kind: "set_travel_rule_threshold",
        currency: op.currency,
        threshold: formatAmount(op.thresholdMinor, minorUnits),
      };
    }
  }
}

export function transactionEntry(
  state: LedgerState,
  signed: SignedTransaction,
  receipt: Receipt,
  position: { readonly height: number; readonly index: number; readonly timestampMs: number },
  closed: ClosedLookup = noneClosed,
  settled: readonly SettledRemittance[] = [],
): HistoryEntry & { type: "transaction" } {
  assert(receipt.hash === signed.hash, "receipt and transaction out of step");
  return {
    type: "transaction",
    hash: signed.hash,
    height: position.height,
    index: position.index,
    timestamp: isoTime(position.timestampMs),
    signer: signed.signer,
    code: receipt.code,
    codeName: resultName(receipt.code),
    operations: signed.tx.operations.map((op, i) =>
      operationView(
        state,
        signed.signer,
        op,
        closed,
        settled.find((s) => s.operationIndex === i),
      ),
    ),
  };
}

export function requestExpiredEntry(
  state: LedgerState,
  closed: ClosedRequest,
  height: number,
  timestampMs: number,
): HistoryRequestExpired {
  const { request } = closed;
  return {
    type: "request_expired",
    height,
    timestamp: isoTime(timestampMs),
    payee: request.payee,
    payer: request.payer,
    requestId: request.id,
    amount: money(state, request.currency, request.amount),
    reference: request.reference,
  };
}

export function expiredEntry(
  state: LedgerState,
  pending: PendingTransfer,
  height: number,
  timestampMs: number,
): HistoryEntry & { type: "pending_expired" } {
  return {
    type: "pending_expired",
    height,
    timestamp: isoTime(timestampMs),
    from: pending.from,
    to: pending.to,
    pendingId: pending.id,
    amount: money(state, pending.currency, pending.amount),
  };
}

/**
 * A block's receipts for the block store (StoredBlock.receiptsBytes): the ledger's receipt
 * encoding, back to back — the bytes whose chunks the receipts root hashes.
 */
export function encodeReceiptsBytes(receipts: readonly Receipt[]): Uint8Array {
  const out = new Uint8Array(receipts.length * RECEIPT_BYTES);
  receipts.forEach((receipt, i) => out.set(encodeReceipt(receipt), i * RECEIPT_BYTES));
  return out;
}

/** Receipts stored with a block (StoredBlock.receiptsBytes), as the services read them back. */
export function decodeReceiptsBytes(encoded: Uint8Array): Receipt[] {
  const out: Receipt[] = [];
  for (let i = 0; i < receiptCount(encoded); i++) out.push(receiptAt(encoded, i));
  return out;
}

export function receiptCount(encoded: Uint8Array): number {
  assert(encoded.length % RECEIPT_BYTES === 0, "receipts bytes are whole receipts");
  return encoded.length / RECEIPT_BYTES;
}

/** The index-th receipt of receipts encoded back to back, decoding only that one. */
export function receiptAt(encoded: Uint8Array, index: number): Receipt {
  assert(index >= 0 && index < receiptCount(encoded), "receipt index in range");
  return decodeReceipt(encoded.subarray(index * RECEIPT_BYTES, (index + 1) * RECEIPT_BYTES));
}

/**
 * The leaves of the receipts root: one per chunk of RECEIPTS_PER_CHUNK encoded receipts, as the
 * ledger builds it (receipt.ts). PERF: a proof then hashes no receipt twice and decodes only its
 * chunk; tests check these proofs with the ledger's verifyReceiptProof.
 */
export function receiptLeaves(encoded: Uint8Array): Uint8Array[] {
  const chunkBytes = RECEIPT_BYTES * RECEIPTS_PER_CHUNK;
  const leaves: Uint8Array[] = [];
  for (let offset = 0; offset < encoded.length; offset += chunkBytes) {
    leaves.push(
      merkleLeafHash(encoded.subarray(offset, Math.min(offset + chunkBytes, encoded.length))),
    );
  }
  return leaves;
}

export function receiptsRootOf(leaves: readonly Uint8Array[]): Uint8Array {
  return merkleRootOfLeaves(leaves);
}

export function receiptProofView(
  encoded: Uint8Array,
  leaves: readonly Uint8Array[],
  index: number,
  receiptsRoot: string,
): ReceiptProofView {
  const chunkIndex = Math.floor(index / RECEIPTS_PER_CHUNK);
  const start = chunkIndex * RECEIPTS_PER_CHUNK;
  const end = Math.min(start + RECEIPTS_PER_CHUNK, receiptCount(encoded));
  const chunk: ReceiptProofView["chunk"] = [];
  for (let i = start; i < end; i++) {
    const receipt = receiptAt(encoded, i);
    chunk.push({ hash: receipt.hash, code: receipt.code, operationIndex: receipt.operationIndex });
  }
  const path: MerkleListProof = merkleListProof(leaves, chunkIndex);
  return {
    receiptsRoot,
    index,
    chunk,
    path: { index: path.index, count: path.count, siblings: path.siblings.map(bytesToHex) },
  };
}

export function failedOperation(receipt: Receipt): { operationIndex?: number } {
  return receipt.operationIndex === NO_OPERATION ? {} : { operationIndex: receipt.operationIndex };
}

export function accountView(
  state: LedgerState,
  account: Account,
  stateRoot: Uint8Array,
): AccountView {
  const proof = proveAccount(state, account.id);
  assert(proof !== undefined, "a stored account has a proof");
  const proofView: AccountProofView = {
    height: state.height,
    stateRoot: bytesToHex(stateRoot),
    leaf: bytesToHex(proof.leaf),
    path: {
      slot: proof.proof.slot,
      count: proof.proof.count,
      siblings: proof.proof.siblings.map(bytesToHex),
    },
    pendingsRoot: bytesToHex(proof.pendingsRoot),
    registryHash: bytesToHex(proof.registryHash),
    paymentsRoot: bytesToHex(proof.paymentsRoot),
    requestsRoot: bytesToHex(proof.requestsRoot),
    remittanceRoot: bytesToHex(proof.remittanceRoot),
  };
  const balances = [...account.balances]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => money(state, currency, amount));
  return {
    id: account.id,
    institution: account.institution,
    keyType: keyTypeName(account.keyType),
    publicKey: bytesToHex(accountPublicKey(account)),
    kycTier: account.kycTier,
    frozen: account.frozen,
    balances,
    height: state.height,
    proof: proofView,
  };
}

/** The mempool's answer in the API's shape; refusals carry the standard error body. */
export function submitResultOf(result: AdmitResult): SubmitResult {
  switch (result.status) {
    case "accepted":
    case "known":
      return { status: result.status, hash: result.hash, message: result.message };
    case "committed":
      return {
        status: "committed",
        hash: result.hash,
        height: result.height,
        index: result.index,
        code: ResultCode[result.code],
        codeName: result.code,
        message: result.message,
      };
    case "rejected":
      return {
        status: "rejected",
        ...(result.hash === undefined ? {} : { hash: result.hash }),
        error: {
          code: result.code,
          message: result.message,
          ...(result.operationIndex === undefined
            ? {}
            : { details: { operationIndex: result.operationIndex } }),
        },
      };
    case "retry":
      return {
        status: "retry",
        hash: result.hash,
        retryAfterMs: result.retryAfterMs,
        error: { code: result.code, message: result.message },
      };
    case "busy":
      return {
        status: "busy",
        retryAfterMs: result.retryAfterMs,
        error: { code: result.code, message: result.message },
      };
  }
}

const ROLE_NAMES = ["validator", "issuer", "liquidity_provider", "regulator"] as const;

/** A member institution with the key of its own account, which signs what it signs. */
export function institutionView(
  state: LedgerState,
  institution: Institution,
  travelRuleKeys: { readonly x25519?: Uint8Array; readonly sm2?: Uint8Array } = {},
): InstitutionView {
  const { x25519, sm2 } = travelRuleKeys;
  const account = state.accounts.get(institution.accountId);
  assert(account !== undefined, "an institution's own account exists from genesis");
  return {
    id: institution.id,
    name: institution.name,
    roles: ROLE_NAMES.filter((name) => (institution.roles & Role[name]) !== 0),
    account: institution.accountId,
    keyType: keyTypeName(account.keyType),
    publicKey: bytesToHex(accountPublicKey(account)),
    ...(x25519 === undefined ? {} : { travelRuleKey: encodeX25519Key(x25519) }),
    ...(sm2 === undefined ? {} : { travelRuleSm2Key: encodeSm2Key(sm2) }),
  };
}
