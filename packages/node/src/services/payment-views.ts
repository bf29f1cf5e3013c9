/**
 * Remembered payments and requests to pay in the API's shapes (payment-schemas.ts of
 * @tongbao/api). Pure functions of the committed state and what the caller found elsewhere
 * (the paying transaction's hash, how a closed request ended).
 */
import type { AccountRequestsView, PaymentView, RequestStatus, RequestView } from "@tongbao/api";
import {
  limits,
  provePayment,
  type LedgerState,
  type PaymentRecord,
  type PaymentRequest,
} from "@tongbao/ledger";
import { assert, bytesToHex } from "@tongbao/std";
import { isoTime, money } from "./views.ts";

export function paymentView(
  state: LedgerState,
  payee: string,
  reference: string,
  stateRoot: Uint8Array,
  transactionHash: (record: PaymentRecord) => string | undefined,
): PaymentView {
  const record = state.payments.get(payee as never, reference as never);
  if (record === undefined) return { paid: false, payee, reference, height: state.height };
  const proof = provePayment(state, record.payee, record.reference);
  assert(proof !== undefined, "a remembered payment has a proof");
  const hash = transactionHash(record);
  return {
    paid: true,
    payee: record.payee,
    reference: record.reference,
    payer: record.payer,
    amount: money(state, record.currency, record.amount),
    refunded: money(state, record.currency, record.refunded),
    refundable: money(state, record.currency, record.amount - record.refunded),
    paidAt: isoTime(record.paidAtMs),
    retainedUntil: isoTime(record.paidAtMs + limits.REFERENCE_RETENTION_MS),
    height: record.height,
    index: record.transactionIndex,
    operationIndex: record.operationIndex,
    ...(hash === undefined ? {} : { transaction: hash }),
    proof: {
      height: state.height,
      stateRoot: bytesToHex(stateRoot),
      leaf: bytesToHex(proof.leaf),
      path: {
        slot: proof.proof.slot,
        count: proof.proof.count,
        siblings: proof.proof.siblings.map(bytesToHex),
      },
      accountsRoot: bytesToHex(proof.accountsRoot),
      pendingsRoot: bytesToHex(proof.pendingsRoot),
      registryHash: bytesToHex(proof.registryHash),
      requestsRoot: bytesToHex(proof.requestsRoot),
      remittanceRoot: bytesToHex(proof.remittanceRoot),
    },
  };
}

/** How a request left the open set, as far as this node saw it. */
export interface RequestClosing {
  readonly status: Exclude<RequestStatus, "open">;
  readonly height: number;
  readonly timestampMs: number;
  /** The approving, declining or cancelling transaction; absent for an expiry. */
  readonly transaction?: string;
}

export function requestView(
  state: LedgerState,
  request: PaymentRequest,
  closing?: RequestClosing,
): RequestView {
  return {
    payee: request.payee,
    payer: request.payer,
    requestId: request.id,
    amount: money(state, request.currency, request.amount),
    reference: request.reference,
    status: closing?.status ?? "open",
    requestedAt: isoTime(request.createdAtMs),
    expiresAt: isoTime(request.expiresAtMs),
    ...(closing === undefined
      ? {}
      : {
          closedAt: isoTime(closing.timestampMs),
          closedHeight: closing.height,
          ...(closing.transaction === undefined ? {} : { transaction: closing.transaction }),
        }),
  };
}

/** Soonest deadline first; ties by payee and id, so the order depends on the data alone. */
function byDeadline(a: PaymentRequest, b: PaymentRequest): number {
  if (a.expiresAtMs !== b.expiresAtMs) return a.expiresAtMs - b.expiresAtMs;
  const x = a.payee + a.id;
  const y = b.payee + b.id;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function accountRequestsView(state: LedgerState, account: string): AccountRequestsView {
  const id = account as never;
  return {
    account,
    height: state.height,
    incoming: state.requests
      .ofPayer(id)
      .sort(byDeadline)
      .map((r) => requestView(state, r)),
    outgoing: state.requests
      .ofPayee(id)
      .sort(byDeadline)
      .map((r) => requestView(state, r)),
  };
}
