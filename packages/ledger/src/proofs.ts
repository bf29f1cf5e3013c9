/**
 * Inclusion proofs, so a merchant or regulator can check a fact against a block's roots without
 * trusting the gateway that served it:
 * - an account's state (its leaf) under a state root;
 * - a transaction and its result (its receipt) under a block's receipts root.
 */
import { slotRootFromProof, taggedHash, type SlotProof } from "@tongbao/codec";
import { assert, equalBytes } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import type { LedgerState } from "./state/ledger-state.ts";
import { encodeAccount } from "./state/encode-state.ts";
import { computeStateRoots } from "./state/state-root.ts";

export interface AccountProof {
  /** The account's canonical encoding (decode with decodeAccountLeaf). */
  readonly leaf: Uint8Array;
  readonly proof: SlotProof;
  /** The other two parts of the state root, needed to recompute it. */
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
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
  };
}

export function verifyAccountProof(stateRoot: Uint8Array, proof: AccountProof): boolean {
  const accountsRoot = slotRootFromProof(proof.leaf, proof.proof);
  if (accountsRoot === undefined) return false;
  if (proof.pendingsRoot.length !== 32 || proof.registryHash.length !== 32) return false;
  const joined = new Uint8Array(96);
  joined.set(accountsRoot, 0);
  joined.set(proof.pendingsRoot, 32);
  joined.set(proof.registryHash, 64);
  return equalBytes(taggedHash("tongbao/state", joined), stateRoot);
}

export { proveReceipt, verifyReceiptProof, type ReceiptProof } from "./receipt.ts";
