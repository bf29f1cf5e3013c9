/**
 * What every operation sees: the state, the signer's account, the agreed time, and where the
 * operation sits (a remembered payment names the operation that paid it).
 */
import type { AccountId } from "@tongbao/types";
import type { LedgerState } from "../state/ledger-state.ts";
import type { Account } from "../state/model.ts";
import { ResultCode } from "../result-codes.ts";

export interface OperationContext {
  readonly state: LedgerState;
  readonly signer: Account;
  /** Agreed block time in milliseconds: the only clock the ledger has. */
  readonly nowMs: number;
  readonly height: number;
  readonly transactionIndex: number;
  /** The operation's index in its transaction; advanced by the caller as it applies them. */
  operationIndex: number;
}

/** Looks up an account that will receive value: it must exist, not be frozen nor sanctioned. */
export function creditableAccount(ctx: OperationContext, id: AccountId): ResultCode | Account {
  const account = ctx.state.accounts.get(id);
  if (account === undefined) return ResultCode.account_not_found;
  if (account.frozen) return ResultCode.account_frozen;
  if (account.sanctioned) return ResultCode.account_sanctioned;
  return account;
}

export function isCode(value: unknown): value is ResultCode {
  return typeof value === "number";
}
