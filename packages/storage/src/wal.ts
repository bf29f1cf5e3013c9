/**
 * The consensus write-ahead log over any Kv backend. Records are keyed (height, sequence) so
 * that a height's records come back in append order.
 *
 * Only durable records need a disk sync before the caller goes on (the engine broadcasts our own
 * signed message right after). Records of peers' messages wait in memory and reach the disk in
 * the same write as the next durable record, which keeps their order and costs no extra sync;
 * a crash loses at most the waiting ones, which peers re-send or the round re-creates.
 */
import type { Height } from "@tongbao/types";
import { MemoryKv, type Kv, type KvWrite } from "./kv.ts";
import { WAL_PENDING_BYTES_MAX, WAL_PENDING_RECORDS_MAX, WAL_RECORD_BYTES_MAX } from "./limits.ts";
import type { ConsensusWal } from "./ports.ts";
import { checkHeight, decodeWalKey, walKey } from "./records.ts";

interface PendingRecord {
  readonly height: number;
  readonly seq: number;
  readonly bytes: Uint8Array;
}

export class KvWal implements ConsensusWal {
  private pending: PendingRecord[] = [];
  private pendingBytes = 0;
  /** The next sequence number of the height appended to last; other heights are looked up. */
  private cursor: { height: number; next: number } | undefined;

  constructor(protected readonly kv: Kv) {}

  append(height: Height, bytes: Uint8Array, durable: boolean): void {
    checkHeight(height);
    if (!(bytes instanceof Uint8Array)) throw new TypeError("WAL record: expected a Uint8Array");
    if (bytes.length > WAL_RECORD_BYTES_MAX) {
      throw new RangeError(
        `WAL record: ${bytes.length} bytes exceeds the bound of ${WAL_RECORD_BYTES_MAX}`,
      );
    }
    if (typeof durable !== "boolean") throw new TypeError("WAL durable: expected a boolean");
    this.pending.push({ height, seq: this.nextSeq(height), bytes: bytes.slice() });
    this.pendingBytes += bytes.length;
    if (
      durable ||
      this.pending.length >= WAL_PENDING_RECORDS_MAX ||
      this.pendingBytes >= WAL_PENDING_BYTES_MAX
    ) {
      this.flush();
    }
  }

  records(height: Height): Uint8Array[] {
    checkHeight(height);
    const stored = this.kv
      .entries("wal", { start: walKey(height, 0), end: walKey(height + 1, 0) })
      .map((entry) => entry.value);
    const waiting = this.pending.filter((r) => r.height === height).map((r) => r.bytes.slice());
    return [...stored, ...waiting];
  }

  prune(belowHeight: Height): void {
    this.kv.write(this.pruneWrites(belowHeight));
  }

  /**
   * Drops the waiting records below `belowHeight` now and returns the write that drops the
   * stored ones, for the caller to make durable (alone, or with the block that ends them).
   */
  pruneWrites(belowHeight: Height): KvWrite[] {
    checkHeight(belowHeight, "belowHeight");
    this.pending = this.pending.filter((r) => r.height >= belowHeight);
    this.pendingBytes = this.pending.reduce((sum, r) => sum + r.bytes.length, 0);
    if (this.cursor !== undefined && this.cursor.height < belowHeight) this.cursor = undefined;
    return [{ kind: "delete-below", table: "wal", below: walKey(belowHeight, 0) }];
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.kv.write(
      this.pending.map((r) => ({
        kind: "put" as const,
        table: "wal" as const,
        key: walKey(r.height, r.seq),
        value: r.bytes,
      })),
    );
    this.pending = [];
    this.pendingBytes = 0;
  }

  private nextSeq(height: number): number {
    if (this.cursor?.height !== height) {
      this.cursor = { height, next: this.lastSeq(height) + 1 };
    }
    return this.cursor.next++;
  }

  /** The highest sequence number used at `height`, waiting or stored; -1 when none. */
  private lastSeq(height: number): number {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const record = this.pending[i]!;
      if (record.height === height) return record.seq;
    }
    const [last] = this.kv.entries("wal", {
      start: walKey(height, 0),
      end: walKey(height + 1, 0),
      reverse: true,
      limit: 1,
    });
    return last === undefined ? -1 : decodeWalKey(last.key).seq;
  }
}

/**
 * The in-memory twin. Records waiting for a durable write live in this object, not in the
 * MemoryKv, so a new MemoryWal over the same MemoryKv sees what a crash would leave.
 */
export class MemoryWal extends KvWal {
  constructor(kv: MemoryKv = new MemoryKv()) {
    super(kv);
  }
}
