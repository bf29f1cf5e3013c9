/**
 * Keyed state objects that each own a slot of a slot tree, for the state root: the bookkeeping
 * that payment records and payment requests share. Freed slots are reused last-in first-out, so
 * the tree stays as small as the most objects ever open at once.
 *
 * Every change records its undo through `journal` (LedgerState's journal), so a linked
 * transaction's rollback and a reverted block restore the keys, the slots and the free list
 * exactly; `refreshTree` then rehashes only the slots touched since the last commit.
 */
import { SlotTree } from "@tongbao/codec";
import { assert } from "@tongbao/std";

export interface Slotted {
  readonly slot: number;
}

export class SlotTable<T extends Slotted> {
  readonly tree = new SlotTree();
  /** Slots ever handed out (the tree's size); a slot below this is in use or free. */
  slotsUsed = 0;
  /** Slots touched since the last commit, with what they hold now (undefined: empty). */
  readonly dirty = new Map<number, T | undefined>();
  private readonly items = new Map<string, T>();
  private readonly free: number[] = [];

  constructor(
    private readonly journal: (undo: () => void) => void,
    private readonly encode: (item: T) => Uint8Array,
  ) {}

  get size(): number {
    return this.items.size;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** In no defined order: for tests, proofs and views that sort, never for results. */
  values(): IterableIterator<T> {
    return this.items.values();
  }

  /** Keys with their items, in insertion order. */
  entries(): IterableIterator<[string, T]> {
    return this.items.entries();
  }

  /** Stores the object `build` makes for the slot it is given. */
  insert(key: string, build: (slot: number) => T): T {
    assert(!this.items.has(key), "slot table key exists");
    const reused = this.free.length > 0;
    const slot = reused ? this.free.pop()! : this.slotsUsed++;
    const item = build(slot);
    assert(item.slot === slot, "an object keeps the slot it was built for");
    this.items.set(key, item);
    this.dirty.set(slot, item);
    this.journal(() => {
      this.items.delete(key);
      if (reused) this.free.push(slot);
      else this.slotsUsed--;
      this.dirty.set(slot, undefined);
    });
    return item;
  }

  remove(key: string, item: T): void {
    assert(this.items.get(key) === item, "removing an object that is not current");
    this.items.delete(key);
    this.free.push(item.slot);
    this.dirty.set(item.slot, undefined);
    this.journal(() => {
      const freed = this.free.pop();
      assert(freed === item.slot, "slot free list undone out of order");
      this.items.set(key, item);
      this.dirty.set(item.slot, item);
    });
  }

  /** Puts `item` in place of the current object under `key`, in the same slot. */
  replace(key: string, item: T): void {
    const before = this.items.get(key);
    assert(before !== undefined && before.slot === item.slot, "replacing keeps the slot");
    this.items.set(key, item);
    this.dirty.set(item.slot, item);
    this.journal(() => {
      this.items.set(key, before);
      this.dirty.set(before.slot, before);
    });
  }

  /** Marks an object whose content changed in place (its owner journals the change itself). */
  touch(item: T): void {
    this.dirty.set(item.slot, item);
  }

  /** Brings the tree up to date; keeps `dirty` until commit or revert clears it. */
  refreshTree(): void {
    for (const [slot, item] of this.dirty) {
      // A slot past slotsUsed was handed out by a reverted block: the truncate below trims it.
      if (slot < this.slotsUsed)
        this.tree.set(slot, item === undefined ? undefined : this.encode(item));
    }
    this.tree.truncate(Math.min(this.tree.size, this.slotsUsed));
  }

  /** The root of a tree built from nothing: the reference the incremental tree must match. */
  rootFromScratch(): Uint8Array {
    const tree = new SlotTree();
    if (this.slotsUsed > 0) tree.set(this.slotsUsed - 1, undefined);
    for (const item of this.items.values()) tree.set(item.slot, this.encode(item));
    return tree.root();
  }
}
