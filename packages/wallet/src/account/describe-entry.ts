/**
 * A history entry as one account sees it: money in or out, from or to whom, or what happened to
 * the account. Pure, so the consumer's history and the shop's sales read entries the same way.
 */
import type { HistoryEntry, Money, OperationView } from "@tongbao/api";
import { groupDigits } from "../money/amount.ts";

export interface EntryLine {
  readonly direction: "in" | "out" | "none";
  readonly what: string;
  /** The other account, when there is one. */
  readonly counterparty?: string;
  readonly amount?: Money;
  /** A second line: for a remittance, the other currency's side ("from 1,000.00 HKD"). */
  readonly detail?: string;
  readonly failed?: string;
}

export function describeEntry(entry: HistoryEntry, me: string): EntryLine {
  if (entry.type === "pending_expired") {
    return entry.from === me
      ? {
          direction: "in",
          what: "Hold expired: returned",
          counterparty: entry.to,
          amount: entry.amount,
        }
      : { direction: "none", what: "Hold expired", counterparty: entry.from, amount: entry.amount };
  }
  if (entry.type === "request_expired") {
    return {
      direction: "none",
      what: entry.payee === me ? "Your request expired unpaid" : "A request to you expired",
      counterparty: entry.payee === me ? entry.payer : entry.payee,
      amount: entry.amount,
    };
  }
  const failed = entry.code === 0 ? {} : { failed: entry.codeName };
  for (const op of entry.operations) {
    switch (op.kind) {
      case "transfer":
        if (op.to === me)
          return {
            direction: "in",
            what: "Received",
            counterparty: op.from,
            amount: op.amount,
            ...failed,
          };
        if (op.from === me)
          return {
            direction: "out",
            what: "Sent",
            counterparty: op.to,
            amount: op.amount,
            ...failed,
          };
        break;
      case "issue":
        if (op.to === me)
          return {
            direction: "in",
            what: "Issued to you",
            counterparty: entry.signer,
            amount: op.amount,
            ...failed,
          };
        break;
      case "open_account":
        if (op.account === me) {
          // Demo funds come in the same transaction as the opening.
          const funds = entry.operations.find(
            (o) => (o.kind === "issue" || o.kind === "transfer") && o.to === me,
          );
          return {
            direction: funds === undefined ? "none" : "in",
            what: funds === undefined ? "Account opened" : "Account opened and funded",
            counterparty: entry.signer,
            ...(funds !== undefined && "amount" in funds ? { amount: funds.amount } : {}),
            ...failed,
          };
        }
        break;
      case "refund":
        if (op.from === me)
          return {
            direction: "out",
            what: "Refunded",
            ...(op.to === undefined ? {} : { counterparty: op.to }),
            ...(op.amount === undefined ? {} : { amount: op.amount }),
            ...failed,
          };
        if (op.to === me)
          return {
            direction: "in",
            what: "Refund received",
            counterparty: op.from,
            ...(op.amount === undefined ? {} : { amount: op.amount }),
            ...failed,
          };
        break;
      case "request_payment":
        if (op.payee === me)
          return {
            direction: "none",
            what: "You asked to be paid",
            counterparty: op.payer,
            amount: op.amount,
            ...failed,
          };
        if (op.payer === me)
          return {
            direction: "none",
            what: "Asked to pay",
            counterparty: op.payee,
            amount: op.amount,
            ...failed,
          };
        break;
      case "approve_request":
        if (op.payee === me)
          return {
            direction: "in",
            what: "Request paid",
            counterparty: op.payer,
            amount: op.amount,
            ...failed,
          };
        if (op.payer === me)
          return {
            direction: "out",
            what: "Paid a request",
            counterparty: op.payee,
            amount: op.amount,
            ...failed,
          };
        break;
      case "decline_request":
        if (op.payee === me || op.payer === me || entry.signer === me) {
          const payeeSide = op.payee === me;
          const what =
            op.by === "payee"
              ? "Request cancelled"
              : payeeSide
                ? "Request declined"
                : "You declined a request";
          return {
            direction: "none",
            what,
            ...(payeeSide
              ? op.payer === undefined
                ? {}
                : { counterparty: op.payer }
              : { counterparty: op.payee }),
            ...failed,
          };
        }
        break;
      case "remittance": {
        const line = describeRemittance(op, me);
        if (line !== undefined) return { ...line, ...failed };
        break;
      }
      case "set_frozen":
        if (op.account === me)
          return {
            direction: "none",
            what: op.frozen ? "Account frozen" : "Account unfrozen",
            counterparty: entry.signer,
            ...failed,
          };
        break;
      default:
        break;
    }
  }
  return {
    direction: "none",
    what: entry.operations.map((o) => o.kind.replace(/_/g, " ")).join(", "),
    counterparty: entry.signer,
    ...failed,
  };
}

type RemittanceOp = Extract<OperationView, { kind: "remittance" }>;

const money = (m: Money) => `${groupDigits(m.amount)} ${m.currency}`;

/**
 * A remittance from each side: the sender sees what left in its currency and what arrived in the
 * other; the recipient sees what arrived and what it was sent as. A failed one settled nothing,
 * so the sender sees only what it tried to send.
 */
function describeRemittance(op: RemittanceOp, me: string): EntryLine | undefined {
  const { settled } = op;
  if (op.sender === me) {
    return {
      direction: "out",
      what: "Sent abroad",
      counterparty: op.recipient,
      amount: op.sent,
      ...(settled === undefined
        ? {}
        : {
            detail: `they received ${money(settled.received)} · fee ${money(settled.fee)} · rate ${settled.rate.display}`,
          }),
    };
  }
  if (op.recipient === me && settled !== undefined) {
    return {
      direction: "in",
      what: "Received from abroad",
      counterparty: op.sender,
      amount: settled.received,
      detail: `from ${money(settled.sent)}`,
    };
  }
  return undefined;
}
