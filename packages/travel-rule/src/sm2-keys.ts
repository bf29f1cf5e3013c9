/**
 * SM2 keys (GB/T 32918, the curve of GM/T 0003) for the national-algorithms suite. A public key
 * is the 33-byte compressed point (02 or 03 ‖ x, GB/T 32918.1 §4.2.9), a private key the 32-byte
 * big-endian scalar d with 1 ≤ d ≤ n − 2 (GB/T 32918.1 §6.1, so the same key could also sign).
 * Their text form is unpadded base64url, like the X25519 keys (44 and 43 characters).
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { sm2 } from "sm-crypto-v2";
import { base64urlDecode, base64urlEncode } from "./base64url.ts";
import { TravelRuleError } from "./errors.ts";
import type { TravelRuleKeyPair } from "./keys.ts";

export const SM2_PUBLIC_KEY_BYTES = 33;
export const SM2_PRIVATE_KEY_BYTES = 32;

/** The order n of the SM2 curve's base point. */
const SM2_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** A new key pair from the platform's cryptographic random source. */
export function generateSm2TravelRuleKeyPair(): TravelRuleKeyPair {
  for (;;) {
    const { privateKey, publicKey } = sm2.generateKeyPairHex();
    // The library draws d in [1, n − 1]; d = n − 1 (odds 2⁻²⁵⁶) is outside the standard's range.
    if (BigInt(`0x${privateKey}`) <= SM2_ORDER - 2n) {
      // The library's [d]G, compressed: deriving it again would cost a second scalar multiple.
      return {
        privateKey: hexToBytes(privateKey.padStart(64, "0")),
        publicKey: hexToBytes(sm2.compressPublicKeyHex(publicKey)),
      };
    }
  }
}

/** The compressed public key of a private key. Throws TravelRuleError "invalid_key". */
export function sm2TravelRulePublicKey(privateKey: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey, "private key");
  const uncompressed = sm2.getPublicKeyFromPrivateKey(bytesToHex(privateKey));
  return hexToBytes(sm2.compressPublicKeyHex(uncompressed));
}

/** Whether the bytes are a compressed point on the SM2 curve (never the point at infinity). */
export function isSm2PublicKey(key: Uint8Array): boolean {
  if (!(key instanceof Uint8Array) || key.length !== SM2_PUBLIC_KEY_BYTES) return false;
  if (key[0] !== 0x02 && key[0] !== 0x03) return false;
  try {
    return sm2.verifyPublicKey(bytesToHex(key)); // decompresses: throws when x is off the curve
  } catch {
    return false;
  }
}

/** Text of a public (33-byte) or private (32-byte) SM2 key. */
export function encodeSm2Key(key: Uint8Array): string {
  if (
    !(key instanceof Uint8Array) ||
    (key.length !== SM2_PUBLIC_KEY_BYTES && key.length !== SM2_PRIVATE_KEY_BYTES)
  ) {
    throw new TravelRuleError("invalid_key", "SM2 key: expected 33 (public) or 32 (private) bytes");
  }
  return base64urlEncode(key);
}

/** Parses and checks a public key's text. Throws TravelRuleError "invalid_key". */
export function decodeSm2PublicKey(text: string, title = "key"): Uint8Array {
  const bytes = typeof text === "string" ? base64urlDecode(text) : undefined;
  if (bytes === undefined || bytes.length !== SM2_PUBLIC_KEY_BYTES) {
    throw new TravelRuleError(
      "invalid_key",
      `${title}: expected 44 characters of unpadded base64url (33 bytes of compressed SM2 public key)`,
    );
  }
  if (!isSm2PublicKey(bytes)) {
    throw new TravelRuleError("invalid_key", `${title}: not a point on the SM2 curve`);
  }
  return bytes;
}

/** Parses and checks a private key's text. Throws TravelRuleError "invalid_key". */
export function decodeSm2PrivateKey(text: string, title = "key"): Uint8Array {
  const bytes = typeof text === "string" ? base64urlDecode(text) : undefined;
  if (bytes === undefined || bytes.length !== SM2_PRIVATE_KEY_BYTES) {
    throw new TravelRuleError(
      "invalid_key",
      `${title}: expected 43 characters of unpadded base64url (32 bytes of SM2 private key)`,
    );
  }
  checkPrivateKey(bytes, title);
  return bytes;
}

function checkPrivateKey(key: Uint8Array, title: string): void {
  if (!(key instanceof Uint8Array) || key.length !== SM2_PRIVATE_KEY_BYTES) {
    throw new TravelRuleError("invalid_key", `${title}: expected ${SM2_PRIVATE_KEY_BYTES} bytes`);
  }
  const d = BigInt(`0x${bytesToHex(key)}`);
  if (d < 1n || d > SM2_ORDER - 2n) {
    throw new TravelRuleError("invalid_key", `${title}: not an SM2 private key (1 ≤ d ≤ n − 2)`);
  }
}
