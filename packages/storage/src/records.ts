/**
 * The bytes the storage writes: keys that sort by height, and records in the project's
 * canonical encoding (docs/spec/encoding.md) with a version byte first. Both backends store these
 * same bytes, so the in-memory twin exercises the encoding that reaches the disk.
 *
 * Block record, format 1:
 *   u8 version | u53 height | blockId[32] | appHash[32] | bytes committed | bool hasReceipts |
 *   [bytes receipts] | checksum[32] = taggedHash("tongbao/storage/block", everything before)
 * LMDB keeps no checksums of its own; this one turns a damaged sector into a clear error at the
 * height it hit, rather than a block that fails to decode or, worse, replays differently.
 */
import { DecodeError, Reader, Writer, decodeAll, taggedHash } from "@tongbao/codec";
import { CHAIN_ID_BYTES_MAX } from "@tongbao/consensus";
import { assert, equalBytes } from "@tongbao/std";
import { HASH_BYTES, type Height } from "@tongbao/types";
import { StorageCorruptionError, StorageFormatError, StorageIdentityError } from "./errors.ts";
import {
  COMMITTED_BLOCK_BYTES_MAX,
  RECEIPTS_BYTES_MAX,
  WAL_RECORDS_PER_HEIGHT_MAX,
} from "./limits.ts";
import type { LastCommitted, StorageIdentity, StoredBlock } from "./ports.ts";

/** Bumped when any record or key layout changes; a directory of another format is refused. */
export const STORAGE_FORMAT_VERSION = 1;

const BLOCK_CHECKSUM_TAG = "tongbao/storage/block";

// ---- keys ----

/** 8 bytes, big-endian: byte order is numeric order, so LMDB keeps heights sorted. */
export function heightKey(height: number): Uint8Array {
  return new Writer(8).u53(height).finish();
}

/** height (8 bytes) ‖ sequence within the height (4 bytes), both big-endian. */
export function walKey(height: number, seq: number): Uint8Array {
  assert(seq <= WAL_RECORDS_PER_HEIGHT_MAX, "WAL sequence exceeds the per-height bound");
  return new Writer(12).u53(height).u32(seq).finish();
}

export function decodeWalKey(key: Uint8Array): { height: number; seq: number } {
  return decodeAll(key, (r) => ({ height: r.u53("height"), seq: r.u32("sequence") }));
}

// ---- input checks at the boundary ----

function checkBytes(value: unknown, what: string, maxLength: number): void {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: expected a Uint8Array`);
  if (value.length > maxLength) {
    throw new RangeError(`${what}: ${value.length} bytes exceeds the bound of ${maxLength}`);
  }
}

function checkHash(value: unknown, what: string): void {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: expected a Uint8Array`);
  if (value.length !== HASH_BYTES) {
    throw new RangeError(`${what}: expected ${HASH_BYTES} bytes, got ${value.length}`);
  }
}

export function checkHeight(value: unknown, what = "height"): asserts value is Height {
  if (typeof value !== "number") throw new TypeError(`${what}: expected a number`);
  // One below the largest safe integer, so that `height + 1` (the end of a height's key range)
  // is still exact.
  if (!Number.isSafeInteger(value) || value < 0 || value >= Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`${what}: expected an integer from 0 to 2^53 − 2, got ${value}`);
  }
}

export function checkStoredBlock(block: StoredBlock): void {
  checkHeight(block.height, "block height");
  if (block.height < 1) throw new RangeError("block height: blocks start at height 1");
  checkHash(block.blockId, "block id");
  checkHash(block.appHash, "app hash");
  checkBytes(block.committedBytes, "committed block", COMMITTED_BLOCK_BYTES_MAX);
  if (block.receiptsBytes !== undefined) {
    checkBytes(block.receiptsBytes, "receipts", RECEIPTS_BYTES_MAX);
  }
}

export function checkIdentity(identity: StorageIdentity): void {
  if (typeof identity.chainId !== "string") throw new TypeError("chain id: expected a string");
  const length = new TextEncoder().encode(identity.chainId).length;
  if (length === 0 || length > CHAIN_ID_BYTES_MAX) {
    throw new RangeError(`chain id: expected 1–${CHAIN_ID_BYTES_MAX} bytes, got ${length}`);
  }
  checkHash(identity.genesisHash, "genesis hash");
}

// ---- block record ----

export function encodeBlockRecord(block: StoredBlock): Uint8Array {
  const receipts = block.receiptsBytes;
  const bodyLength =
    1 + 8 + 2 * HASH_BYTES + 4 + block.committedBytes.length + 1 + 4 + (receipts?.length ?? 0);
  const w = new Writer(bodyLength + HASH_BYTES)
    .u8(STORAGE_FORMAT_VERSION)
    .u53(block.height)
    .fixed(block.blockId, HASH_BYTES)
    .fixed(block.appHash, HASH_BYTES)
    .bytes(block.committedBytes, COMMITTED_BLOCK_BYTES_MAX)
    .bool(receipts !== undefined);
  if (receipts !== undefined) w.bytes(receipts, RECEIPTS_BYTES_MAX);
  const body = w.finish();
  const record = new Uint8Array(body.length + HASH_BYTES);
  record.set(body, 0);
  record.set(taggedHash(BLOCK_CHECKSUM_TAG, body), body.length);
  return record;
}

/**
 * Decodes the record stored under `height`. Anything but an intact record of that height is
 * damage, reported as StorageCorruptionError naming `location` and the height.
 */
export function decodeBlockRecord(
  bytes: Uint8Array,
  height: number,
  location: string,
): StoredBlock {
  const damaged = (problem: string) =>
    new StorageCorruptionError(location, `the block record at height ${height} ${problem}`);
  if (bytes.length < HASH_BYTES) throw damaged(`is ${bytes.length} bytes long`);
  const body = bytes.subarray(0, bytes.length - HASH_BYTES);
  if (!equalBytes(taggedHash(BLOCK_CHECKSUM_TAG, body), bytes.subarray(body.length))) {
    throw damaged("fails its checksum");
  }
  let block: StoredBlock;
  try {
    block = decodeAll(body, readBlockBody);
  } catch (error) {
    if (error instanceof DecodeError) throw damaged(`does not decode: ${error.message}`);
    throw error;
  }
  if (block.height !== height) throw damaged(`names height ${block.height}`);
  return block;
}

function readBlockBody(r: Reader): StoredBlock {
  r.tag([STORAGE_FORMAT_VERSION], "block record version");
  const height = r.u53("height") as Height;
  const blockId = r.fixed(HASH_BYTES, "block id").slice();
  const appHash = r.fixed(HASH_BYTES, "app hash").slice();
  const committedBytes = r.bytes(COMMITTED_BLOCK_BYTES_MAX, "committed block").slice();
  const receiptsBytes = r.bool("has receipts")
    ? r.bytes(RECEIPTS_BYTES_MAX, "receipts").slice()
    : undefined;
  return {
    height,
    blockId,
    committedBytes,
    appHash,
    ...(receiptsBytes === undefined ? {} : { receiptsBytes }),
  };
}

// ---- last-committed pointer ----

export function encodeLastCommitted(last: LastCommitted): Uint8Array {
  return new Writer(1 + 8 + 2 * HASH_BYTES)
    .u8(STORAGE_FORMAT_VERSION)
    .u53(last.height)
    .fixed(last.blockId, HASH_BYTES)
    .fixed(last.appHash, HASH_BYTES)
    .finish();
}

export function decodeLastCommitted(bytes: Uint8Array, location: string): LastCommitted {
  try {
    return decodeAll(bytes, (r) => {
      r.tag([STORAGE_FORMAT_VERSION], "last-committed version");
      return {
        height: r.u53("height") as Height,
        blockId: r.fixed(HASH_BYTES, "block id").slice(),
        appHash: r.fixed(HASH_BYTES, "app hash").slice(),
      };
    });
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new StorageCorruptionError(location, `the last-committed pointer: ${error.message}`);
    }
    throw error;
  }
}

// ---- identity ----

/** u8 format version | string chainId | genesisHash[32]. The version byte is read first. */
export function encodeIdentity(identity: StorageIdentity): Uint8Array {
  return new Writer(64)
    .u8(STORAGE_FORMAT_VERSION)
    .string(identity.chainId, CHAIN_ID_BYTES_MAX)
    .fixed(identity.genesisHash, HASH_BYTES)
    .finish();
}

/**
 * Compares the identity stored at `location` with the one the node expects. The format version
 * is checked first, since it is the one byte every future layout keeps in place.
 */
export function checkStoredIdentity(
  bytes: Uint8Array,
  expected: StorageIdentity,
  location: string,
): void {
  const version = bytes[0];
  if (version !== STORAGE_FORMAT_VERSION) {
    if (version === undefined) throw new StorageCorruptionError(location, "the identity is empty");
    throw new StorageFormatError(location, version, STORAGE_FORMAT_VERSION);
  }
  const found = decodeIdentity(bytes, location);
  if (!sameIdentity(found, expected)) throw new StorageIdentityError(location, found, expected);
}

function decodeIdentity(bytes: Uint8Array, location: string): StorageIdentity {
  try {
    return decodeAll(bytes, (r) => {
      r.tag([STORAGE_FORMAT_VERSION], "identity version");
      return {
        chainId: r.string(CHAIN_ID_BYTES_MAX, "chain id"),
        genesisHash: r.fixed(HASH_BYTES, "genesis hash").slice(),
      };
    });
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new StorageCorruptionError(location, `the identity record: ${error.message}`);
    }
    throw error;
  }
}

function sameIdentity(a: StorageIdentity, b: StorageIdentity): boolean {
  return a.chainId === b.chainId && equalBytes(a.genesisHash, b.genesisHash);
}
