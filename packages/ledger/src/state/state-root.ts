/**
 * The state root: one hash that commits to every account, every pending transfer, the registry
 * (institutions, currencies and their supply, fee schedules), every remembered payment and every
 * open request.
 *
 *   stateRoot = taggedHash("tongbao/state",
 *                 accountsRoot ‖ pendingsRoot ‖ registryHash ‖ paymentsRoot ‖ requestsRoot)
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

/** The five parts of the state root, in the order they are hashed. */
export interface StateRootParts {
  readonly accountsRoot: Uint8Array;
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
  readonly paymentsRoot: Uint8Array;
  readonly requestsRoot: Uint8Array;
}

export interface StateRoots extends StateRootParts {
  readonly stateRoot: Uint8Array;
}

const PART_NAMES = [
  "accountsRoot",
  "pendingsRoot",
  "registryHash",
  "paymentsRoot",
  "requestsRoot",
] as const satisfies ReadonlyArray<keyof StateRootParts>;

/** Combines the parts; undefined when a part is not 32 bytes (a malformed proof). */
export function stateRootOf(parts: StateRootParts): Uint8Array | undefined {
  const joined = new Uint8Array(32 * PART_NAMES.length);
  for (let i = 0; i < PART_NAMES.length; i++) {
    const part = parts[PART_NAMES[i]!];
    if (part.length !== 32) return undefined;
    joined.set(part, 32 * i);
  }
  return taggedHash("tongbao/state", joined);
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
  state.payments.table.refreshTree();
  state.requests.table.refreshTree();
}

export function computeStateRoots(state: LedgerState): StateRoots {
  refreshTrees(state);
  if (state.registryDirty || state.registryHash === undefined) {
    state.registryHash = taggedHash("tongbao/registry", encodeRegistry(state));
    state.registryDirty = false;
  }
  const parts: StateRootParts = {
    accountsRoot: state.accountTree.root(),
    pendingsRoot: state.pendingTree.root(),
    registryHash: state.registryHash,
    paymentsRoot: state.payments.table.tree.root(),
    requestsRoot: state.requests.table.tree.root(),
  };
  return { ...parts, stateRoot: stateRootOf(parts)! };
}
