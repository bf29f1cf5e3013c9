/**
 * A Signer over a secret key held in memory, signing with the audited pure-JS @noble/curves:
 * what a browser wallet uses, where node:crypto does not exist. About 850 Ed25519 signatures a
 * second (performance.md) — far more than a person pays.
 *
 * The secret key is 32 bytes for both schemes: the Ed25519 seed (RFC 8032), or the P-256 scalar.
 * noble's Ed25519 is deterministic and byte-identical to node:crypto's; its P-256 signs
 * SHA-256(message) and returns the low-S r ‖ s the ledger requires (crypto's interop tests).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { KeyType, signingMessage, type SigningInput } from "@tongbao/codec";
import type { Signer } from "../signer.ts";

/** Bytes of a secret key for either scheme. */
export const SECRET_KEY_BYTES = 32;

/** A new random secret key (from the platform's CSPRNG, through noble). */
export function generateSecretKey(type: KeyType = KeyType.Ed25519): Uint8Array {
  return type === KeyType.P256 ? p256.utils.randomSecretKey() : ed25519.utils.randomSecretKey();
}

/**
 * @example
 * const secretKey = generateSecretKey();          // keep it: it is the account
 * const signer = nobleSigner(secretKey);
 * await pay(client, { signer, to, amount: "12.50", currency: "HKD" });
 * @throws TypeError when secretKey is not a Uint8Array, RangeError when it is not a valid key.
 */
export function nobleSigner(secretKey: Uint8Array, type: KeyType = KeyType.Ed25519): Signer {
  if (!(secretKey instanceof Uint8Array)) throw new TypeError("secretKey: expected a Uint8Array");
  if (secretKey.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`secretKey: expected ${SECRET_KEY_BYTES} bytes, got ${secretKey.length}`);
  }
  if (type !== KeyType.Ed25519 && type !== KeyType.P256) {
    throw new RangeError(`type: ${String(type)} is not KeyType.Ed25519 (1) or KeyType.P256 (2)`);
  }
  // A copy, so the caller may wipe or reuse its buffer.
  const secret = secretKey.slice();
  let publicKey: Uint8Array;
  try {
    publicKey =
      type === KeyType.P256 ? p256.getPublicKey(secret, true) : ed25519.getPublicKey(secret);
  } catch (error) {
    throw new RangeError(`secretKey: not a valid key (${(error as Error).message})`);
  }
  return {
    type,
    publicKey,
    async sign(input: SigningInput): Promise<Uint8Array> {
      const message = signingMessage(input);
      return type === KeyType.P256 ? p256.sign(message, secret) : ed25519.sign(message, secret);
    },
  };
}
