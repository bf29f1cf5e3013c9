/**
 * AES-256-GCM through WebCrypto (globalThis.crypto.subtle), present in Node 20 and in browsers
 * — in browsers only on secure origins (https, localhost). Tags are 128 bits.
 */
export const AES_KEY_BYTES = 32;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

function subtle(): SubtleCrypto {
  const found = globalThis.crypto?.subtle;
  if (found === undefined) {
    // Neither bad input nor a key problem: the platform lacks what the library needs.
    throw new Error(
      "WebCrypto is unavailable here (globalThis.crypto.subtle); browsers offer it on https only",
    );
  }
  return found;
}

/** WebCrypto wants ArrayBuffer-backed views; a copy also detaches us from the caller's buffer. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

async function importKey(key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return subtle().importKey("raw", own(key), { name: "AES-GCM" }, false, [usage]);
}

export async function aesGcmEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  additionalData: Uint8Array,
): Promise<Uint8Array> {
  const cryptoKey = await importKey(key, "encrypt");
  const params = { name: "AES-GCM", iv: own(nonce), additionalData: own(additionalData) };
  return new Uint8Array(await subtle().encrypt(params, cryptoKey, own(plaintext)));
}

/** The plaintext, or undefined when the tag does not verify (wrong key or altered input). */
export async function aesGcmDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  additionalData: Uint8Array,
): Promise<Uint8Array | undefined> {
  const cryptoKey = await importKey(key, "decrypt");
  const params = { name: "AES-GCM", iv: own(nonce), additionalData: own(additionalData) };
  try {
    return new Uint8Array(await subtle().decrypt(params, cryptoKey, own(ciphertext)));
  } catch {
    return undefined;
  }
}
