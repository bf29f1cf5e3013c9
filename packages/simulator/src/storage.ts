/**
 * A node's disk, as a crash sees it. Three stores with the durability the node promises:
 *
 * - the consensus WAL: append-only records per height. A durable append is an fsync: it makes
 *   that record and every earlier one durable. Other records are buffered; a crash keeps a
 *   PRNG-drawn prefix of the unsynced tail (a log loses its end, never its middle);
 * - committed blocks: each written in one atomic write with the WAL records it makes obsolete
 *   deleted in the same write (the node's single LMDB transaction per block);
 * - safety data: every save is durable before it returns (the SafetyStore contract).
 *
 * Everything is kept as bytes, so nothing is shared by reference with the running node and a
 * restart decodes exactly what a disk would give back.
 */
import {
  decodeSafetyData,
  encodeSafetyData,
  type SafetyData,
  type SafetyStore,
} from "@tongbao/consensus";
import { assert, type Prng } from "@tongbao/std";

export interface StoredBlock {
  readonly height: number;
  readonly blockId: Uint8Array;
  /** An encoded CommittedBlock: what peers are served during catch-up. */
  readonly bytes: Uint8Array;
  /** The app hash the node computed when it executed this block. */
  readonly appHash: Uint8Array;
}

interface WalRecord {
  readonly height: number;
  readonly bytes: Uint8Array;
  synced: boolean;
}

export interface StorageStats {
  walAppends: number;
  walSyncs: number;
  /** Records lost to crashes. */
  walLost: number;
  crashes: number;
}

/** Observes every safety save before it is stored, e.g. to check that positions only grow. */
export type SafetySaveObserver = (previous: SafetyData | undefined, next: SafetyData) => void;

export class SimStorage {
  private wal: WalRecord[] = [];
  private readonly blockList: StoredBlock[] = [];
  private safetyBytes: Uint8Array | undefined;
  readonly stats: StorageStats = { walAppends: 0, walSyncs: 0, walLost: 0, crashes: 0 };
  /** The SafetyStore port handed to the safety module. */
  readonly safety: SafetyStore;

  constructor(observeSafety?: SafetySaveObserver) {
    this.safety = {
      load: () => (this.safetyBytes === undefined ? undefined : decodeSafetyData(this.safetyBytes)),
      save: (data: SafetyData) => {
        observeSafety?.(this.safety.load(), data);
        this.safetyBytes = encodeSafetyData(data);
      },
    };
  }

  appendWal(height: number, bytes: Uint8Array, durable: boolean): void {
    this.stats.walAppends++;
    this.wal.push({ height, bytes: bytes.slice(), synced: false });
    if (durable) {
      this.stats.walSyncs++;
      for (const record of this.wal) record.synced = true;
    }
  }

  /** The WAL records of `height` in the order written, as they are on disk now. */
  walRecords(height: number): Uint8Array[] {
    return this.wal.filter((r) => r.height === height).map((r) => r.bytes.slice());
  }

  get walLength(): number {
    return this.wal.length;
  }

  /** Writes a committed block and deletes the WAL of its height and below, atomically. */
  writeBlock(block: StoredBlock): void {
    const last = this.blockList.at(-1);
    assert(block.height === (last?.height ?? 0) + 1, "blocks are stored in height order");
    this.blockList.push({
      height: block.height,
      blockId: block.blockId.slice(),
      bytes: block.bytes.slice(),
      appHash: block.appHash.slice(),
    });
    this.wal = this.wal.filter((r) => r.height > block.height);
  }

  get blocks(): readonly StoredBlock[] {
    return this.blockList;
  }

  get height(): number {
    return this.blockList.length;
  }

  block(height: number): StoredBlock | undefined {
    return this.blockList[height - 1];
  }

  /** What survives a crash: synced records, and a random prefix of the unsynced tail. */
  crash(prng: Prng): number {
    this.stats.crashes++;
    // A sync covers everything before it, so the unsynced records form a tail.
    let firstUnsynced = this.wal.length;
    while (firstUnsynced > 0 && !this.wal[firstUnsynced - 1]!.synced) firstUnsynced--;
    const tail = this.wal.length - firstUnsynced;
    const kept = tail === 0 ? 0 : prng.int(tail + 1);
    const lost = tail - kept;
    this.wal = this.wal.slice(0, firstUnsynced + kept);
    for (const record of this.wal) record.synced = true;
    this.stats.walLost += lost;
    return lost;
  }
}
