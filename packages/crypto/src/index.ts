export {
  KeyType,
  PUBLIC_KEY_BYTES,
  isKeyType,
  keyTypeName,
  accountIdFromPublicKey,
} from "@tongbao/codec";
export {
  type KeyPair,
  type SigningKey,
  generateKeyPair,
  keyPairFromPrivateKey,
  signingKeyFromPrivateKey,
  signingKeyFromKeyPair,
  privateKeyObject,
  publicKeyObject,
  keyTypeOf,
} from "./keys.ts";
export {
  type SigningInput,
  type SigningPurpose,
  CHAIN_ID_BYTES_MAX,
  PURPOSE_BYTES_MAX,
  PAYLOAD_BYTES_MAX,
  SIGNATURE_BYTES,
  signingMessage,
  sign,
} from "./signing.ts";
export {
  type VerifyItem,
  type VerifierOptions,
  VERIFIER_CACHE_ENTRIES_DEFAULT,
  Verifier,
  verify,
  verifyBatch,
} from "./verifier.ts";
export { P256_SIGNATURE_BYTES, isCanonicalP256Signature, normalizeP256Signature } from "./p256.ts";
export {
  type SaveKeyFileOptions,
  KEY_FILE_VERSION,
  KEY_FILE_BYTES_MAX,
  KeyFileError,
  saveKeyFile,
  loadKeyFile,
} from "./key-file.ts";
export {
  VerifierPool,
  VERIFIER_POOL_SLICE_ITEMS_MAX,
  VERIFIER_POOL_IN_FLIGHT_SLICES,
  VERIFIER_POOL_CACHE_ENTRIES_DEFAULT,
  VERIFIER_POOL_THREADS_MAX,
  workerForKey,
  type KeyCacheStats,
  type VerifierPoolOptions,
} from "./verifier-pool.ts";
