/**
 * The one seam between the stores and a backend: a few tables of byte keys and byte values,
 * read one key or one sorted range at a time, written in atomic batches that are durable when
 * `write` returns. The block store, WAL, safety store and document store are written once against it; LMDB and
 * the in-memory twin implement it, so both backends run the same store logic.
 */
import { bytesToHex } from "@tongbao/std";

export type Table = "meta" | "blocks" | "wal" | "safety" | "documents";

/** `documents`: opaque blobs the node keeps beside the chain (encrypted travel-rule envelopes). */
export const TABLES: readonly Table[] = ["meta", "blocks", "wal", "safety", "documents"];

export type KvWrite =
  | {
      readonly kind: "put";
      readonly table: Table;
      readonly key: Uint8Array;
      readonly value: Uint8Array;
    }
  /** Removes every key of the table that sorts before `below`. */
  | { readonly kind: "delete-below"; readonly table: Table; readonly below: Uint8Array };

export interface KvRange {
  /** Inclusive. */
  readonly start?: Uint8Array;
  /** Exclusive. */
  readonly end?: Uint8Array;
  readonly reverse?: boolean;
  readonly limit?: number;
}

export interface KvEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export interface Kv {
  /** Names the location in error messages (a directory, or "memory"). */
  readonly location: string;
  get(table: Table, key: Uint8Array): Uint8Array | undefined;
  /** Entries with start <= key < end in byte order (descending when `reverse`). */
  entries(table: Table, range: KvRange): KvEntry[];
  count(table: Table): number;
  /** Applies every write or none; durable before it returns. */
  write(writes: readonly KvWrite[]): void;
  /**
   * Applies every write or none, off the calling thread where the backend can: resolves once
   * the writes are durable, and reads see them only then. A crash before it resolves leaves all
   * or none of them. Callers start no other write that must follow this one before it resolves.
   */
  writeDurable(writes: readonly KvWrite[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The in-memory backend: what a disk would hold after each durable write, and nothing else, so
 * stores reopened over the same MemoryKv behave as after a process restart. Values are copied in
 * and out; nothing is shared by reference with callers.
 */
export class MemoryKv implements Kv {
  readonly location: string;
  /** Per table: lower-case hex of the key → entry. Hex order is byte order. */
  private readonly tables = new Map<Table, Map<string, KvEntry>>(
    TABLES.map((table) => [table, new Map()]),
  );

  constructor(location = "memory storage") {
    this.location = location;
  }

  get(table: Table, key: Uint8Array): Uint8Array | undefined {
    return this.table(table).get(bytesToHex(key))?.value.slice();
  }

  entries(table: Table, range: KvRange): KvEntry[] {
    const start = range.start === undefined ? undefined : bytesToHex(range.start);
    const end = range.end === undefined ? undefined : bytesToHex(range.end);
    const names = [...this.table(table).keys()]
      .filter((name) => (start === undefined || name >= start) && (end === undefined || name < end))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (range.reverse === true) names.reverse();
    const chosen = range.limit === undefined ? names : names.slice(0, range.limit);
    return chosen.map((name) => {
      const entry = this.table(table).get(name)!;
      return { key: entry.key.slice(), value: entry.value.slice() };
    });
  }

  count(table: Table): number {
    return this.table(table).size;
  }

  write(writes: readonly KvWrite[]): void {
    for (const write of writes) {
      const table = this.table(write.table);
      if (write.kind === "put") {
        table.set(bytesToHex(write.key), { key: write.key.slice(), value: write.value.slice() });
      } else {
        const below = bytesToHex(write.below);
        for (const name of [...table.keys()]) if (name < below) table.delete(name);
      }
    }
  }

  /** Lands after the caller's turn, so a "crash" before it resolves finds none of it. */
  writeDurable(writes: readonly KvWrite[]): Promise<void> {
    const copies = writes.map((w) =>
      w.kind === "put" ? { ...w, key: w.key.slice(), value: w.value.slice() } : w,
    );
    return Promise.resolve().then(() => this.write(copies));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private table(table: Table): Map<string, KvEntry> {
    return this.tables.get(table)!;
  }
}
