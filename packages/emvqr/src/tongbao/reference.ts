/**
 * The ledger reference of a dynamic code: the 32-byte value its payment carries in the ledger's
 * transfer `reference` field, so the merchant can find the payment and the ledger can refuse a
 * second payment of the same code (it remembers a paid reference for 24 hours).
 *
 *   ledgerReference = taggedHash("tongbao/qr-reference", account (20 bytes) ‖ UTF-8(reference))
 *
 * The payee's account is hashed in, so two merchants that pick the same reference string never
 * collide; the account has a fixed length, so no two (account, reference) pairs share an input.
 */
import { taggedHash } from "@tongbao/codec";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import { aAccountId, type Hash } from "@tongbao/types";
import { QR_REFERENCE_TAG, REFERENCE_PATTERN } from "./layout.ts";

/** Throws TypeError/RangeError for an account that is not 40 lower-case hex digits or a
 * reference outside 1–25 of A–Z a–z 0–9 . _ - (both come from a decoded code or the caller). */
export function ledgerReference(account: string, reference: string): Hash {
  const accountBytes = hexToBytes(aAccountId(account));
  if (typeof reference !== "string" || !REFERENCE_PATTERN.test(reference)) {
    throw new RangeError(
      `reference: ${JSON.stringify(reference)} must be 1–25 of A–Z, a–z, 0–9, ".", "_", "-"`,
    );
  }
  const referenceBytes = new TextEncoder().encode(reference);
  const input = new Uint8Array(accountBytes.length + referenceBytes.length);
  input.set(accountBytes, 0);
  input.set(referenceBytes, accountBytes.length);
  return bytesToHex(taggedHash(QR_REFERENCE_TAG, input)) as Hash;
}
