/**
 * A Signer holds a key somewhere — in memory on a server, in a browser's storage, in a phone's
 * secure enclave — and signs what the protocol asks it to. The SDK never needs the private key
 * itself: actions take a Signer, so the same code pays from Node (keySigner, node:crypto) and
 * from a browser (nobleSigner, @noble/curves) or, later, a passkey.
 *
 * What is signed is codec's `signingMessage(input)`: the chain id, the purpose and the payload
 * under one tagged hash (docs/spec/encoding.md), so a signature for one chain or one purpose
 * cannot be replayed as another. A signer is handed the whole input, not just the 32 bytes, so
 * a hardware signer can show the person what it is about to sign.
 */
import type { KeyType, SigningInput } from "@tongbao/codec";

export interface Signer {
  /** The signature scheme: KeyType.Ed25519 or KeyType.P256. */
  readonly type: KeyType;
  /** Raw public key: 32 bytes for Ed25519, 33 bytes compressed SEC1 for P-256. */
  readonly publicKey: Uint8Array;
  /**
   * Signs `signingMessage(input)`: 64 bytes, Ed25519 (RFC 8032) or ECDSA P-256 over SHA-256 as
   * r ‖ s in low-S form. Asynchronous, because keys held outside the process answer later.
   */
  sign(input: SigningInput): Promise<Uint8Array>;
}

/** True for an object with a Signer's shape (used to tell a Signer from raw key bytes). */
export function isSigner(value: unknown): value is Signer {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Signer>;
  return (
    typeof candidate.type === "number" &&
    candidate.publicKey instanceof Uint8Array &&
    typeof candidate.sign === "function"
  );
}
