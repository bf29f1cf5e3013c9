/**
 * The consensus engine's key ports on node:crypto. Consensus hands over the 32-byte signing
 * message (its own domain-separated hash, see consensus `signingBytes`), so these sign and
 * verify those bytes as they are, with Ed25519 node keys.
 */
import { sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import type { Signer, Verifier, VerifyRequest } from "@tongbao/consensus";
import { KeyType, privateKeyObject, publicKeyObject, type KeyPair } from "@tongbao/crypto";
import { assert, bytesToHex } from "@tongbao/std";

/** The validator's signer: handed to the safety module only, which alone decides what to sign. */
export function nodeSigner(nodeKey: KeyPair): Signer {
  assert(nodeKey.type === KeyType.Ed25519, "validator node keys are Ed25519");
  const keyObject = privateKeyObject(nodeKey.privateKey);
  return {
    publicKey: nodeKey.publicKey,
    keyType: "ed25519",
    sign: (message) => new Uint8Array(nodeSign(null, message, keyObject)),
  };
}

/**
 * Verifies validators' Ed25519 signatures. The validator set is small and fixed, so every key
 * is parsed once and kept (parsing costs about as much as a verification).
 */
export class ValidatorSignatureVerifier implements Verifier {
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(private readonly keysMax = 1024) {}

  verify(request: VerifyRequest): boolean {
    if (request.keyType !== undefined && request.keyType !== "ed25519") return false;
    if (request.publicKey.length !== 32 || request.signature.length !== 64) return false;
    const key = this.key(request.publicKey);
    if (key === null) return false;
    try {
      return nodeVerify(null, request.message, key, request.signature);
    } catch {
      return false;
    }
  }

  private key(publicKey: Uint8Array): KeyObject | null {
    const id = bytesToHex(publicKey);
    let key = this.keys.get(id);
    if (key !== undefined) return key;
    try {
      key = publicKeyObject(KeyType.Ed25519, publicKey);
    } catch {
      key = null;
    }
    // Keys come from the validator set, which is bounded; the guard keeps a bug from growing it.
    if (this.keys.size < this.keysMax) this.keys.set(id, key);
    return key;
  }
}
