/**
 * The state root: one hash that commits to every account, every pending transfer and the
 * registry (institutions, currencies and their supply, fee schedules).
 *
 *   stateRoot = taggedHash("tongbao/state", accountsRoot ‖ pendingsRoot ‖ registryHash)
 *
 * Only objects touched since the last commit are re-encoded and rehashed.
 */
import { taggedHash } from "@tongbao/codec";
import type { LedgerState } from "./ledger-state.ts";
import {
  accountLeafLength,
  encodePending,
  encodeRegistry,
  writeAccountLeaf,
} from "./encode-state.ts";

export interface StateRoots {
  readonly accountsRoot: Uint8Array;
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
  readonly stateRoot: Uint8Array;
}

/** Brings the Merkle trees up to date with the state; keeps the dirty sets for a revert. */
export function refreshTrees(state: LedgerState): void {
  for (const id of state.dirtyAccounts) {
    const account = state.accounts.get(id);
    if (account === undefined) continue;
    state.accountTree.setEncoded(account.slot, accountLeafLength(account), (out, view, offset) =>
      writeAccountLeaf(account, out, view, offset),
    );
  }
  state.accountTree.truncate(Math.min(state.accountTree.size, state.accounts.size));
  for (const [slot, pending] of state.dirtyPendingSlots) {
    if (slot < state.pendingSlotsUsed) {
      state.pendingTree.set(slot, pending === undefined ? undefined : encodePending(pending));
    }
  }
  state.pendingTree.truncate(Math.min(state.pendingTree.size, state.pendingSlotsUsed));
}

export function computeStateRoots(state: LedgerState): StateRoots {
  refreshTrees(state);
  if (state.registryDirty || state.registryHash === undefined) {
    state.registryHash = taggedHash("tongbao/registry", encodeRegistry(state));
    state.registryDirty = false;
  }
  const accountsRoot = state.accountTree.root();
  const pendingsRoot = state.pendingTree.root();
  const registryHash = state.registryHash;
  const joined = new Uint8Array(96);
  joined.set(accountsRoot, 0);
  joined.set(pendingsRoot, 32);
  joined.set(registryHash, 64);
  return {
    accountsRoot,
    pendingsRoot,
    registryHash,
    stateRoot: taggedHash("tongbao/state", joined),
  };
}
