/**
 * Receipts: the outcome of each transaction in a block, `hash 32 | code u16 | operationIndex u8`
 * (255: no operation at fault). Each receipt names its transaction, so one proof shows both that
 * a transaction is in a block and what its result was.
 *
 * The receipts root is a Merkle list root whose leaves are chunks of RECEIPTS_PER_CHUNK
 * consecutive encoded receipts. PERF: one hash per chunk instead of two per transaction cuts the
 * root's cost about tenfold; a proof carries the chunk (at most 560 bytes) and its path.
 */
import {
  Writer,
  Reader,
  decodeAll,
  merkleLeafHash,
  merkleListProof,
  merkleListRootFromProof,
  merkleRootOfLeaves,
  type MerkleListProof,
} from "@tongbao/codec";
import { bytesToHex, equalBytes, hexToBytes } from "@tongbao/std";
import { HASH_BYTES, type Hash } from "@tongbao/types";
import type { ResultCode } from "./result-codes.ts";

export const NO_OPERATION = 255;

export interface Receipt {
  readonly hash: Hash;
  readonly code: ResultCode;
  /** The failing operation's index for failed transactions, NO_OPERATION otherwise. */
  readonly operationIndex: number;
}

export function encodeReceipt(receipt: Receipt): Uint8Array {
  return new Writer(35)
    .fixed(hexToBytes(receipt.hash), HASH_BYTES)
    .u16(receipt.code)
    .u8(receipt.operationIndex)
    .finish();
}

export function decodeReceipt(bytes: Uint8Array): Receipt {
  return decodeAll(bytes, (r: Reader) => ({
    hash: bytesToHex(r.fixed(HASH_BYTES, "transaction hash")) as Hash,
    code: r.u16("result code") as ResultCode,
    operationIndex: r.u8("operation index"),
  }));
}

export const RECEIPT_BYTES = 35;
export const RECEIPTS_PER_CHUNK = 16;

/** Encodes a receipt into `out` at `offset` (PERF: no per-receipt allocation). */
export function writeReceiptInto(
  out: Uint8Array,
  offset: number,
  hashBytes: Uint8Array,
  code: ResultCode,
  operationIndex: number,
): void {
  out.set(hashBytes, offset);
  out[offset + 32] = code >>> 8;
  out[offset + 33] = code & 0xff;
  out[offset + 34] = operationIndex;
}

function chunkLeaves(encoded: Uint8Array): Uint8Array[] {
  const chunkBytes = RECEIPT_BYTES * RECEIPTS_PER_CHUNK;
  const leaves: Uint8Array[] = [];
  for (let offset = 0; offset < encoded.length; offset += chunkBytes) {
    leaves.push(
      merkleLeafHash(encoded.subarray(offset, Math.min(offset + chunkBytes, encoded.length))),
    );
  }
  return leaves;
}

/** The receipts root over receipts already encoded back to back. */
export function receiptsRootOfEncoded(encoded: Uint8Array): Uint8Array {
  return merkleRootOfLeaves(chunkLeaves(encoded));
}

export function encodeReceipts(receipts: readonly Receipt[]): Uint8Array {
  const out = new Uint8Array(receipts.length * RECEIPT_BYTES);
  receipts.forEach((receipt, i) => out.set(encodeReceipt(receipt), i * RECEIPT_BYTES));
  return out;
}

export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  return receiptsRootOfEncoded(encodeReceipts(receipts));
}

/** A receipt's proof: the receipts of its chunk and the chunk's path to the receipts root. */
export interface ReceiptProof {
  readonly index: number;
  readonly chunk: readonly Receipt[];
  readonly path: MerkleListProof;
}

export function proveReceipt(receipts: readonly Receipt[], index: number): ReceiptProof {
  const chunkIndex = Math.floor(index / RECEIPTS_PER_CHUNK);
  const start = chunkIndex * RECEIPTS_PER_CHUNK;
  return {
    index,
    chunk: receipts.slice(start, start + RECEIPTS_PER_CHUNK),
    path: merkleListProof(chunkLeaves(encodeReceipts(receipts)), chunkIndex),
  };
}

/** True when `receipt` is the index-th receipt under `root`. */
export function verifyReceiptProof(
  root: Uint8Array,
  receipt: Receipt,
  proof: ReceiptProof,
): boolean {
  if (proof.chunk.length === 0 || proof.chunk.length > RECEIPTS_PER_CHUNK) return false;
  const position = proof.index - proof.path.index * RECEIPTS_PER_CHUNK;
  if (position < 0 || position >= proof.chunk.length) return false;
  // Only the last chunk may be short.
  if (proof.chunk.length < RECEIPTS_PER_CHUNK && proof.path.index !== proof.path.count - 1)
    return false;
  const claimed = proof.chunk[position]!;
  if (
    claimed.hash !== receipt.hash ||
    claimed.code !== receipt.code ||
    claimed.operationIndex !== receipt.operationIndex
  ) {
    return false;
  }
  const computed = merkleListRootFromProof(merkleLeafHash(encodeReceipts(proof.chunk)), proof.path);
  return computed !== undefined && equalBytes(computed, root);
}
