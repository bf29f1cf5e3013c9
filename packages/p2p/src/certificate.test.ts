// Goal: the self-signed certificate carries exactly the node key, in a form OpenSSL reads, and
// is a pure function of the key; keys of the wrong type are refused.
// Method: parse with node:crypto's X509Certificate (OpenSSL) and check fields, self-signature
// and key; make it twice; try a P-256 key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { bytesToHex } from "@tongbao/std";
import { KeyType, generateKeyPair } from "@tongbao/crypto";
import { createNodeCertificate, publicKeyOfCertificate } from "./certificate.ts";

test("OpenSSL reads the certificate: self-signed, Ed25519, carrying the node key", () => {
  const key = generateKeyPair();
  const { certPem, keyPem, publicKey } = createNodeCertificate(key);
  const certificate = new X509Certificate(certPem);
  const name = `CN=tongbao-node-${bytesToHex(key.publicKey.subarray(0, 8))}`;
  assert.equal(certificate.subject, name);
  assert.equal(certificate.issuer, name);
  assert.equal(certificate.serialNumber, "01");
  assert.ok(certificate.verify(certificate.publicKey));
  assert.ok(certificate.checkIssued(certificate));
  assert.equal(certificate.publicKey.asymmetricKeyType, "ed25519");
  assert.deepEqual(publicKeyOfCertificate(certificate), key.publicKey);
  assert.deepEqual(publicKey, key.publicKey);
  assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(new Date(certificate.validTo).getUTCFullYear(), 9999);
});

test("the certificate is a pure function of the key", () => {
  const key = generateKeyPair();
  assert.equal(createNodeCertificate(key).certPem, createNodeCertificate(key).certPem);
  assert.notEqual(
    createNodeCertificate(key).certPem,
    createNodeCertificate(generateKeyPair()).certPem,
  );
});

test("a P-256 key cannot be a node key", () => {
  assert.throws(() => createNodeCertificate(generateKeyPair(KeyType.P256)), RangeError);
});
