/**
 * Shared data for the Tongbao code tests: a fixed time, parameters of a static and a dynamic
 * code, and signers built on @noble/curves (what a browser wallet or institution would use).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { KeyType, signingMessage } from "@tongbao/codec";
import {
  attachSignature,
  decodeMpm,
  encodeMpm,
  signingPayload,
  type MpmObject,
  type QrResult,
  type TongbaoCodeParams,
} from "./index.ts";

export const CHAIN_ID = "tongbao-devnet-1";
/** 2026-01-01T00:00:00Z. */
export const NOW_MS = 1_767_225_600_000;
export const ACCOUNT = "1f".repeat(20);

export const STATIC_PARAMS: TongbaoCodeParams = {
  account: ACCOUNT,
  institution: "hk-emoney",
  merchantName: "TEA HOUSE",
  city: "HONG KONG",
  mcc: "5812",
  currency: "HKD",
};

export const DYNAMIC_PARAMS: TongbaoCodeParams = {
  ...STATIC_PARAMS,
  amount: "12.50",
  reference: "INV-2026-0001",
  nowMs: NOW_MS,
  expiresAtMs: NOW_MS + 15 * 60_000,
  alternateLanguage: { language: "ZH", name: "茶館" },
};

export interface TestSigner {
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** Deterministic keys, so a failure replays. */
export const ED25519_SIGNER: TestSigner = ((): TestSigner => {
  const secret = new Uint8Array(32).fill(7);
  return {
    keyType: KeyType.Ed25519,
    publicKey: ed25519.getPublicKey(secret),
    sign: (message) => ed25519.sign(message, secret),
  };
})();

export const P256_SIGNER: TestSigner = ((): TestSigner => {
  const secret = new Uint8Array(32).fill(9);
  return {
    keyType: KeyType.P256,
    publicKey: p256.getPublicKey(secret, true),
    sign: (message) => p256.sign(message, secret),
  };
})();

export function value<T>(result: QrResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Signs an unsigned code the way an institution does. */
export function sign(payload: string, signer: TestSigner, chainId = CHAIN_ID): string {
  const bytes = value(signingPayload(payload));
  const signature = signer.sign(signingMessage({ chainId, purpose: "qr", payload: bytes }));
  return value(attachSignature(payload, { keyType: signer.keyType, signature }));
}

/** The payload with `change` applied to its objects and a correct CRC: a forger's edit. */
export function reencoded(
  payload: string,
  change: (objects: readonly MpmObject[]) => MpmObject[],
): string {
  return value(encodeMpm(change(value(decodeMpm(payload, { mode: "strict" })).objects)));
}
