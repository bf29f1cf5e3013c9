/**
 * Admission's sanctions check: a transaction whose signer is sanctioned, or that would pay a
 * sanctioned account, fails at execution with account_sanctioned, so the mempool and the API
 * refuse it before it is proposed. Execution remains the rule; this only looks ahead, at the
 * accounts a transaction names (the recipient of a pending hold's post is checked when posted).
 */
import type { AccountId } from "@tongbao/types";
import { ResultCode } from "./result-codes.ts";
import type { LedgerState } from "./state/ledger-state.ts";
import type { Operation, SignedTransaction } from "./tx/transaction.ts";

/** Accounts an operation would pay, as far as the operation itself names them. */
function payees(state: LedgerState, signer: AccountId, op: Operation): readonly AccountId[] {
  switch (op.kind) {
    case "transfer":
    case "issue":
    case "create_pending":
      return [op.to];
    case "approve_request":
      return [op.payee];
    case "hold_quote":
      // Not paid by the hold, but execution refuses a sanctioned payer or provider all the same.
      return [op.payer, op.provider];
    case "remit": {
      const provider =
        op.source.kind === "offer"
          ? op.source.provider
          : state.quotes.get(op.source.holder, op.source.id)?.provider;
      return provider === undefined ? [op.to] : [op.to, provider];
    }
    case "refund": {
      const payer = state.payments.get(signer, op.reference)?.payer;
      return payer === undefined ? [] : [payer];
    }
    default:
      return [];
  }
}

/** The sanctioned account a transaction would fail on: its signer or an account it pays. */
export function sanctionedAccountOf(
  state: LedgerState,
  signed: SignedTransaction,
): AccountId | undefined {
  if (state.sanctionedCount === 0) return undefined; // The usual case, and admission's hot path.
  if (state.accounts.get(signed.signer)?.sanctioned === true) return signed.signer;
  for (const op of signed.tx.operations) {
    for (const id of payees(state, signed.signer, op)) {
      if (state.accounts.get(id)?.sanctioned === true) return id;
    }
  }
  return undefined;
}
