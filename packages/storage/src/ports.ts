/**
 * What the node persists, as interfaces with two implementations each: LMDB on disk and an
 * in-memory twin for the simulator and tests. Everything is synchronous: a method that writes
 * durably returns only once the data is on disk, so the caller's next action may depend on it.
 */
import type { SafetyStore } from "@tongbao/consensus";
import type { Height } from "@tongbao/types";

/** A decided block as the node stores it. The storage never interprets the bytes. */
export interface StoredBlock {
  readonly height: Height;
  /** 32 bytes: the id consensus decided (blockIdOf the header inside `committedBytes`). */
  readonly blockId: Uint8Array;
  /** An encoded CommittedBlock: the block and its commit certificate, as served to peers. */
  readonly committedBytes: Uint8Array;
  /** 32 bytes: the application's hash after executing this block (the next header's appHash). */
  readonly appHash: Uint8Array;
  /** The block's encoded receipts, when the node keeps them. */
  readonly receiptsBytes?: Uint8Array;
}

/** The pointer a restarting node resumes from: the last committed block. */
export interface LastCommitted {
  readonly height: Height;
  readonly blockId: Uint8Array;
  readonly appHash: Uint8Array;
}

/**
 * Committed blocks by height, 1, 2, 3… without gaps. Each block is saved with the
 * last-committed pointer in one durable write, so a crash leaves a prefix of whole blocks.
 */
export interface BlockStore {
  /**
   * Saves the block at `lastHeight() + 1` and moves the last-committed pointer to it, in one
   * atomic write that is durable when this returns.
   */
  saveCommitted(block: StoredBlock): void;
  loadCommitted(height: Height): StoredBlock | undefined;
  /** 0 (genesis) before the first block is saved. */
  lastHeight(): Height;
  /** The pointer saved with the last block, undefined before the first. */
  lastCommitted(): LastCommitted | undefined;
  /**
   * Blocks `from`..`to` (both inclusive), stopping at the last saved height, read one at a time
   * so that a long replay or a slow peer holds no read transaction open.
   */
  range(from: Height, to: Height): IterableIterator<StoredBlock>;
}

/**
 * The consensus write-ahead log: the messages of the heights not yet committed, fed back to the
 * engine after a restart. Records are kept per height in the order they were appended.
 */
export interface ConsensusWal {
  /**
   * A durable record (our own signed message) is on disk before this returns, together with
   * every record appended before it. A non-durable record (a peer's message) may wait in memory
   * until the next durable write, so a crash may lose it.
   */
  append(height: Height, bytes: Uint8Array, durable: boolean): void;
  /** The records of `height` in append order, including any still waiting in memory. */
  records(height: Height): Uint8Array[];
  /** Drops every record of the heights below `belowHeight`; durable when it returns. */
  prune(belowHeight: Height): void;
  /** Makes every record appended so far durable. */
  flush(): void;
}

/**
 * Opaque documents the node keeps beside the chain, by a 32-byte key: written once, never
 * changed (a second put of another value under a key is the caller's error to refuse).
 * Each put is durable when it returns.
 */
export interface DocumentStore {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  put(key: Uint8Array, value: Uint8Array): void;
  count(): number;
}

/** The stores of one node over one location on disk (or one in-memory disk). */
export interface Storage {
  readonly blocks: BlockStore;
  readonly wal: ConsensusWal;
  readonly safety: SafetyStore;
  readonly documents: DocumentStore;
  /**
   * What a node does when it commits a block, as one atomic write made durable off the calling
   * thread: saves the block at `blocks.lastHeight() + 1` with the last-committed pointer (as
   * saveCommitted) and drops the WAL below the next height (as prune). Resolves once durable;
   * until then lastHeight() names the previous block, and the caller must not act on the block
   * (sign for the next height, tell clients) nor start another commit.
   */
  commitBlock(block: StoredBlock): Promise<void>;
  /**
   * Waits for a commitBlock in flight, flushes the WAL and releases the location. Idempotent;
   * the stores refuse use afterwards.
   */
  close(): Promise<void>;
}

/** What a data location belongs to; checked at every open so one chain's data never feeds another. */
export interface StorageIdentity {
  readonly chainId: string;
  /** 32 bytes: the hash that names the chain's genesis (its genesis block id). */
  readonly genesisHash: Uint8Array;
}
