/**
 * The idempotency memory: what the ledger remembers of each included transaction, by its key
 * (signer ‖ id), until its validUntil passes (docs/adr/0003).
 *
 * PERF: a record was an object with its hash as a 64-character string and its validUntil as a
 * boxed number: four heap objects and about 300 bytes with the key and the map entry. The memory
 * holds every transaction of the validity window (ten minutes by default: 600,000 entries at
 * 1,000 payments/s), so its size was a large part of a busy validator's heap. Here the map holds
 * each key with a slot number, and the record lies in typed-array columns by slot: one heap
 * object (the key) and about 150 bytes of heap an entry, and 54 outside it (95 counting the room
 * the columns keep to grow).
 *
 * Records are forgotten a whole second of validUntil at a time. A forgotten record's slot is
 * reused only after the journal is committed, so a revert can give the key its slot back with
 * the record untouched.
 */
import { assert, bytesToHex, grownTypedArray, hexToBytes } from "@tongbao/std";
import { HASH_BYTES, type Hash } from "@tongbao/types";
import type { ResultCode } from "../result-codes.ts";
import type { SeenTransaction } from "./model.ts";

const INITIAL_CAPACITY = 1024;

/** Inserts into an ascending array of distinct numbers. */
function insertSorted(values: number[], value: number): void {
  let i = values.length;
  while (i > 0 && values[i - 1]! > value) i--;
  values.splice(i, 0, value);
}

const secondOf = (ms: number): number => Math.floor(ms / 1000);

export class SeenTransactions {
  private readonly slotOf = new Map<string, number>();
  private hashes = new Uint8Array(INITIAL_CAPACITY * HASH_BYTES);
  private validUntil = new Float64Array(INITIAL_CAPACITY);
  private heights = new Float64Array(INITIAL_CAPACITY);
  private indexes = new Uint32Array(INITIAL_CAPACITY);
  private codes = new Uint16Array(INITIAL_CAPACITY);
  /** Slots ever handed out; those below it not in use are in `free` or `freedUncommitted`. */
  private used = 0;
  private readonly free: number[] = [];
  /** Slots of records forgotten since the last commit: free once it commits. */
  private freedUncommitted: number[] = [];
  /**
   * Keys grouped by the second of their validUntil, and the sorted list of those seconds. PERF:
   * remembering is an array push, not a heap insertion.
   */
  private readonly bySecond = new Map<number, string[]>();
  private readonly seconds: number[] = [];

  get size(): number {
    return this.slotOf.size;
  }

  has(key: string): boolean {
    return this.slotOf.has(key);
  }

  /** The record of `key`, made afresh (callers may keep it). */
  get(key: string): SeenTransaction | undefined {
    const slot = this.slotOf.get(key);
    return slot === undefined ? undefined : this.record(slot);
  }

  /** When the record of `key` stops counting; undefined without one. */
  validUntilMs(key: string): number | undefined {
    const slot = this.slotOf.get(key);
    return slot === undefined ? undefined : this.validUntil[slot]!;
  }

  /** Keys in no defined order. */
  keys(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  /**
   * Remembers `seen` under `key`, replacing an earlier record: one past its validUntil that has
   * not been forgotten yet (a live one is a bug). Returns the record replaced, for the undo.
   * `hashBytes`, when given, is `seen.hash` as bytes.
   */
  remember(
    key: string,
    seen: SeenTransaction,
    hashBytes?: Uint8Array,
  ): SeenTransaction | undefined {
    let slot = this.slotOf.get(key);
    const previous = slot === undefined ? undefined : this.record(slot);
    assert(
      previous === undefined || previous.validUntilMs < seen.validUntilMs,
      "live transaction remembered twice",
    );
    if (slot === undefined) {
      slot = this.allocate();
      this.slotOf.set(key, slot);
    }
    this.write(slot, seen, hashBytes);
    const second = secondOf(seen.validUntilMs);
    let keys = this.bySecond.get(second);
    if (keys === undefined) {
      keys = [];
      this.bySecond.set(second, keys);
      insertSorted(this.seconds, second);
    }
    keys.push(key);
    return previous;
  }

  /** Undoes the last `remember` of `key`, given what it returned. */
  undoRemember(key: string, previous: SeenTransaction | undefined): void {
    const slot = this.slotOf.get(key);
    assert(slot !== undefined, "an undone transaction is remembered");
    const second = secondOf(this.validUntil[slot]!);
    if (previous === undefined) {
      this.slotOf.delete(key);
      // Handed out since the last commit, and nothing else refers to it.
      this.free.push(slot);
    } else this.write(slot, previous);
    const keys = this.bySecond.get(second)!;
    assert(keys[keys.length - 1] === key, "seen transactions undone out of order");
    keys.pop();
    if (keys.length === 0) {
      this.bySecond.delete(second);
      this.seconds.splice(this.seconds.indexOf(second), 1);
    }
  }

  /**
   * Forgets, a whole second at a time, transactions whose validUntil second is over; returns
   * the undo of what it did, or undefined when it did nothing. Entries may linger up to a
   * second past their validUntil; checkIncludable ignores them, so no result depends on exactly
   * when they go.
   */
  forgetExpired(nowMs: number): (() => void) | undefined {
    const undos: Array<() => void> = [];
    while (this.seconds.length > 0) {
      const second = this.seconds[0]!;
      if (second * 1000 + 999 >= nowMs) break;
      this.seconds.shift();
      const keys = this.bySecond.get(second)!;
      this.bySecond.delete(second);
      const forgotten: Array<[string, number]> = [];
      for (const key of keys) {
        const slot = this.slotOf.get(key);
        // The key may have been remembered again, later, for a newer transaction: keep that.
        if (slot !== undefined && secondOf(this.validUntil[slot]!) === second) {
          this.slotOf.delete(key);
          this.freedUncommitted.push(slot);
          forgotten.push([key, slot]);
        }
      }
      undos.push(() => {
        for (let i = forgotten.length - 1; i >= 0; i--) {
          const [key, slot] = forgotten[i]!;
          this.slotOf.set(key, slot);
          assert(this.freedUncommitted.pop() === slot, "forgetting undone out of order");
        }
        this.bySecond.set(second, keys);
        this.seconds.unshift(second);
      });
    }
    if (undos.length === 0) return undefined;
    return () => {
      for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
    };
  }

  /** The journal was committed: the slots of forgotten records may be reused. */
  commit(): void {
    for (const slot of this.freedUncommitted) this.free.push(slot);
    this.freedUncommitted = [];
  }

  private record(slot: number): SeenTransaction {
    const at = slot * HASH_BYTES;
    return {
      hash: bytesToHex(this.hashes.subarray(at, at + HASH_BYTES)) as Hash,
      validUntilMs: this.validUntil[slot]!,
      height: this.heights[slot]!,
      index: this.indexes[slot]!,
      code: this.codes[slot]! as ResultCode,
    };
  }

  /** `hashBytes`, when given, is seen.hash as bytes (saves decoding it). */
  private write(slot: number, seen: SeenTransaction, hashBytes?: Uint8Array): void {
    this.hashes.set(hashBytes ?? hexToBytes(seen.hash), slot * HASH_BYTES);
    this.validUntil[slot] = seen.validUntilMs;
    this.heights[slot] = seen.height;
    this.indexes[slot] = seen.index;
    this.codes[slot] = seen.code;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.validUntil.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const capacity = 2 * this.validUntil.length;
    this.hashes = grownTypedArray(this.hashes, capacity * HASH_BYTES);
    this.validUntil = grownTypedArray(this.validUntil, capacity);
    this.heights = grownTypedArray(this.heights, capacity);
    this.indexes = grownTypedArray(this.indexes, capacity);
    this.codes = grownTypedArray(this.codes, capacity);
  }
}
