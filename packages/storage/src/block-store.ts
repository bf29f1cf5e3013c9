/**
 * Committed blocks by height over any Kv backend. A block and the last-committed pointer are
 * written in one atomic, durable write; heights are accepted only in order, so what is on disk
 * is always blocks 1..last, whole, with the pointer naming the last of them.
 */
import { assert, equalBytes } from "@tongbao/std";
import type { Height } from "@tongbao/types";
import { StorageCorruptionError } from "./errors.ts";
import { MemoryKv, type Kv, type KvWrite } from "./kv.ts";
import type { BlockStore, LastCommitted, StoredBlock } from "./ports.ts";
import {
  checkHeight,
  checkStoredBlock,
  decodeBlockRecord,
  decodeLastCommitted,
  encodeBlockRecord,
  encodeLastCommitted,
  heightKey,
} from "./records.ts";

/** Meta-table key of the last-committed pointer. */
const LAST_COMMITTED_KEY = new TextEncoder().encode("last-committed");

export class KvBlockStore implements BlockStore {
  /** The height of a block whose durable write is in flight (saveDurably), if any. */
  private saving: Height | undefined;

  constructor(protected readonly kv: Kv) {}

  saveCommitted(block: StoredBlock): void {
    this.kv.write(this.saveWrites(block));
  }

  /**
   * Saves the block as saveCommitted does, together with the writes `alongside` returns (asked
   * for only once the block is accepted) in the same atomic write, made durable off the calling
   * thread (Kv.writeDurable). lastHeight() names the previous block until the promise
   * resolves; no other block can be saved meanwhile.
   */
  async saveDurably(block: StoredBlock, alongside: () => KvWrite[] = () => []): Promise<void> {
    const writes = [...this.saveWrites(block), ...alongside()];
    this.saving = block.height;
    try {
      await this.kv.writeDurable(writes);
    } finally {
      this.saving = undefined;
    }
  }

  /** The block record and the pointer moved to it, after checking the block comes next. */
  private saveWrites(block: StoredBlock): KvWrite[] {
    checkStoredBlock(block);
    assert(
      this.saving === undefined,
      `saveCommitted: height ${block.height} while block ${this.saving} is still being saved`,
    );
    const last = this.lastHeight();
    assert(
      block.height === last + 1,
      `saveCommitted: height ${block.height} after ${last}; blocks are saved in order, without gaps`,
    );
    const pointer: LastCommitted = {
      height: block.height,
      blockId: block.blockId,
      appHash: block.appHash,
    };
    return [
      {
        kind: "put",
        table: "blocks",
        key: heightKey(block.height),
        value: encodeBlockRecord(block),
      },
      { kind: "put", table: "meta", key: LAST_COMMITTED_KEY, value: encodeLastCommitted(pointer) },
    ];
  }

  loadCommitted(height: Height): StoredBlock | undefined {
    checkHeight(height);
    const bytes = this.kv.get("blocks", heightKey(height));
    return bytes === undefined ? undefined : decodeBlockRecord(bytes, height, this.kv.location);
  }

  lastHeight(): Height {
    return this.lastCommitted()?.height ?? (0 as Height);
  }

  lastCommitted(): LastCommitted | undefined {
    const bytes = this.kv.get("meta", LAST_COMMITTED_KEY);
    return bytes === undefined ? undefined : decodeLastCommitted(bytes, this.kv.location);
  }

  range(from: Height, to: Height): IterableIterator<StoredBlock> {
    checkHeight(from, "from");
    checkHeight(to, "to");
    return this.blocksBetween(Math.max(from, 1), Math.min(to, this.lastHeight()));
  }

  private *blocksBetween(first: number, last: number): IterableIterator<StoredBlock> {
    for (let height = first; height <= last; height++) {
      const block = this.loadCommitted(height as Height);
      if (block === undefined) throw this.damaged(`block ${height} is missing below the last`);
      yield block;
    }
  }

  /**
   * Checks, at open, what the single write per block guarantees: the pointer names the highest
   * stored block, blocks 1..pointer are all there, and the pointed block agrees with it. Cheap
   * (a count and two reads) and catches a damaged or hand-edited directory before replay.
   */
  checkConsistency(): void {
    const last = this.lastCommitted();
    const count = this.kv.count("blocks");
    if (last === undefined) {
      if (count !== 0)
        throw this.damaged(`${count} blocks are stored but no last-committed pointer`);
      return;
    }
    const [highest] = this.kv.entries("blocks", { reverse: true, limit: 1 });
    const [lowest] = this.kv.entries("blocks", { limit: 1 });
    if (
      count !== last.height ||
      highest === undefined ||
      lowest === undefined ||
      !equalBytes(highest.key, heightKey(last.height)) ||
      !equalBytes(lowest.key, heightKey(1))
    ) {
      throw this.damaged(
        `the last-committed pointer names height ${last.height} but ${count} blocks are stored`,
      );
    }
    const block = this.loadCommitted(last.height);
    if (
      block === undefined ||
      !equalBytes(block.blockId, last.blockId) ||
      !equalBytes(block.appHash, last.appHash)
    ) {
      throw this.damaged(
        `the block at height ${last.height} differs from the last-committed pointer`,
      );
    }
  }

  private damaged(problem: string): StorageCorruptionError {
    return new StorageCorruptionError(this.kv.location, problem);
  }
}

/** The in-memory twin: the same store over a MemoryKv, which survives "restarts" of the store. */
export class MemoryBlockStore extends KvBlockStore {
  constructor(kv: MemoryKv = new MemoryKv()) {
    super(kv);
  }
}
