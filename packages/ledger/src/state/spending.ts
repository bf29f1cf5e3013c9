/**
 * Recent spending per (account, currency) for KYC limits, each window in a slot of the spending
 * tree. Only payments in a (currency, tier) that has limits are recorded, so accounts without
 * limits never get a window. A window is pruned whenever it is written (buckets that left the
 * rolling window are dropped), so it never holds more than 24 hourly and 30 daily buckets.
 */
import type { AccountId, CurrencyCode } from "@tongbao/types";
import { encodeSpendWindow } from "./encode-state.ts";
import { spendKey, type SpendBucket, type SpendWindow } from "./model.ts";
import { SlotTable } from "./slot-table.ts";

export class Spending {
  readonly table: SlotTable<SpendWindow>;

  constructor(journal: (undo: () => void) => void) {
    this.table = new SlotTable(journal, encodeSpendWindow);
  }

  get(account: AccountId, currency: CurrencyCode): SpendWindow | undefined {
    return this.table.get(spendKey(account, currency));
  }

  /** Replaces (or creates) the window of (account, currency) with these buckets. */
  set(
    account: AccountId,
    currency: CurrencyCode,
    hours: readonly SpendBucket[],
    days: readonly SpendBucket[],
  ): void {
    const key = spendKey(account, currency);
    const existing = this.table.get(key);
    if (existing === undefined) {
      this.table.insert(key, (slot) => ({ account, currency, hours, days, slot }));
    } else {
      this.table.replace(key, { account, currency, hours, days, slot: existing.slot });
    }
  }
}
