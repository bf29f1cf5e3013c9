/**
 * Account ids derived from public keys. This lives in the codec, not in crypto, because the
 * deterministic ledger must derive the same ids (for example when a transaction opens an account
 * for a key) and the ledger may not depend on the node-side crypto package. The derivation needs
 * only hashing and the key's bytes, never a curve operation.
 */
import { bytesToHex } from "@tongbao/std";
import { ACCOUNT_ID_BYTES, type AccountId } from "@tongbao/types";
import { taggedHash } from "./hash.ts";

/** Signature schemes, written as one byte wherever a key or signature is encoded. */
export const KeyType = {
  /** Ed25519 (RFC 8032): the default for wallets, validators and institutions. */
  Ed25519: 1,
  /** ECDSA over P-256 with SHA-256: what phone secure enclaves and passkeys sign with. */
  P256: 2,
} as const;
export type KeyType = (typeof KeyType)[keyof typeof KeyType];

/** Raw public key length per key type: Ed25519 32 bytes, P-256 33 bytes (compressed SEC1). */
export const PUBLIC_KEY_BYTES: Readonly<Record<KeyType, number>> = {
  [KeyType.Ed25519]: 32,
  [KeyType.P256]: 33,
};

const ACCOUNT_TAG = "tongbao/account";

export function isKeyType(value: unknown): value is KeyType {
  return value === KeyType.Ed25519 || value === KeyType.P256;
}

/**
 * Boundary validator for a raw public key: the length must match the key type and a compressed
 * P-256 point must start with 0x02 or 0x03. It does not check that the point is on the curve;
 * that happens when a signature is verified.
 */
export function aPublicKey(keyType: unknown, publicKey: unknown, title = "public key"): Uint8Array {
  if (!isKeyType(keyType)) {
    throw new RangeError(
      `${title}: unknown key type ${String(keyType)}; use 1 (ed25519) or 2 (p256)`,
    );
  }
  if (!(publicKey instanceof Uint8Array)) throw new TypeError(`${title}: expected a Uint8Array`);
  const expected = PUBLIC_KEY_BYTES[keyType];
  if (publicKey.length !== expected) {
    throw new RangeError(
      `${title}: expected ${expected} bytes for ${keyTypeName(keyType)}, got ${publicKey.length}`,
    );
  }
  if (keyType === KeyType.P256 && publicKey[0] !== 0x02 && publicKey[0] !== 0x03) {
    throw new RangeError(
      `${title}: a P-256 key must be a compressed SEC1 point starting with 02 or 03, got ${publicKey[0]}`,
    );
  }
  return publicKey;
}

export function keyTypeName(keyType: KeyType): "ed25519" | "p256" {
  return keyType === KeyType.Ed25519 ? "ed25519" : "p256";
}

/**
 * The account id of a key: the first 20 bytes of
 * taggedHash("tongbao/account", keyType ‖ publicKey), as lower-case hex. The key type is hashed
 * too, so the same bytes read as keys of two schemes name two different accounts.
 */
export function accountIdFromPublicKey(keyType: KeyType, publicKey: Uint8Array): AccountId {
  aPublicKey(keyType, publicKey);
  const input = new Uint8Array(1 + publicKey.length);
  input[0] = keyType;
  input.set(publicKey, 1);
  const digest = taggedHash(ACCOUNT_TAG, input);
  return bytesToHex(digest.subarray(0, ACCOUNT_ID_BYTES)) as AccountId;
}
