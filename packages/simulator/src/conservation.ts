/**
 * Conservation by the simulator's own count: per currency, every minor unit the genesis issued
 * is in a balance, a pending transfer or a quote hold — no more, no less. The ledger's
 * checkInvariants compares the same sums with its supply counter; this compares them with the
 * genesis supply the world recorded, so a bug that moved both the counter and the sums (or that
 * forgot one place money can be) still shows.
 */
import type { LedgerState } from "@tongbao/ledger";
import type { CurrencyCode } from "@tongbao/types";

export function conservationProblems(
  state: LedgerState,
  genesisSupply: ReadonlyMap<CurrencyCode, bigint>,
): string[] {
  const held = new Map<CurrencyCode, bigint>();
  const add = (code: CurrencyCode, amount: bigint) =>
    held.set(code, (held.get(code) ?? 0n) + amount);
  for (const account of state.accounts.values()) {
    for (const [code, balance] of account.balances) add(code, balance);
  }
  for (const pending of state.pendings.values()) add(pending.currency, pending.amount);
  for (const quote of state.quotes.table.values()) add(quote.sell, quote.sellAmount);
  const problems: string[] = [];
  for (const [code, supply] of genesisSupply) {
    const total = held.get(code) ?? 0n;
    if (total !== supply) {
      problems.push(
        `${code}: balances + pending + quote holds = ${total}, genesis issued ${supply}`,
      );
    }
  }
  for (const code of held.keys()) {
    if (!genesisSupply.has(code)) problems.push(`${code} is held but was never issued`);
  }
  return problems;
}
