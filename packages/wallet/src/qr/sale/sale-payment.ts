/**
 * Whether a sale's code has been paid: a committed, successful transfer to this shop carrying the
 * code's ledger reference — heard on the reference topic, or found in the shop's history (after
 * a reconnect, or when the event came before the page subscribed). Pure, so both sources are
 * read the same way.
 */
import type { HistoryEntry, Money, SubscriptionEvent } from "@tongbao/api";

export interface SalePayment {
  readonly hash: string;
  readonly height: number;
  readonly timestamp: string;
  /** The payer's account. */
  readonly from: string;
  readonly amount: Money;
  /** How the page learnt it: the reference topic, or the account's history. */
  readonly via: "live" | "history";
}

/** The payment a reference event reports, if it is a successful one to `me`. */
export function paymentFromEvent(
  event: SubscriptionEvent,
  ledgerReference: string,
  me: string,
): SalePayment | undefined {
  if (event.type !== "reference" || event.reference !== ledgerReference) return undefined;
  // Refunds of the sale arrive on the same topic; they are not its payment.
  if ("kind" in event && event.kind === "refund") return undefined;
  if (event.code !== 0 || event.to !== me) return undefined;
  const { hash, height, timestamp, from, amount } = event;
  return { hash, height, timestamp, from, amount, via: "live" };
}

/** The first successful transfer to `me` carrying the reference among history entries. */
export function paymentFromEntries(
  entries: readonly HistoryEntry[],
  ledgerReference: string,
  me: string,
): SalePayment | undefined {
  for (const entry of entries) {
    if (entry.type !== "transaction" || entry.code !== 0) continue;
    for (const op of entry.operations) {
      if (op.kind === "transfer" && op.to === me && op.reference === ledgerReference) {
        const { hash, height, timestamp } = entry;
        return { hash, height, timestamp, from: op.from, amount: op.amount, via: "history" };
      }
    }
  }
  return undefined;
}

/** Whether the payment is the sale's amount: anything else is told to the merchant, not "Paid". */
export function paysSale(payment: SalePayment, sale: Money): boolean {
  return payment.amount.amount === sale.amount && payment.amount.currency === sale.currency;
}

/**
 * A successful payment `payer` already made of a code (its ledger reference), among its history
 * entries: a payer is told before paying the same sale twice.
 */
export function paymentBy(
  entries: readonly HistoryEntry[],
  ledgerReference: string,
  payer: string,
): SalePayment | undefined {
  for (const entry of entries) {
    if (entry.type !== "transaction" || entry.code !== 0) continue;
    for (const op of entry.operations) {
      if (op.kind === "transfer" && op.from === payer && op.reference === ledgerReference) {
        const { hash, height, timestamp } = entry;
        return { hash, height, timestamp, from: payer, amount: op.amount, via: "history" };
      }
    }
  }
  return undefined;
}
