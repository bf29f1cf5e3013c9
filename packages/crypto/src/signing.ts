/**
 * Signing with domain separation: what is signed is codec's `signingMessage` (chain id, purpose
 * and payload under one tagged hash; docs/spec/encoding.md). This module adds the keys.
 */
import { sign as nodeSign } from "node:crypto";
import {
  KeyType,
  signingMessage,
  CHAIN_ID_BYTES_MAX,
  PURPOSE_BYTES_MAX,
  PAYLOAD_BYTES_MAX,
  type SigningInput,
  type SigningPurpose,
} from "@tongbao/codec";
import { signingKeyFromPrivateKey, type SigningKey } from "./keys.ts";
import { normalizeP256Signature } from "./p256.ts";

export { signingMessage, CHAIN_ID_BYTES_MAX, PURPOSE_BYTES_MAX, PAYLOAD_BYTES_MAX };
export type { SigningInput, SigningPurpose };
export const SIGNATURE_BYTES = 64;

/**
 * Signs `input` and returns 64 bytes: Ed25519 (RFC 8032), or ECDSA P-256 with SHA-256 as r ‖ s
 * in low-S form. Pass a SigningKey (signingKeyFromPrivateKey) when signing more than once;
 * PKCS #8 bytes are parsed on every call.
 */
export function sign(privateKey: Uint8Array | SigningKey, input: SigningInput): Uint8Array {
  const key = privateKey instanceof Uint8Array ? signingKeyFromPrivateKey(privateKey) : privateKey;
  const message = signingMessage(input);
  if (key.type === KeyType.Ed25519) return new Uint8Array(nodeSign(null, message, key.keyObject));
  const signature = nodeSign("sha256", message, { key: key.keyObject, dsaEncoding: "ieee-p1363" });
  return normalizeP256Signature(new Uint8Array(signature));
}
