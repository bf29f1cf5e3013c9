/**
 * The state root: one hash that commits to every account, every pending transfer, the registry
 * (institutions, currencies and their supply, fee schedules, KYC limits, travel-rule
 * thresholds), every remembered payment, every open request, and the remittance state (offers,
 * quotes, KYC spending windows).
 *
 *   stateRoot = taggedHash("tongbao/state", accountsRoot ‖ pendingsRoot ‖ registryHash
 *                 ‖ paymentsRoot ‖ requestsRoot ‖ remittanceRoot)
 *   remittanceRoot = taggedHash("tongbao/remittance", offersRoot ‖ quotesRoot ‖ spendingRoot)
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

/** The six parts of the state root, in the order they are hashed. */
export interface StateRootParts {
  readonly accountsRoot: Uint8Array;
  readonly pendingsRoot: Uint8Array;
  readonly registryHash: Uint8Array;
  readonly paymentsRoot: Uint8Array;
  readonly requestsRoot: Uint8Array;
  readonly remittanceRoot: Uint8Array;
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
  "remittanceRoot",
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
  for (const slot of state.dirtyAccounts) {
    // An opening undone leaves its slot here, past the table's end.
    const account = state.accounts.atSlot(slot);
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
  state.offers.table.refreshTree();
  state.quotes.table.refreshTree();
  state.spending.table.refreshTree();
}

/** The remittance part of the state root, from the roots of its three trees. */
export function remittanceRootOf(
  offersRoot: Uint8Array,
  quotesRoot: Uint8Array,
  spendingRoot: Uint8Array,
): Uint8Array {
  const joined = new Uint8Array(96);
  joined.set(offersRoot, 0);
  joined.set(quotesRoot, 32);
  joined.set(spendingRoot, 64);
  return taggedHash("tongbao/remittance", joined);
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
    remittanceRoot: remittanceRootOf(
      state.offers.table.tree.root(),
      state.quotes.table.tree.root(),
      state.spending.table.tree.root(),
    ),
  };
  return { ...parts, stateRoot: stateRootOf(parts)! };
}
