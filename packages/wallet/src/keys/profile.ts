/**
 * A profile is one key held by this browser and the account it names. The secret key never
 * leaves the browser: the wallet signs here, and the institution's desk is sent only the public
 * key and a proof (docs/spec/api.md). See ../../README.md for why IndexedDB.
 */
import { accountIdFromPublicKey, KeyType } from "@tongbao/codec";
import { nobleSigner, type Signer } from "@tongbao/client/browser";
import { bytesToHex } from "@tongbao/std";

export interface Profile {
  /** The account id derived from the key: the profile's identity. */
  readonly accountId: string;
  readonly keyType: "ed25519" | "p256";
  /** 32 bytes: the Ed25519 seed or the P-256 scalar. Never sent anywhere. */
  readonly secretKey: Uint8Array;
  readonly publicKey: string;
  /** What the person calls this account, e.g. "Everyday" or "Tea house till". */
  readonly label: string;
  readonly createdAt: string;
}

export function keyTypeOf(profile: Pick<Profile, "keyType">): KeyType {
  return profile.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519;
}

/** A profile for a secret key (new or imported). @throws RangeError for a key that is not one. */
export function profileOf(
  secretKey: Uint8Array,
  label: string,
  keyType: Profile["keyType"] = "ed25519",
): Profile {
  const signer = nobleSigner(secretKey, keyType === "p256" ? KeyType.P256 : KeyType.Ed25519);
  return {
    accountId: accountIdFromPublicKey(signer.type, signer.publicKey),
    keyType,
    secretKey: secretKey.slice(),
    publicKey: bytesToHex(signer.publicKey),
    label: label.trim() === "" ? "My account" : label.trim().slice(0, 40),
    createdAt: new Date().toISOString(),
  };
}

export function signerOf(profile: Profile): Signer {
  return nobleSigner(profile.secretKey, keyTypeOf(profile));
}
