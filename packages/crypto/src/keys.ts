/**
 * Key pairs and the conversion between node:crypto KeyObjects and the raw bytes the protocol
 * carries. On the wire a public key is raw (Ed25519: 32 bytes, P-256: 33-byte compressed SEC1)
 * because that is the smallest form and the one browsers and secure enclaves export; OpenSSL
 * wants DER, so the DER wrapper is added here and nowhere else.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { assert, equalBytes, hexToBytes } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import { KeyType, PUBLIC_KEY_BYTES, accountIdFromPublicKey, aPublicKey } from "@tongbao/codec";

export interface KeyPair {
  readonly type: KeyType;
  /** Raw public key: 32 bytes for Ed25519, 33 bytes compressed SEC1 for P-256. */
  readonly publicKey: Uint8Array;
  /** PKCS #8 DER. Secret: never log it, never send it. */
  readonly privateKey: Uint8Array;
  readonly accountId: AccountId;
}

/** A private key parsed once for repeated signing; parsing costs about as much as signing. */
export interface SigningKey {
  readonly type: KeyType;
  readonly keyObject: KeyObject;
  readonly publicKey: Uint8Array;
}

// SubjectPublicKeyInfo headers (RFC 8410 for Ed25519, RFC 5480 for P-256) that precede the raw key.
const ED25519_SPKI_PREFIX = hexToBytes("302a300506032b6570032100");
/** PKCS #8 header (RFC 8410) of an Ed25519 private key: the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = hexToBytes("302e020100300506032b657004220420");
const P256_COMPRESSED_SPKI_PREFIX = hexToBytes(
  "3039301306072a8648ce3d020106082a8648ce3d030107032200",
);
const P256_UNCOMPRESSED_SPKI_PREFIX = hexToBytes(
  "3059301306072a8648ce3d020106082a8648ce3d030107034200",
);

export function generateKeyPair(type: KeyType = KeyType.Ed25519): KeyPair {
  const { privateKey } =
    type === KeyType.Ed25519
      ? generateKeyPairSync("ed25519")
      : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return keyPairFromKeyObject(privateKey);
}

/** Rebuilds a key pair from a PKCS #8 private key; the type is read from the key itself. */
export function keyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  return keyPairFromKeyObject(privateKeyObject(privateKey));
}

export function signingKeyFromPrivateKey(privateKey: Uint8Array): SigningKey {
  const keyObject = privateKeyObject(privateKey);
  const type = keyTypeOf(keyObject);
  return { type, keyObject, publicKey: rawPublicKey(type, createPublicKey(keyObject)) };
}

/**
 * A signing key for a key pair whose public key is at hand (a wallet's keys, a load generator's
 * accounts). Throws RangeError when the private key's own public key is not the one given.
 *
 * PERF: an Ed25519 key in the usual 48-byte PKCS #8 form is imported as a JWK from its seed and
 * public key: about 250 µs with the check, against about 750 µs through OpenSSL's generic DER
 * decoders (signingKeyFromPrivateKey). A JWK needs the public key, which only the pair has.
 * Anything else takes the DER path.
 */
export function signingKeyFromKeyPair(
  keyPair: Pick<KeyPair, "type" | "publicKey" | "privateKey">,
): SigningKey {
  const { privateKey, publicKey } = keyPair;
  let key: SigningKey;
  if (
    keyPair.type === KeyType.Ed25519 &&
    privateKey.length === ED25519_PKCS8_PREFIX.length + 32 &&
    startsWith(privateKey, ED25519_PKCS8_PREFIX) &&
    publicKey.length === 32
  ) {
    const base64url = (bytes: Uint8Array) =>
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");
    let keyObject: KeyObject;
    try {
      const jwk = {
        kty: "OKP",
        crv: "Ed25519",
        d: base64url(privateKey.subarray(ED25519_PKCS8_PREFIX.length)),
        x: base64url(publicKey),
      };
      keyObject = createPrivateKey({ key: jwk, format: "jwk" });
    } catch (error) {
      throw new RangeError(`private key: not an Ed25519 key (${(error as Error).message})`);
    }
    // OpenSSL derives the public key from the seed: compare it with the one given.
    const derived = rawPublicKey(KeyType.Ed25519, createPublicKey(keyObject));
    key = { type: KeyType.Ed25519, keyObject, publicKey: derived };
  } else {
    key = signingKeyFromPrivateKey(privateKey);
  }
  if (key.type !== keyPair.type || !equalBytes(key.publicKey, publicKey)) {
    throw new RangeError("private key: it does not belong to the public key of its pair");
  }
  return key;
}

function keyPairFromKeyObject(keyObject: KeyObject): KeyPair {
  const type = keyTypeOf(keyObject);
  const publicKey = rawPublicKey(type, createPublicKey(keyObject));
  const der = keyObject.export({ format: "der", type: "pkcs8" });
  return {
    type,
    publicKey,
    privateKey: new Uint8Array(der.buffer, der.byteOffset, der.byteLength),
    accountId: accountIdFromPublicKey(type, publicKey),
  };
}

/** Parses PKCS #8 DER; throws RangeError for anything that is not an Ed25519 or P-256 key. */
export function privateKeyObject(privateKey: Uint8Array): KeyObject {
  if (!(privateKey instanceof Uint8Array))
    throw new TypeError("private key: expected PKCS #8 DER bytes");
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
  } catch (error) {
    throw new RangeError(`private key: not a PKCS #8 DER key (${(error as Error).message})`);
  }
  keyTypeOf(keyObject);
  return keyObject;
}

export function keyTypeOf(keyObject: KeyObject): KeyType {
  if (keyObject.asymmetricKeyType === "ed25519") return KeyType.Ed25519;
  if (
    keyObject.asymmetricKeyType === "ec" &&
    keyObject.asymmetricKeyDetails?.namedCurve === "prime256v1"
  ) {
    return KeyType.P256;
  }
  const details = keyObject.asymmetricKeyDetails?.namedCurve ?? "";
  throw new RangeError(
    `unsupported key ${keyObject.asymmetricKeyType ?? "?"} ${details}: use ed25519 or P-256`.trim(),
  );
}

/** The raw wire form of a public KeyObject. */
function rawPublicKey(type: KeyType, keyObject: KeyObject): Uint8Array {
  const spki = new Uint8Array(keyObject.export({ format: "der", type: "spki" }));
  if (type === KeyType.Ed25519) {
    assert(startsWith(spki, ED25519_SPKI_PREFIX) && spki.length === 44, "unexpected Ed25519 SPKI");
    return spki.slice(ED25519_SPKI_PREFIX.length);
  }
  // OpenSSL exports the uncompressed point 04 ‖ x ‖ y; the wire form is (02|03 by y's parity) ‖ x.
  assert(
    startsWith(spki, P256_UNCOMPRESSED_SPKI_PREFIX) && spki.length === 91 && spki[26] === 4,
    "unexpected P-256 SPKI",
  );
  const compressed = new Uint8Array(33);
  compressed[0] = 0x02 | (spki[90]! & 1);
  compressed.set(spki.subarray(27, 59), 1);
  return compressed;
}

/**
 * A public KeyObject from the raw wire form. Throws RangeError for a key of the wrong length or,
 * for P-256, for bytes that are not a point on the curve (OpenSSL refuses to decompress them).
 */
export function publicKeyObject(type: KeyType, publicKey: Uint8Array): KeyObject {
  aPublicKey(type, publicKey);
  // PERF: OpenSSL 3 imports a raw Ed25519 key given as a JWK about ten times faster than the
  // same key wrapped in DER (its DER path runs the generic decoder machinery): 8–13 µs against
  // 110–150 µs here, the same KeyObject either way. A JWK of P-256 needs both coordinates, so
  // a compressed P-256 key still goes through DER.
  try {
    if (type === KeyType.Ed25519) {
      const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length);
      const jwk = { kty: "OKP", crv: "Ed25519", x: x.toString("base64url") };
      return createPublicKey({ key: jwk, format: "jwk" });
    }
    const der = Buffer.alloc(P256_COMPRESSED_SPKI_PREFIX.length + PUBLIC_KEY_BYTES[type]);
    der.set(P256_COMPRESSED_SPKI_PREFIX, 0);
    der.set(publicKey, P256_COMPRESSED_SPKI_PREFIX.length);
    return createPublicKey({ key: der, format: "der", type: "spki" });
  } catch (error) {
    throw new RangeError(`public key: not a valid point (${(error as Error).message})`);
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && equalBytes(bytes.subarray(0, prefix.length), prefix);
}
