/**
 * The UETR (unique end-to-end transaction reference) of a payment: a UUID in version-4 form,
 * which SWIFT's cross-border guidelines expect in every pacs.008. Ours is derived from the
 * ledger transaction's hash, so one payment always has one UETR however often it is exported:
 *
 *   b    = first 16 bytes of H("tongbao/uetr", txHash)
 *   b[6] = 0x40 | (b[6] & 0x0f)          version 4
 *   b[8] = 0x80 | (b[8] & 0x3f)          RFC 4122 variant (10xx)
 *
 * Version 4 means "random"; a hash output is as unpredictable to everyone else as a random
 * draw, and the form is what receiving systems validate (version 8, "custom", would fail them).
 */
import { taggedHash } from "@tongbao/codec";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import { aHash } from "@tongbao/types";

export const UETR_HASH_TAG = "tongbao/uetr";
export const UETR_PATTERN = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;

/** The UETR of the transaction with this hash (64 lower-case hex characters). */
export function uetrFromTxHash(txHash: string): string {
  const bytes = taggedHash(UETR_HASH_TAG, hexToBytes(aHash(txHash, "txHash"))).slice(0, 16);
  bytes[6] = 0x40 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isUetr(value: unknown): value is string {
  return typeof value === "string" && UETR_PATTERN.test(value);
}
