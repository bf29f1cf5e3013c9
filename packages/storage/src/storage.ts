/**
 * Opening a node's storage: the three stores over one backend (one LMDB environment with a
 * named database per table, or one MemoryKv), after checking that the location belongs to this
 * chain and that its blocks are consistent.
 */
import { assert } from "@tongbao/std";
import type { Height } from "@tongbao/types";
import { KvBlockStore } from "./block-store.ts";
import { KvDocumentStore } from "./document-store.ts";
import { StorageCorruptionError } from "./errors.ts";
import {
  MemoryKv,
  TABLES,
  type Kv,
  type KvEntry,
  type KvRange,
  type KvWrite,
  type Table,
} from "./kv.ts";
import { LmdbKv } from "./lmdb-kv.ts";
import type { Storage, StorageIdentity, StoredBlock } from "./ports.ts";
import { checkIdentity, checkStoredIdentity, encodeIdentity } from "./records.ts";
import { KvSafetyStore, LmdbSafetyStore } from "./safety-store.ts";
import { KvWal } from "./wal.ts";

/** Meta-table key of the identity record, written at the first open. */
const IDENTITY_KEY = new TextEncoder().encode("identity");

export interface OpenStorageOptions extends StorageIdentity {
  /** The node's data directory; created when missing. */
  readonly dir: string;
}

export interface OpenMemoryStorageOptions extends StorageIdentity {
  /** The in-memory "disk": pass the same one again to reopen after a simulated crash. */
  readonly kv: MemoryKv;
}

/**
 * Opens (creating on first use) the LMDB storage in `dir`. Refuses a directory written for
 * another chain id or genesis (StorageIdentityError), by another storage format
 * (StorageFormatError), or whose blocks contradict their pointer (StorageCorruptionError).
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  if (typeof options.dir !== "string" || options.dir.length === 0) {
    throw new TypeError("dir: expected the path of the node's data directory");
  }
  checkIdentity(options);
  const kv = new LmdbKv(options.dir);
  try {
    return new KvStorage(kv, options, (session) => new LmdbSafetyStore(session));
  } catch (error) {
    await kv.close();
    throw error;
  }
}

/** The in-memory twin of `openStorage`, with the same checks, for the simulator and tests. */
export function openMemoryStorage(options: OpenMemoryStorageOptions): Storage {
  checkIdentity(options);
  return new KvStorage(options.kv, options, (session) => new KvSafetyStore(session));
}

class KvStorage implements Storage {
  readonly blocks: KvBlockStore;
  readonly wal: KvWal;
  readonly safety: KvSafetyStore;
  readonly documents: KvDocumentStore;
  private readonly session: SessionKv;
  /** Settles when every commitBlock so far has, either way. */
  private committing: Promise<void> = Promise.resolve();

  constructor(kv: Kv, identity: StorageIdentity, createSafety: (kv: Kv) => KvSafetyStore) {
    this.session = new SessionKv(kv);
    admitIdentity(this.session, identity);
    this.blocks = new KvBlockStore(this.session);
    this.blocks.checkConsistency();
    this.wal = new KvWal(this.session);
    this.safety = createSafety(this.session);
    this.documents = new KvDocumentStore(this.session);
  }

  commitBlock(block: StoredBlock): Promise<void> {
    const saved = this.blocks.saveDurably(block, () =>
      this.wal.pruneWrites((block.height + 1) as Height),
    );
    this.committing = Promise.allSettled([this.committing, saved]).then(() => undefined);
    return saved;
  }

  async close(): Promise<void> {
    if (this.session.closed) return;
    // A block on its way to the disk lands before the waiting WAL records are flushed.
    await this.committing;
    if (this.session.closed) return;
    this.wal.flush();
    await this.session.close();
  }
}

/** Writes the identity at the first open; afterwards, refuses any other. */
function admitIdentity(kv: Kv, identity: StorageIdentity): void {
  const stored = kv.get("meta", IDENTITY_KEY);
  if (stored !== undefined) {
    checkStoredIdentity(stored, identity, kv.location);
    return;
  }
  for (const table of TABLES) {
    if (kv.count(table) > 0) {
      throw new StorageCorruptionError(kv.location, `its ${table} table has data but no identity`);
    }
  }
  kv.write([{ kind: "put", table: "meta", key: IDENTITY_KEY, value: encodeIdentity(identity) }]);
}

/**
 * The backend as seen by one open Storage: every call after `close` is refused, so a store kept
 * by mistake cannot write to a closed (or reopened) location.
 */
class SessionKv implements Kv {
  closed = false;

  constructor(private readonly inner: Kv) {}

  get location(): string {
    return this.inner.location;
  }

  get(table: Table, key: Uint8Array): Uint8Array | undefined {
    this.check();
    return this.inner.get(table, key);
  }

  entries(table: Table, range: KvRange): KvEntry[] {
    this.check();
    return this.inner.entries(table, range);
  }

  count(table: Table): number {
    this.check();
    return this.inner.count(table);
  }

  write(writes: readonly KvWrite[]): void {
    this.check();
    this.inner.write(writes);
  }

  writeDurable(writes: readonly KvWrite[]): Promise<void> {
    this.check();
    return this.inner.writeDurable(writes);
  }

  close(): Promise<void> {
    this.closed = true;
    return this.inner.close();
  }

  private check(): void {
    assert(!this.closed, `storage at ${this.inner.location} is used after close`);
  }
}
