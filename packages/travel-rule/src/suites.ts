/**
 * The envelope's cipher suites (docs/spec/travel-rule.md §3 and §6): what differs between them —
 * the key agreement, KDF and AEAD, and so the sizes of keys and wrapped keys. Everything else
 * (fields, additional data, checks, error codes) is the envelope's and the same for all.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { AES_KEY_BYTES, GCM_TAG_BYTES, aesGcmDecrypt, aesGcmEncrypt } from "./aes-gcm.ts";
import { X25519_KEY_BYTES, travelRulePublicKey } from "./keys.ts";
import { unwrapContentKey, wrapContentKey, type WrapContext, type WrappedKey } from "./wrap.ts";

/** X25519 key agreement, HKDF-SHA-256, AES-256-GCM for the key wraps and the content. */
export const X25519_SUITE = "x25519-hkdf-sha256-aes256gcm";
/** SM2 key agreement, HKDF-SM3, SM4-GCM: the Chinese national algorithms (GB/T 32918, 32905, 32907). */
export const SM_SUITE = "sm2-hkdf-sm3-sm4gcm";
export type TravelRuleSuite = typeof X25519_SUITE | typeof SM_SUITE;
export const TRAVEL_RULE_SUITES: readonly TravelRuleSuite[] = [X25519_SUITE, SM_SUITE];

export interface CipherSuite {
  readonly name: TravelRuleSuite;
  /** For messages: "X25519" or "SM2". */
  readonly keyKind: string;
  readonly publicKeyBytes: number;
  readonly contentKeyBytes: number;
  /** The wrapped content key with its tag. */
  readonly wrappedKeyBytes: number;
  /** The right size and usable for key agreement (X25519: not of low order; SM2: on the curve). */
  isUsablePublicKey(key: Uint8Array): Promise<boolean>;
  /** Throws TravelRuleError "invalid_key". */
  publicKeyOf(privateKey: Uint8Array): Promise<Uint8Array>;
  wrap(contentKey: Uint8Array, recipientKey: Uint8Array, context: WrapContext): Promise<WrappedKey>;
  /** undefined when the entry was not made for this key or was altered. */
  unwrap(
    entry: WrappedKey,
    privateKey: Uint8Array,
    context: WrapContext,
  ): Promise<Uint8Array | undefined>;
  seal(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Promise<Uint8Array>;
  /** undefined when the tag does not verify. */
  open(
    key: Uint8Array,
    nonce: Uint8Array,
    sealed: Uint8Array,
    aad: Uint8Array,
  ): Promise<Uint8Array | undefined>;
}

const X25519_CIPHERS: CipherSuite = {
  name: X25519_SUITE,
  keyKind: "X25519",
  publicKeyBytes: X25519_KEY_BYTES,
  contentKeyBytes: AES_KEY_BYTES,
  wrappedKeyBytes: AES_KEY_BYTES + GCM_TAG_BYTES,
  isUsablePublicKey: async (key) => {
    if (!(key instanceof Uint8Array) || key.length !== X25519_KEY_BYTES) return false;
    try {
      // A key of low order would agree the same all-zero secret with everyone.
      x25519.getSharedSecret(x25519.utils.randomSecretKey(), key);
      return true;
    } catch {
      return false;
    }
  },
  publicKeyOf: async (privateKey) => travelRulePublicKey(privateKey),
  wrap: wrapContentKey,
  unwrap: unwrapContentKey,
  seal: aesGcmEncrypt,
  open: aesGcmDecrypt,
};

/** Sizes of the SM suite, here so that knowing them does not load the SM code. */
const SM2_PUBLIC_KEY_BYTES = 33;
const SM4_KEY_BYTES = 16;

/**
 * PERF: the SM code (sm-crypto-v2 with its own curve and hash copies) is imported on first use,
 * so a browser bundle that only ever seals with X25519 does not carry it.
 */
const loadSm = () => import("./sm-suite-impl.ts");

const SM_CIPHERS: CipherSuite = {
  name: SM_SUITE,
  keyKind: "SM2",
  publicKeyBytes: SM2_PUBLIC_KEY_BYTES,
  contentKeyBytes: SM4_KEY_BYTES,
  wrappedKeyBytes: SM4_KEY_BYTES + GCM_TAG_BYTES,
  isUsablePublicKey: async (key) => (await loadSm()).isSm2PublicKey(key),
  publicKeyOf: async (privateKey) => (await loadSm()).sm2TravelRulePublicKey(privateKey),
  wrap: async (contentKey, recipientKey, context) =>
    (await loadSm()).wrapContentKeySm(contentKey, recipientKey, context),
  unwrap: async (entry, privateKey, context) =>
    (await loadSm()).unwrapContentKeySm(entry, privateKey, context),
  seal: async (key, nonce, plaintext, aad) =>
    (await loadSm()).sm4GcmEncrypt(key, nonce, plaintext, aad),
  open: async (key, nonce, sealed, aad) => (await loadSm()).sm4GcmDecrypt(key, nonce, sealed, aad),
};

/** The suite of that name, or undefined for a name this library does not implement. */
export function cipherSuite(name: unknown): CipherSuite | undefined {
  if (name === X25519_SUITE) return X25519_CIPHERS;
  if (name === SM_SUITE) return SM_CIPHERS;
  return undefined;
}
