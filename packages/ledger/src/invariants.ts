/**
 * Whole-state invariants, checked after every block in tests and in the simulator (a full scan,
 * so not on the production hot path, where executeBlock's flow assertion covers each block):
 * - per currency, supply (issued − redeemed) = Σ balances + Σ pending amounts;
 * - no balance is negative or above AMOUNT_MAX; every pending amount is positive;
 * - every account belongs to a known institution, every currency to a known issuer;
 * - the incrementally maintained state root equals one rebuilt from scratch.
 */
import { SlotTree, taggedHash } from "@tongbao/codec";
import { equalBytes } from "@tongbao/std";
import { AMOUNT_MAX, type CurrencyCode } from "@tongbao/types";
import type { LedgerState } from "./state/ledger-state.ts";
import { encodeAccount, encodePending } from "./state/encode-state.ts";
import { computeStateRoots } from "./state/state-root.ts";

export function checkInvariants(state: LedgerState): string[] {
  const violations: string[] = [];
  const totals = new Map<CurrencyCode, bigint>();
  const add = (code: CurrencyCode, amount: bigint) =>
    totals.set(code, (totals.get(code) ?? 0n) + amount);
  for (const account of state.accounts.values()) {
    if (!state.institutions.has(account.institution)) {
      violations.push(
        `account ${account.id} belongs to unknown institution ${account.institution}`,
      );
    }
    for (const [code, balance] of account.balances) {
      if (balance < 0n)
        violations.push(`account ${account.id} has negative ${code} balance ${balance}`);
      if (balance > AMOUNT_MAX)
        violations.push(`account ${account.id} ${code} balance above maximum`);
      if (!state.currencies.has(code))
        violations.push(`account ${account.id} holds unknown currency ${code}`);
      add(code, balance);
    }
  }
  for (const pending of state.pendings.values()) {
    if (pending.amount <= 0n)
      violations.push(`pending ${pending.from}/${pending.id} has amount ${pending.amount}`);
    add(pending.currency, pending.amount);
  }
  for (const currency of state.currencies.values()) {
    if (!state.institutions.has(currency.issuer))
      violations.push(`currency ${currency.code} has unknown issuer`);
    const total = totals.get(currency.code) ?? 0n;
    if (total !== currency.supply) {
      violations.push(
        `${currency.code}: supply ${currency.supply} but balances + pending = ${total}`,
      );
    }
  }
  if (!state.blockInProgress) {
    const incremental = computeStateRoots(state).stateRoot;
    if (!equalBytes(incremental, stateRootFromScratch(state))) {
      violations.push("incremental state root differs from the root rebuilt from scratch");
    }
  }
  return violations;
}

/** Rebuilds both trees from nothing: slow, and the reference the incremental trees must match. */
export function stateRootFromScratch(state: LedgerState): Uint8Array {
  const accounts = new SlotTree();
  for (const account of state.accounts.values()) accounts.set(account.slot, encodeAccount(account));
  const pendings = new SlotTree();
  if (state.pendingSlotsUsed > 0) pendings.set(state.pendingSlotsUsed - 1, undefined);
  for (const pending of state.pendings.values()) pendings.set(pending.slot, encodePending(pending));
  const registryHash = computeStateRoots(state).registryHash;
  const joined = new Uint8Array(96);
  joined.set(accounts.root(), 0);
  joined.set(pendings.root(), 32);
  joined.set(registryHash, 64);
  return taggedHash("tongbao/state", joined);
}
