/**
 * ECDSA P-256 signatures in their one accepted form: 64 bytes r ‖ s (IEEE P1363), each a
 * big-endian 32-byte integer in 1..n-1, with s ≤ n/2 ("low S").
 *
 * Why low S: if (r, s) is valid then so is (r, n - s). Anyone who sees a transaction could flip
 * s and rebroadcast it; where a signature is hashed with what it signs (a transaction id, a
 * block's transaction root) the flipped copy has another hash for the same payment. Requiring
 * s ≤ n/2 leaves one valid signature per (message, nonce), so only the signer can make another.
 */
import { compareBytes, hexToBytes } from "@tongbao/std";

/** The order n of the P-256 group (FIPS 186-4, D.1.2.3). */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const N_BYTES = hexToBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const HALF_N_BYTES = hexToBytes("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8");
const ZERO_32 = new Uint8Array(32);

export const P256_SIGNATURE_BYTES = 64;

/** True for a 64-byte r ‖ s with 1 ≤ r < n and 1 ≤ s ≤ n/2: the only form that verifies. */
export function isCanonicalP256Signature(signature: Uint8Array): boolean {
  if (signature.length !== P256_SIGNATURE_BYTES) return false;
  const r = signature.subarray(0, 32);
  const s = signature.subarray(32, 64);
  if (compareBytes(r, ZERO_32) === 0 || compareBytes(r, N_BYTES) >= 0) return false;
  return compareBytes(s, ZERO_32) !== 0 && compareBytes(s, HALF_N_BYTES) <= 0;
}

/**
 * Returns the low-S form of a 64-byte r ‖ s signature (a copy; unchanged if already low). For
 * signatures made elsewhere: WebCrypto and passkeys return either form.
 */
export function normalizeP256Signature(signature: Uint8Array): Uint8Array {
  if (signature.length !== P256_SIGNATURE_BYTES) {
    throw new RangeError(`P-256 signature: expected 64 bytes r ‖ s, got ${signature.length}`);
  }
  const out = signature.slice();
  const s = out.subarray(32, 64);
  if (compareBytes(s, HALF_N_BYTES) <= 0) return out;
  let value = N - bytesToBigint(s);
  for (let i = 31; i >= 0; i--) {
    s[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
