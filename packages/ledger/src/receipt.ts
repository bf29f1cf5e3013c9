/**
 * Receipts: the outcome of each transaction in a block. The block's receipts root is a Merkle
 * list root over receipt leaves, and each leaf names the transaction hash, so one proof shows
 * both that a transaction is in a block and what its result was.
 *
 *   receipt leaf = hash 32 | code u16 | operationIndex u8 (255: no operation at fault)
 */
import { Writer, Reader, decodeAll, merkleLeafHash } from "@tongbao/codec";
import { bytesToHex, hexToBytes } from "@tongbao/std";
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

export function receiptLeafHash(receipt: Receipt): Uint8Array {
  return merkleLeafHash(encodeReceipt(receipt));
}

/** PERF: the same leaf from the hash bytes the transaction already carries (no hex parsing). */
export function receiptLeafHashOf(
  hashBytes: Uint8Array,
  code: ResultCode,
  operationIndex: number,
): Uint8Array {
  return merkleLeafHash(
    new Writer(35).fixed(hashBytes, HASH_BYTES).u16(code).u8(operationIndex).finish(),
  );
}
