/**
 * Wrapping the content key for one recipient, ECIES-style: a one-time X25519 key pair per
 * recipient, the shared secret stretched by HKDF-SHA-256 into a key-encryption key and nonce,
 * and AES-256-GCM over the content key. The wrap's additional data names the payment, the data
 * hash and the recipient, so an entry cannot be moved to another envelope or institution.
 *
 *   Z          = X25519(ephemeralPrivate, recipientPublic)           (never all zero)
 *   kek ‖ iv   = HKDF-SHA-256(ikm = Z, salt = ephemeralPublic ‖ recipientPublic,
 *                             info = "tongbao/travel-rule/v1/wrap", 44 bytes)
 *   wrappedKey = AES-256-GCM(kek, iv, contentKey, aad = canonicalJson(wrap context))
 *
 * The nonce may come from the KDF because each kek is used exactly once: it depends on a fresh
 * ephemeral key.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Hash, InstitutionId } from "@tongbao/types";
import { AES_KEY_BYTES, GCM_NONCE_BYTES, aesGcmDecrypt, aesGcmEncrypt } from "./aes-gcm.ts";
import { canonicalJson } from "./canonical-json.ts";

export const WRAP_INFO = "tongbao/travel-rule/v1/wrap";

const UTF8 = new TextEncoder();

/** What a wrapped key is bound to besides the two public keys. */
export interface WrapContext {
  readonly version: number;
  readonly suite: string;
  readonly chainId: string;
  readonly paymentId: string;
  readonly dataHash: Hash;
  readonly institution: InstitutionId;
}

export interface WrappedKey {
  readonly ephemeralKey: Uint8Array;
  readonly wrappedKey: Uint8Array;
}

/** Throws (noble's Error) when the recipient's key is of low order: the caller checks keys first. */
export async function wrapContentKey(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: WrapContext,
): Promise<WrappedKey> {
  const { secretKey, publicKey: ephemeralKey } = x25519.keygen();
  const shared = x25519.getSharedSecret(secretKey, recipientPublicKey);
  const { kek, iv } = deriveKek(shared, ephemeralKey, recipientPublicKey);
  const wrappedKey = await aesGcmEncrypt(kek, iv, contentKey, wrapAad(context));
  return { ephemeralKey, wrappedKey };
}

/** The content key, or undefined when the entry was not made for this key or was altered. */
export async function unwrapContentKey(
  entry: WrappedKey,
  privateKey: Uint8Array,
  context: WrapContext,
): Promise<Uint8Array | undefined> {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, entry.ephemeralKey);
  } catch {
    return undefined; // a low-order ephemeral key: no secret could have been agreed
  }
  const recipientPublicKey = x25519.getPublicKey(privateKey);
  const { kek, iv } = deriveKek(shared, entry.ephemeralKey, recipientPublicKey);
  const contentKey = await aesGcmDecrypt(kek, iv, entry.wrappedKey, wrapAad(context));
  return contentKey?.length === AES_KEY_BYTES ? contentKey : undefined;
}

function deriveKek(shared: Uint8Array, ephemeralKey: Uint8Array, recipientKey: Uint8Array) {
  const salt = new Uint8Array(ephemeralKey.length + recipientKey.length);
  salt.set(ephemeralKey, 0);
  salt.set(recipientKey, ephemeralKey.length);
  const okm = hkdf(sha256, shared, salt, UTF8.encode(WRAP_INFO), AES_KEY_BYTES + GCM_NONCE_BYTES);
  return { kek: okm.subarray(0, AES_KEY_BYTES), iv: okm.subarray(AES_KEY_BYTES) };
}

/** The wrap's additional data, shared by every suite (docs/spec/travel-rule.md §3 step 3). */
export function wrapAad(context: WrapContext): Uint8Array {
  const { version, suite, chainId, paymentId, dataHash, institution } = context;
  return UTF8.encode(canonicalJson({ version, suite, chainId, paymentId, dataHash, institution }));
}
