/**
 * X25519 keys of the institutions and the regulator that receive travel-rule data. Keys are raw
 * 32-byte strings (RFC 7748); their text form is unpadded base64url — the same text as the "x"
 * (public) and "d" (private) members of a JWK, so WebCrypto and node:crypto import them as
 * `{ kty: "OKP", crv: "X25519", x, d }`.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { base64urlDecode, base64urlEncode } from "./base64url.ts";
import { TravelRuleError } from "./errors.ts";

export const X25519_KEY_BYTES = 32;

export interface TravelRuleKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A new key pair from the platform's cryptographic random source. */
export function generateTravelRuleKeyPair(): TravelRuleKeyPair {
  const { secretKey, publicKey } = x25519.keygen();
  return { privateKey: secretKey, publicKey };
}

/** The public key of a private key. Throws TravelRuleError "invalid_key". */
export function travelRulePublicKey(privateKey: Uint8Array): Uint8Array {
  checkLength(privateKey, "private key");
  return x25519.getPublicKey(privateKey);
}

export function encodeX25519Key(key: Uint8Array): string {
  checkLength(key, "key");
  return base64urlEncode(key);
}

/** Parses the base64url text of a 32-byte key. Throws TravelRuleError "invalid_key". */
export function decodeX25519Key(text: string, title = "key"): Uint8Array {
  const bytes = typeof text === "string" ? base64urlDecode(text) : undefined;
  if (bytes === undefined || bytes.length !== X25519_KEY_BYTES) {
    throw new TravelRuleError(
      "invalid_key",
      `${title}: expected 43 characters of unpadded base64url (32 bytes of X25519 key)`,
    );
  }
  return bytes;
}

function checkLength(key: Uint8Array, title: string): void {
  if (!(key instanceof Uint8Array) || key.length !== X25519_KEY_BYTES) {
    throw new TravelRuleError("invalid_key", `${title}: expected ${X25519_KEY_BYTES} bytes`);
  }
}
