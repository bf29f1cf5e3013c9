/**
 * The `reference` topic's events for one committed, successful transaction: a payment for each
 * transfer that carried a reference and each approved request, a refund for each refund. The
 * totals (`refunded`, `refundable`) are the payment's as of the end of the block.
 */
import type { ReferenceEvent } from "@tongbao/api";
import {
  resultName,
  type LedgerState,
  type Receipt,
  type SignedTransaction,
} from "@tongbao/ledger";
import { money, type ClosedLookup } from "./views.ts";

export interface EventPosition {
  readonly height: number;
  readonly index: number;
  readonly timestamp: string;
}

export function referenceEvents(
  state: LedgerState,
  signed: SignedTransaction,
  receipt: Receipt,
  position: EventPosition,
  closed: ClosedLookup,
): ReferenceEvent[] {
  const events: ReferenceEvent[] = [];
  const base = {
    type: "reference" as const,
    status: "committed" as const,
    hash: signed.hash,
    height: position.height,
    index: position.index,
    timestamp: position.timestamp,
    code: receipt.code,
    codeName: resultName(receipt.code),
  };
  const totals = (payee: string, reference: string) => {
    const record = state.payments.get(payee as never, reference as never);
    if (record === undefined) return {};
    return {
      refunded: money(state, record.currency, record.refunded),
      refundable: money(state, record.currency, record.amount - record.refunded),
    };
  };
  for (const op of signed.tx.operations) {
    switch (op.kind) {
      case "transfer":
        if (op.reference === undefined) break;
        events.push({
          ...base,
          kind: "payment",
          reference: op.reference,
          from: signed.signer,
          to: op.to,
          amount: money(state, op.currency, op.amount),
          ...totals(op.to, op.reference),
        });
        break;
      case "approve_request": {
        const approved = closed(op.payee, op.id);
        if (approved === undefined) break;
        const { reference } = approved.request;
        events.push({
          ...base,
          kind: "payment",
          reference,
          from: signed.signer,
          to: op.payee,
          amount: money(state, op.currency, op.amount),
          ...totals(op.payee, reference),
          requestId: op.id,
        });
        break;
      }
      case "refund": {
        const record = state.payments.get(signed.signer, op.reference);
        if (record === undefined) break;
        events.push({
          ...base,
          kind: "refund",
          reference: op.reference,
          from: signed.signer,
          to: record.payer,
          amount: money(state, record.currency, op.amount),
          ...totals(signed.signer, op.reference),
        });
        break;
      }
      default:
        break;
    }
  }
  return events;
}
