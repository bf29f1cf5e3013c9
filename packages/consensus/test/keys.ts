/**
 * Test keys: Ed25519 through node:crypto, derived from fixed seeds so that every run (and every
 * recorded simulator seed) sees the same validator set. Never for production keys.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { Signer, Verifier } from "../src/index.ts";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface TestKey extends Signer {
  readonly privateKey: KeyObject;
}

export function testKey(seedByte: number): TestKey {
  const seed = Buffer.alloc(32, seedByte);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  return {
    privateKey,
    publicKey,
    keyType: "ed25519",
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** Verifies Ed25519 signatures; anything malformed is simply invalid. */
export const ed25519Verifier: Verifier = {
  verify({ publicKey, message, signature }) {
    if (publicKey.length !== 32) return false;
    try {
      const key = createPublicKey({
        key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]),
        format: "der",
        type: "spki",
      });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};
