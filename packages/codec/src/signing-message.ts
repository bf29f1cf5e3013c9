/**
 * The message a key signs, with domain separation. A key never signs raw payload bytes: it signs
 *
 *   taggedHash("tongbao/sign", string(chainId) ‖ string(purpose) ‖ payload)
 *
 * where string() is the codec's u32 length prefix and ASCII bytes. The chain id keeps a
 * signature made for a test network from being replayed on production; the purpose keeps a
 * validator's vote from being read as a transaction, or a QR payment request as a vote, even if
 * two payload encodings happened to share bytes. Both are length-prefixed, so no choice of
 * chain id and purpose can run into the other or into the payload. (docs/spec/encoding.md)
 *
 * It lives in the codec (pure hashing) so that deterministic packages — consensus — frame their
 * signatures exactly as the crypto package does, without depending on node:crypto.
 */
import { sha256 } from "./hash.ts";

const SIGN_TAG = "tongbao/sign";
/** len(tag) ‖ tag: the tagged-hash prefix (codec's taggedHash), computed once. */
const SIGN_PREFIX = Uint8Array.of(SIGN_TAG.length, ...new TextEncoder().encode(SIGN_TAG));
export const CHAIN_ID_BYTES_MAX = 64;
export const PURPOSE_BYTES_MAX = 32;
/** Large things (blocks) are signed through their hash; a signed payload stays small. */
export const PAYLOAD_BYTES_MAX = 1 << 20;

const CHAIN_ID = new RegExp(`^[A-Za-z0-9._-]{1,${CHAIN_ID_BYTES_MAX}}$`);
const PURPOSE = new RegExp(`^[a-z0-9][a-z0-9/-]{0,${PURPOSE_BYTES_MAX - 1}}$`);

/** Purposes in use; others may be added as the protocol grows, spelled the same way. */
export type SigningPurpose = "tx" | "vote" | "proposal" | "qr" | (string & {});

export interface SigningInput {
  /** The network's name, e.g. "tongbao-devnet-1": 1–64 of A–Z a–z 0–9 . _ - */
  readonly chainId: string;
  /** What the signature is for: 1–32 of a–z 0–9 - / */
  readonly purpose: SigningPurpose;
  /** The canonical encoding of the signed object, at most PAYLOAD_BYTES_MAX bytes. */
  readonly payload: Uint8Array;
}

/** The 32 bytes a key actually signs. Throws TypeError/RangeError for malformed input. */
export function signingMessage(input: SigningInput): Uint8Array {
  const { chainId, purpose, payload } = input;
  if (typeof chainId !== "string" || !CHAIN_ID.test(chainId)) {
    throw new RangeError(
      `chain id: "${String(chainId)}" must be 1–64 characters of A–Z, a–z, 0–9, ".", "_", "-"`,
    );
  }
  if (typeof purpose !== "string" || !PURPOSE.test(purpose)) {
    throw new RangeError(
      `purpose: "${String(purpose)}" must be 1–32 characters of a–z, 0–9, "-", "/" such as "tx"`,
    );
  }
  if (!(payload instanceof Uint8Array)) throw new TypeError("payload: expected a Uint8Array");
  if (payload.length > PAYLOAD_BYTES_MAX) {
    throw new RangeError(
      `payload: ${payload.length} bytes exceeds ${PAYLOAD_BYTES_MAX}; sign a hash of large objects`,
    );
  }
  // PERF: this is taggedHash(SIGN_TAG, string(chainId) ‖ string(purpose) ‖ payload) built in one
  // buffer and hashed once; every verification pays for it, so it avoids the Writer's copies.
  // Both strings passed the checks above, so they are ASCII: one byte per character.
  const hashed = new Uint8Array(
    SIGN_PREFIX.length + 4 + chainId.length + 4 + purpose.length + payload.length,
  );
  hashed.set(SIGN_PREFIX, 0);
  let offset = putAscii(hashed, SIGN_PREFIX.length, chainId);
  offset = putAscii(hashed, offset, purpose);
  hashed.set(payload, offset);
  return sha256(hashed);
}

/** Writes a u32 big-endian length and the characters of an ASCII string; returns the new offset. */
function putAscii(out: Uint8Array, offset: number, text: string): number {
  out[offset] = text.length >>> 24;
  out[offset + 1] = (text.length >>> 16) & 0xff;
  out[offset + 2] = (text.length >>> 8) & 0xff;
  out[offset + 3] = text.length & 0xff;
  for (let i = 0; i < text.length; i++) out[offset + 4 + i] = text.charCodeAt(i);
  return offset + 4 + text.length;
}
