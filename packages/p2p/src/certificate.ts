/**
 * The TLS certificate of a validator: self-signed with its Ed25519 node key, made at start-up.
 *
 * No CA signs it and nobody checks its chain, names or dates: peers pin the public key inside it
 * to the keys listed in genesis, and TLS 1.3's CertificateVerify proves the peer holds the
 * matching private key. So the certificate is only an envelope OpenSSL needs to carry the key,
 * and it is built here as a fixed DER structure (RFC 5280 with RFC 8410's Ed25519 identifiers):
 * version 3, serial 1, subject = issuer = "CN=tongbao-node-<key prefix>", validity 1970 to
 * 9999-12-31 (RFC 5280 §4.1.2.5: "no well-defined expiration date"), no extensions. It is a pure
 * function of the key — no clock, no randomness — and every certificate made is parsed back by
 * OpenSSL (node:crypto's X509Certificate) and its signature and key checked before use.
 *
 * ADR 0005 records why this is not a library: the maintained X.509 generators either lack
 * Ed25519 or need a process-wide Reflect polyfill and dependency-injection container.
 */
import { X509Certificate, createPrivateKey, sign } from "node:crypto";
import { assert, bytesToHex, concatBytes, equalBytes } from "@tongbao/std";
import { KeyType, keyPairFromPrivateKey, type KeyPair } from "@tongbao/crypto";

export const NODE_PUBLIC_KEY_BYTES = 32;

/** PEM texts for node:tls's `cert` and `key` options. The key is secret: never log it. */
export interface NodeCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The raw Ed25519 public key inside the certificate. */
  readonly publicKey: Uint8Array;
}

// DER object identifiers, content bytes only.
const OID_ED25519 = Uint8Array.of(0x2b, 0x65, 0x70); // 1.3.101.112 (RFC 8410)
const OID_COMMON_NAME = Uint8Array.of(0x55, 0x04, 0x03); // 2.5.4.3

/**
 * Makes the TLS certificate for an Ed25519 node key.
 * @throws RangeError if the key is not Ed25519 (P-256 keys are for accounts, not nodes).
 */
export function createNodeCertificate(nodeKey: KeyPair): NodeCertificate {
  if (nodeKey.type !== KeyType.Ed25519) {
    throw new RangeError("node key: validator links need an Ed25519 node key, not P-256");
  }
  const derived = keyPairFromPrivateKey(nodeKey.privateKey);
  assert(equalBytes(derived.publicKey, nodeKey.publicKey), "node key: public key mismatch");
  const privateKey = createPrivateKey({
    key: Buffer.from(nodeKey.privateKey),
    format: "der",
    type: "pkcs8",
  });

  const algorithm = sequence(tlv(0x06, OID_ED25519));
  const name = sequence(
    set(
      sequence(
        tlv(0x06, OID_COMMON_NAME),
        tlv(0x0c, ascii(`tongbao-node-${bytesToHex(nodeKey.publicKey.subarray(0, 8))}`)),
      ),
    ),
  );
  const validity = sequence(
    tlv(0x17, ascii("700101000000Z")), // UTCTime, 1970-01-01
    tlv(0x18, ascii("99991231235959Z")), // GeneralizedTime, the RFC 5280 "no expiry" value
  );
  const subjectPublicKeyInfo = sequence(algorithm, bitString(nodeKey.publicKey));
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Uint8Array.of(2))), // [0] EXPLICIT version: v3
    tlv(0x02, Uint8Array.of(1)), // serial number
    algorithm,
    name, // issuer
    validity,
    name, // subject
    subjectPublicKeyInfo,
  );
  const signature = new Uint8Array(sign(null, tbs, privateKey));
  const der = sequence(tbs, algorithm, bitString(signature));

  const certPem = pem("CERTIFICATE", der);
  // Pair assertion: what we built must be what OpenSSL reads, or TLS would carry another key.
  const parsed = new X509Certificate(certPem);
  assert(parsed.verify(parsed.publicKey), "node certificate: self-signature does not verify");
  const carried = publicKeyOfCertificate(parsed);
  assert(carried !== null && equalBytes(carried, nodeKey.publicKey), "node certificate: key");
  return {
    certPem,
    keyPem: pem("PRIVATE KEY", nodeKey.privateKey),
    publicKey: nodeKey.publicKey,
  };
}

/** The raw Ed25519 key a peer's certificate carries, or null for any other kind of key. */
export function publicKeyOfCertificate(certificate: X509Certificate): Uint8Array | null {
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== "ed25519") return null;
  const jwk = key.export({ format: "jwk" });
  if (typeof jwk.x !== "string") return null;
  const raw = new Uint8Array(Buffer.from(jwk.x, "base64url"));
  return raw.length === NODE_PUBLIC_KEY_BYTES ? raw : null;
}

// ---- DER (X.690) ----

function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concatBytes(...contents);
  return concatBytes(Uint8Array.of(tag), derLength(body.length), body);
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function sequence(...items: Uint8Array[]): Uint8Array {
  return tlv(0x30, ...items);
}

function set(...items: Uint8Array[]): Uint8Array {
  return tlv(0x31, ...items);
}

/** A BIT STRING whose bits are whole bytes (no unused bits). */
function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(0x03, Uint8Array.of(0), bytes);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function pem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
