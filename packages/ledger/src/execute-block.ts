/**
 * Executes a block of transactions against the ledger state: deterministic, synchronous, and
 * reading time only from the block context.
 *
 * Execution is speculative until the caller commits: a validator executes a proposed block to
 * vote on it, then either commits it (consensus decided it) or reverts it (another block won).
 * A block that contains a transaction that must never be included (malformed, expired,
 * duplicate, unknown signer) is invalid as a whole: execution stops, the state is reverted and
 * the offending transaction is named.
 *
 * Order within a block: forget transactions past their validUntil and payments past their
 * retention; apply each transaction (its operations as one linked unit); remove expired offers
 * and release expired quotes to their providers; return expired holds to their payers; close expired requests; compute the roots.
 */
import { assert } from "@tongbao/std";
import type { CurrencyCode } from "@tongbao/types";
import { TRANSACTIONS_PER_BLOCK_MAX } from "./constants.ts";
import { ResultCode } from "./result-codes.ts";
import { applyOperation } from "./apply-operation.ts";
import { checkIncludable } from "./check-includable.ts";
import { expirePendings } from "./ops/expire-pending.ts";
import { expireRequests } from "./ops/expire-requests.ts";
import { expireRemittanceState } from "./ops/expire-remittance.ts";
import {
  NO_OPERATION,
  RECEIPT_BYTES,
  receiptsRootOfEncoded,
  writeReceiptInto,
  type Receipt,
} from "./receipt.ts";
import type { LedgerState, CurrencyFlow } from "./state/ledger-state.ts";
import type { ClosedRequest, PendingTransfer, SettledRemittance } from "./state/model.ts";
import { computeStateRoots, refreshTrees, type StateRoots } from "./state/state-root.ts";
import type { SignedTransaction } from "./tx/transaction.ts";
import { validateTransaction } from "./tx/validate-transaction.ts";

export interface BlockContext {
  readonly height: number;
  /** Agreed time of the block, strictly greater than the previous block's. */
  readonly timestampMs: number;
}

export interface BlockExecution extends StateRoots {
  readonly height: number;
  readonly timestampMs: number;
  readonly receipts: readonly Receipt[];
  readonly receiptsRoot: Uint8Array;
  readonly expiredPendings: readonly PendingTransfer[];
  /** Requests approved, declined, cancelled or expired in this block, in the order it happened. */
  readonly closedRequests: readonly ClosedRequest[];
  /** Remittances settled in this block, in order (for history and reports; not hashed). */
  readonly settledRemittances: readonly SettledRemittance[];
  readonly flows: ReadonlyMap<CurrencyCode, Readonly<CurrencyFlow>>;
}

export type ExecuteResult =
  | { readonly valid: true; readonly execution: BlockExecution }
  | {
      readonly valid: false;
      /** The offending transaction's index, or -1 when the block as a whole is at fault. */
      readonly index: number;
      readonly code: ResultCode | undefined;
      readonly reason: string;
    };

/**
 * Executes `txs` (whose signatures the caller has verified) at `context`. On `valid: true` the
 * state holds the block's effects until `commitBlock` or `revertBlock`; on `valid: false` the
 * state is already back where it was.
 */
export function executeBlock(
  state: LedgerState,
  txs: readonly SignedTransaction[],
  context: BlockContext,
): ExecuteResult {
  assert(!state.blockInProgress, "execute while another block is uncommitted");
  assert(context.height === state.height + 1, "blocks execute in height order");
  assert(context.timestampMs > state.lastTimestampMs, "agreed time must increase");
  if (txs.length > TRANSACTIONS_PER_BLOCK_MAX) {
    const reason = `block has ${txs.length} transactions; at most ${TRANSACTIONS_PER_BLOCK_MAX} are allowed`;
    return { valid: false, index: -1, code: undefined, reason };
  }
  state.blockInProgress = true;
  state.flows.clear();
  state.closedRequests.length = 0;
  state.settledRemittances.length = 0;
  const nowMs = context.timestampMs;
  state.forgetExpiredTransactions(nowMs);
  // Before any transaction, so that every record a transaction sees is within its retention.
  state.payments.forgetExpired(nowMs);

  const receipts: Receipt[] = [];
  const encodedReceipts = new Uint8Array(txs.length * RECEIPT_BYTES);
  for (let index = 0; index < txs.length; index++) {
    const signed = txs[index]!;
    const validation = validateTransaction(signed);
    const code =
      validation.code !== ResultCode.ok ? validation.code : checkIncludable(state, signed, nowMs);
    if (code !== ResultCode.ok) {
      revertBlock(state);
      return { valid: false, index, code, reason: `transaction ${signed.hash} cannot be included` };
    }
    const receipt = applyTransaction(state, signed, nowMs, context.height, index);
    receipts.push(receipt);
    writeReceiptInto(
      encodedReceipts,
      index * RECEIPT_BYTES,
      signed.hashBytes,
      receipt.code,
      receipt.operationIndex,
    );
  }

  // After the transactions, like holds and requests: a remit in the first block past its quote's
  // deadline still finds the quote and fails with quote_expired (or offer_expired), which tells
  // the sender what happened; later ones find nothing (quote_not_found).
  expireRemittanceState(state, nowMs);
  const expiredPendings = expirePendings(state, nowMs);
  expireRequests(state, nowMs);
  state.setHeight(context.height, nowMs);
  checkFlows(state);
  const roots = computeStateRoots(state);
  const receiptsRoot = receiptsRootOfEncoded(encodedReceipts);
  return {
    valid: true,
    execution: {
      ...roots,
      height: context.height,
      timestampMs: nowMs,
      receipts,
      receiptsRoot,
      expiredPendings,
      closedRequests: [...state.closedRequests],
      settledRemittances: [...state.settledRemittances],
      flows: new Map([...state.flows].map(([code, flow]) => [code, { ...flow }])),
    },
  };
}

function applyTransaction(
  state: LedgerState,
  signed: SignedTransaction,
  nowMs: number,
  height: number,
  index: number,
): Receipt {
  const signer = state.accounts.get(signed.signer)!;
  let code: ResultCode = ResultCode.ok;
  let operationIndex = NO_OPERATION;
  if (signer.frozen) {
    code = ResultCode.signer_frozen;
  } else if (signer.sanctioned) {
    code = ResultCode.account_sanctioned;
  } else {
    const savepoint = state.savepoint();
    const ctx = { state, signer, nowMs, height, transactionIndex: index, operationIndex: 0 };
    const ops = signed.tx.operations;
    for (let i = 0; i < ops.length; i++) {
      ctx.operationIndex = i;
      code = applyOperation(ctx, ops[i]!);
      if (code !== ResultCode.ok) {
        // Linked operations: one failure undoes every earlier operation of the transaction.
        state.rollbackTo(savepoint);
        operationIndex = i;
        break;
      }
    }
  }
  state.rememberTransaction(
    signed.key,
    { hash: signed.hash, validUntilMs: signed.tx.validUntilMs, height, index, code },
    signed.hashBytes,
  );
  return { hash: signed.hash, code, operationIndex };
}

/** Money is neither created nor destroyed except by issue and redeem (pair assertion). */
function checkFlows(state: LedgerState): void {
  for (const [currency, flow] of state.flows) {
    assert(
      flow.credits - flow.debits === flow.supplyDelta,
      `block moved ${currency} unevenly: credits ${flow.credits}, debits ${flow.debits}, supply change ${flow.supplyDelta}`,
    );
  }
}

/** Makes the executed block permanent. */
export function commitBlock(state: LedgerState): void {
  assert(state.blockInProgress, "commit without an executed block");
  state.commitJournal();
  state.clearDirty();
  // With the journal empty, no undo can revive what a compaction drops.
  state.offers.compactExpiry();
  state.quotes.compactExpiry();
  state.blockInProgress = false;
}

/** Undoes the executed block: the state, its trees and its roots are as before execution. */
export function revertBlock(state: LedgerState): void {
  assert(state.blockInProgress, "revert without an executed block");
  state.rollbackTo(0);
  refreshTrees(state);
  state.registryDirty = true;
  state.clearDirty();
  state.blockInProgress = false;
}

/** Executes and commits a block that consensus has already decided; it must be valid. */
export function applyBlock(
  state: LedgerState,
  txs: readonly SignedTransaction[],
  context: BlockContext,
): BlockExecution {
  const result = executeBlock(state, txs, context);
  assert(result.valid, result.valid ? "" : `committed block is invalid: ${result.reason}`);
  commitBlock(state);
  return result.execution;
}
