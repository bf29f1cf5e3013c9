/**
 * A journaled index from an owner (an account, a currency pair) to the keys of the objects it
 * has open, so per-owner bounds are checked and per-owner views are built without a scan.
 *
 * Sets are only counted, or read by views that sort: no result depends on their iteration
 * order (which an undo may change). No empty set stays behind, so after an undo the map is as
 * it was.
 */
import { assert } from "@tongbao/std";

export class KeyIndex {
  private readonly sets = new Map<string, Set<string>>();

  constructor(private readonly journal: (undo: () => void) => void) {}

  count(owner: string): number {
    return this.sets.get(owner)?.size ?? 0;
  }

  /** The owner's keys in no defined order. */
  keys(owner: string): readonly string[] {
    return [...(this.sets.get(owner) ?? [])];
  }

  /** Entries across all owners: equals the number of indexed objects (invariants.ts). */
  total(): number {
    let total = 0;
    for (const keys of this.sets.values()) total += keys.size;
    return total;
  }

  add(owner: string, key: string): void {
    this.apply(owner, key, true);
    this.journal(() => this.apply(owner, key, false));
  }

  remove(owner: string, key: string): void {
    this.apply(owner, key, false);
    this.journal(() => this.apply(owner, key, true));
  }

  private apply(owner: string, key: string, adding: boolean): void {
    let keys = this.sets.get(owner);
    if (adding) {
      if (keys === undefined) this.sets.set(owner, (keys = new Set()));
      assert(!keys.has(key), "key indexed twice");
      keys.add(key);
    } else {
      assert(keys?.has(key) === true, "key missing from its index");
      keys.delete(key);
      if (keys.size === 0) this.sets.delete(owner);
    }
  }
}
