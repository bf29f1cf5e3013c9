/**
 * @tongbao/storage: what a validator keeps on disk to survive a crash — committed blocks, the
 * consensus write-ahead log and the safety data — on LMDB, with an in-memory twin of each store
 * for the simulator and tests. See README.md and docs/adr/0004-storage.md.
 */
export type {
  BlockStore,
  ConsensusWal,
  DocumentStore,
  LastCommitted,
  Storage,
  StorageIdentity,
  StoredBlock,
} from "./ports.ts";
export {
  openStorage,
  openMemoryStorage,
  type OpenStorageOptions,
  type OpenMemoryStorageOptions,
} from "./storage.ts";
export { KvBlockStore, MemoryBlockStore } from "./block-store.ts";
export { KvWal, MemoryWal } from "./wal.ts";
export { KvDocumentStore, DOCUMENT_KEY_BYTES } from "./document-store.ts";
export { KvSafetyStore, LmdbSafetyStore } from "./safety-store.ts";
export { MemoryKv, type Kv, type KvEntry, type KvRange, type KvWrite, type Table } from "./kv.ts";
export { LmdbKv } from "./lmdb-kv.ts";
export { StorageCorruptionError, StorageFormatError, StorageIdentityError } from "./errors.ts";
export { STORAGE_FORMAT_VERSION } from "./records.ts";
export * from "./limits.ts";
