/**
 * SM4-GCM (GB/T 32907 block cipher in the GCM mode of NIST SP 800-38D, as RFC 8998 uses it)
 * through sm-crypto-v2, which is plain JavaScript and so runs in browsers and Node alike —
 * WebCrypto has no SM4. 128-bit keys, 12-byte nonces, 16-byte tags appended to the ciphertext,
 * the same shapes as aes-gcm.ts so the two suites read alike.
 */
import { sm4 } from "sm-crypto-v2";
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aes-gcm.ts";

export const SM4_KEY_BYTES = 16;

/** Wrong sizes are the caller's bug, not bad input: the library only passes its own keys here. */
function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== SM4_KEY_BYTES) throw new Error(`SM4 key: ${key.length} bytes, expected 16`);
  if (nonce.length !== GCM_NONCE_BYTES) {
    throw new Error(`SM4-GCM nonce: ${nonce.length} bytes, expected ${GCM_NONCE_BYTES}`);
  }
}

/** ciphertext ‖ tag. */
export function sm4GcmEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  additionalData: Uint8Array,
): Uint8Array {
  checkSizes(key, nonce);
  const { output, tag } = sm4.encrypt(plaintext, key, {
    mode: "gcm",
    iv: nonce,
    associatedData: additionalData,
    output: "array",
    outputTag: true,
  });
  const sealed = new Uint8Array(output.length + GCM_TAG_BYTES);
  sealed.set(output, 0);
  sealed.set(tag!, output.length);
  return sealed;
}

/** The plaintext, or undefined when the tag does not verify (wrong key or altered input). */
export function sm4GcmDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  additionalData: Uint8Array,
): Uint8Array | undefined {
  checkSizes(key, nonce);
  if (sealed.length < GCM_TAG_BYTES) return undefined;
  const ciphertext = sealed.subarray(0, sealed.length - GCM_TAG_BYTES);
  // The library checks the tag only when one is given: always give it, and exactly 16 bytes.
  const tag = sealed.slice(sealed.length - GCM_TAG_BYTES);
  try {
    return sm4.decrypt(ciphertext, key, {
      mode: "gcm",
      iv: nonce,
      associatedData: additionalData,
      tag,
      output: "array",
    });
  } catch {
    return undefined; // "authentication tag mismatch"
  }
}
