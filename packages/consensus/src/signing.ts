/**
 * Domain separation for consensus signatures. A signature made for one chain or one purpose can
 * never be replayed as another: the signed bytes name both before the payload. The crypto
 * package will provide the same framing for every purpose; this local copy keeps consensus free
 * of that dependency until it lands (docs/spec/consensus.md, "Signatures").
 */
import { Writer } from "@tongbao/codec";
import { CHAIN_ID_BYTES_MAX } from "./limits.ts";

export type SigningPurpose = "vote" | "proposal";

const SIGNING_FRAME_VERSION = 1;
/** Purposes are short fixed names; the bound only keeps the frame canonical. */
const PURPOSE_BYTES_MAX = 32;

/** u8 version ‖ u32 len ‖ chainId ‖ u32 len ‖ purpose ‖ payload. */
export function signingBytes(
  chainId: string,
  purpose: SigningPurpose,
  payload: Uint8Array,
): Uint8Array {
  return new Writer(payload.length + chainId.length + 48)
    .u8(SIGNING_FRAME_VERSION)
    .string(chainId, CHAIN_ID_BYTES_MAX)
    .string(purpose, PURPOSE_BYTES_MAX)
    .raw(payload)
    .finish();
}

const CHAIN_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Boundary validator for chain ids given in configuration: lower-case ASCII letters, digits and
 * "-", so that the id's length in characters is its length in bytes.
 */
export function aChainId(value: unknown, title = "chainId"): string {
  if (typeof value !== "string") throw new TypeError(`${title}: expected a string`);
  if (value.length > CHAIN_ID_BYTES_MAX || !CHAIN_ID.test(value)) {
    throw new RangeError(
      `${title}: "${value}" must be 1–${CHAIN_ID_BYTES_MAX} characters of a–z, 0–9 and "-", e.g. "tongbao-hk-1"`,
    );
  }
  return value;
}
