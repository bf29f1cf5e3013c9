/**
 * Domain separation for consensus signatures: votes and proposals are signed through the codec's
 * `signingMessage`, the same framing the crypto package uses for every purpose, so a signature
 * made for one chain or purpose can never be replayed as another (docs/spec/encoding.md).
 */
import { signingMessage, CHAIN_ID_BYTES_MAX as CODEC_CHAIN_ID_BYTES_MAX } from "@tongbao/codec";
import { assert } from "@tongbao/std";
import { CHAIN_ID_BYTES_MAX } from "./limits.ts";

export type SigningPurpose = "vote" | "proposal";

/** The 32 bytes a validator signs for a vote or proposal. */
export function signingBytes(
  chainId: string,
  purpose: SigningPurpose,
  payload: Uint8Array,
): Uint8Array {
  return signingMessage({ chainId, purpose, payload });
}

const CHAIN_ID = /^[A-Za-z0-9._-]+$/;

/**
 * Boundary validator for chain ids given in configuration: the signing domain's character set
 * (A–Z a–z 0–9 . _ -), so that the id's length in characters is its length in bytes.
 */
export function aChainId(value: unknown, title = "chainId"): string {
  if (typeof value !== "string") throw new TypeError(`${title}: expected a string`);
  if (value.length === 0 || value.length > CHAIN_ID_BYTES_MAX || !CHAIN_ID.test(value)) {
    throw new RangeError(
      `${title}: "${value}" must be 1–${CHAIN_ID_BYTES_MAX} characters of A–Z, a–z, 0–9, ".", "_" and "-", e.g. "tongbao-hk-1"`,
    );
  }
  return value;
}

// The two bounds must agree, or a chain id accepted here could be refused when signing.
assert(CHAIN_ID_BYTES_MAX === CODEC_CHAIN_ID_BYTES_MAX, "chain id bounds disagree");
