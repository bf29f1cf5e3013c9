/**
 * Wrapping the content key for one recipient in the national-algorithms suite: the X25519 wrap
 * of wrap.ts with each primitive replaced by its SM counterpart, as RFC 8998 does for TLS 1.3.
 *
 *   Z          = x-coordinate of [e]R, 32 bytes (SM2 curve ECDH, e fresh per recipient)
 *   kek ‖ iv   = HKDF-SM3(ikm = Z, salt = E ‖ R, info = "tongbao/travel-rule/v1/sm-wrap", 28 bytes)
 *   wrappedKey = SM4-GCM(kek, iv, contentKey, aad = canonicalJson(wrap context))
 *
 * E and R are 33-byte compressed points. As in wrap.ts the nonce may come from the KDF because
 * each kek encrypts exactly once. Why HKDF-SM3 and not the KDF of GM/T 0003: docs/adr/0012.
 */
import { hkdf, sm2 } from "sm-crypto-v2";
import { GCM_NONCE_BYTES } from "./aes-gcm.ts";
import { generateSm2TravelRuleKeyPair, sm2TravelRulePublicKey } from "./sm2-keys.ts";
import { SM4_KEY_BYTES, sm4GcmDecrypt, sm4GcmEncrypt } from "./sm4-gcm.ts";
import { wrapAad, type WrapContext, type WrappedKey } from "./wrap.ts";

export const SM_WRAP_INFO = "tongbao/travel-rule/v1/sm-wrap";

const UTF8 = new TextEncoder();

/** The caller has checked the recipient's key (isSm2PublicKey). */
export function wrapContentKeySm(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  context: WrapContext,
): WrappedKey {
  const { privateKey, publicKey: ephemeralKey } = generateSm2TravelRuleKeyPair();
  const shared = sharedX(privateKey, recipientPublicKey);
  const { kek, iv } = deriveKek(shared, ephemeralKey, recipientPublicKey);
  return { ephemeralKey, wrappedKey: sm4GcmEncrypt(kek, iv, contentKey, wrapAad(context)) };
}

/** The content key, or undefined when the entry was not made for this key or was altered. */
export function unwrapContentKeySm(
  entry: WrappedKey,
  privateKey: Uint8Array,
  context: WrapContext,
): Uint8Array | undefined {
  let shared: Uint8Array;
  try {
    shared = sharedX(privateKey, entry.ephemeralKey);
  } catch {
    return undefined; // an ephemeral key that is not on the curve: no secret was agreed
  }
  const recipientPublicKey = sm2TravelRulePublicKey(privateKey);
  const { kek, iv } = deriveKek(shared, entry.ephemeralKey, recipientPublicKey);
  const contentKey = sm4GcmDecrypt(kek, iv, entry.wrappedKey, wrapAad(context));
  return contentKey?.length === SM4_KEY_BYTES ? contentKey : undefined;
}

/**
 * [d]P's x-coordinate. The library validates P (on the curve; the cofactor is 1, so every such
 * point has prime order and [d]P is never the point at infinity) and throws otherwise.
 */
export function sharedX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const point = sm2.ecdh(privateKey, publicKey, true);
  return point.slice(1); // drop the 02/03 prefix of the compressed point
}

function deriveKek(shared: Uint8Array, ephemeralKey: Uint8Array, recipientKey: Uint8Array) {
  const salt = new Uint8Array(ephemeralKey.length + recipientKey.length);
  salt.set(ephemeralKey, 0);
  salt.set(recipientKey, ephemeralKey.length);
  const okm = hkdf(shared, salt, UTF8.encode(SM_WRAP_INFO), SM4_KEY_BYTES + GCM_NONCE_BYTES);
  return { kek: okm.subarray(0, SM4_KEY_BYTES), iv: okm.subarray(SM4_KEY_BYTES) };
}
