/**
 * The LMDB backend: one environment (one data file) per node, one named database per table.
 *
 * Durability: the environment is opened with `overlappingSync: false` and without `noSync`, and
 * every write goes through `transactionSync`. LMDB then commits each transaction the classic way
 * before returning: data pages are written and fdatasync'd, then the meta page that makes them
 * current is written through a descriptor opened with O_DSYNC. A crash at any instant leaves the
 * previous or the new meta page, never a mix. lmdb-js's defaults (overlapping sync, asynchronous
 * `put`) return before the flush; they are not used here. The one asynchronous write,
 * `writeDurable` (a committed block, see ADR 0004), is a whole transaction in one callback whose
 * promise resolves only after that synced commit; callers start no write that must follow it
 * until it resolves.
 */
import { open, type Database, type RangeOptions, type RootDatabase } from "lmdb";
import { TABLES, type Kv, type KvEntry, type KvRange, type KvWrite, type Table } from "./kv.ts";

type Bytes = Uint8Array;

export class LmdbKv implements Kv {
  readonly location: string;
  private readonly root: RootDatabase<Bytes, Bytes>;
  private readonly databases: Map<Table, Database<Bytes, Bytes>>;

  /** Opens (creating if needed) the environment in directory `dir`. */
  constructor(dir: string) {
    this.location = dir;
    this.root = open<Bytes, Bytes>({
      path: dir,
      maxDbs: TABLES.length,
      overlappingSync: false,
      noSync: false,
      encoding: "binary",
      keyEncoding: "binary",
    });
    this.databases = new Map(
      TABLES.map((table) => [
        table,
        this.root.openDB<Bytes, Bytes>(table, { encoding: "binary", keyEncoding: "binary" }),
      ]),
    );
  }

  get(table: Table, key: Uint8Array): Uint8Array | undefined {
    const value = this.db(table).get(key);
    return value === undefined ? undefined : plain(value);
  }

  entries(table: Table, range: KvRange): KvEntry[] {
    // lmdb-js iterates from `start` towards `end`, `end` exclusive. A descending range therefore
    // starts at our (exclusive) end and stops at our (inclusive) start.
    const { start: low, end: high, limit } = range;
    const options: RangeOptions =
      range.reverse === true
        ? {
            reverse: true,
            ...(high && { start: high, exclusiveStart: true }),
            ...(low && { end: low, inclusiveEnd: true }),
          }
        : { ...(low && { start: low }), ...(high && { end: high }) };
    const result: KvEntry[] = [];
    for (const { key, value } of this.db(table).getRange({
      ...options,
      ...(limit !== undefined && { limit }),
    })) {
      result.push({ key: plain(key), value: plain(value) });
    }
    return result;
  }

  count(table: Table): number {
    return this.db(table).getCount();
  }

  write(writes: readonly KvWrite[]): void {
    this.root.transactionSync(() => this.apply(writes));
  }

  /**
   * lmdb-js's asynchronous transaction: the callback runs on this thread when its write thread
   * has opened the transaction (the puts are memory work), and the commit — the same classic
   * synced commit as `write`, since the environment has overlappingSync off — runs on the write
   * thread; the promise resolves after it returned. One callback is one atomic transaction.
   */
  async writeDurable(writes: readonly KvWrite[]): Promise<void> {
    await this.root.transaction(() => this.apply(writes));
  }

  private apply(writes: readonly KvWrite[]): void {
    for (const write of writes) {
      const db = this.db(write.table);
      if (write.kind === "put") {
        db.put(write.key, write.value);
      } else {
        // Collect first: removing keys under a live cursor is not safe.
        const keys = [...db.getKeys({ end: write.below })];
        for (const key of keys) db.remove(key);
      }
    }
  }

  close(): Promise<void> {
    return this.root.close();
  }

  private db(table: Table): Database<Bytes, Bytes> {
    return this.databases.get(table)!;
  }
}

/**
 * A copy as a plain Uint8Array. lmdb-js may hand out a Buffer over memory it reuses or maps, so
 * nothing it returns is kept; a plain type also keeps equality checks in callers simple.
 */
function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
