/**
 * Inclusion proofs, so a merchant or regulator can check a fact against a block's roots without
 * trusting the gateway that served it:
 * - an account's state (its leaf) under a state root;
 * - a remembered payment (paid, by whom, how much, refunded so far) under a state root;
 * - a transaction and its result (its receipt) under a block's receipts root.
 */
import { slotRootFromProof, type SlotProof } from "@tongbao/codec";
import { assert, equalBytes } from "@tongbao/std";
import type { AccountId, Hash } from "@tongbao/types";
import type { LedgerState } from "./state/ledger-state.ts";
import { encodeAccount, encodePaymentRecord } from "./state/encode-state.ts";
import { computeStateRoots, stateRootOf } from "./state/state-root.ts";

export interface AccountProof {
  /** The account's canonical encoding (decode with decodeAccountLeaf). */
  readonly leaf: Uint8Array;
  readonly proof: SlotProof;
  /** The other parts of the state root, needed to recompute it. */
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
  readonly paymentsRoot: Uint8Array;
  readonly requestsRoot: Uint8Array;
  readonly remittanceRoot: Uint8Array;
}

/** A proof for an account in the committed state; undefined for an unknown account. */
export function proveAccount(state: LedgerState, id: AccountId): AccountProof | undefined {
  assert(!state.blockInProgress, "prove only committed state");
  const account = state.accounts.get(id);
  if (account === undefined) return undefined;
  const roots = computeStateRoots(state);
  return {
    leaf: encodeAccount(account),
    proof: state.accountTree.proof(account.slot),
    pendingsRoot: roots.pendingsRoot,
    registryHash: roots.registryHash,
    paymentsRoot: roots.paymentsRoot,
    requestsRoot: roots.requestsRoot,
    remittanceRoot: roots.remittanceRoot,
  };
}

export function verifyAccountProof(stateRoot: Uint8Array, proof: AccountProof): boolean {
  const accountsRoot = slotRootFromProof(proof.leaf, proof.proof);
  if (accountsRoot === undefined) return false;
  const computed = stateRootOf({ ...proof, accountsRoot });
  return computed !== undefined && equalBytes(computed, stateRoot);
}

export interface PaymentProof {
  /** The payment's canonical encoding (decode with decodePaymentLeaf). */
  readonly leaf: Uint8Array;
  readonly proof: SlotProof;
  readonly accountsRoot: Uint8Array;
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
  readonly requestsRoot: Uint8Array;
  readonly remittanceRoot: Uint8Array;
}

/** A proof that the committed state remembers this payment; undefined when it does not. */
export function provePayment(
  state: LedgerState,
  payee: AccountId,
  reference: Hash,
): PaymentProof | undefined {
  assert(!state.blockInProgress, "prove only committed state");
  const record = state.payments.get(payee, reference);
  if (record === undefined) return undefined;
  const roots = computeStateRoots(state);
  return {
    leaf: encodePaymentRecord(record),
    proof: state.payments.table.tree.proof(record.slot),
    accountsRoot: roots.accountsRoot,
    pendingsRoot: roots.pendingsRoot,
    registryHash: roots.registryHash,
    requestsRoot: roots.requestsRoot,
    remittanceRoot: roots.remittanceRoot,
  };
}

export function verifyPaymentProof(stateRoot: Uint8Array, proof: PaymentProof): boolean {
  const paymentsRoot = slotRootFromProof(proof.leaf, proof.proof);
  if (paymentsRoot === undefined) return false;
  const computed = stateRootOf({ ...proof, paymentsRoot });
  return computed !== undefined && equalBytes(computed, stateRoot);
}

export { proveReceipt, verifyReceiptProof, type ReceiptProof } from "./receipt.ts";
