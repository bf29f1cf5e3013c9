/**
 * The proof a key gives when it asks an institution's desk to open an account for it: the key's
 * signature, under the chain id and purpose "open-account" (codec's signingMessage, like every
 * signature of the protocol), over
 *
 *   UTF-8( keyType ":" publicKeyHex ":" institution )      e.g. "ed25519:9f…2a:hk-emoney"
 *
 * It shows that whoever asks holds the private key — so nobody can have accounts opened (and, on
 * a devnet, funded) for keys that are not theirs — and that the key is a valid point of its curve.
 * Naming the institution keeps one desk's proof from being replayed at another. The text form
 * needs no codec, so any client can build it; each part has one spelling (lower-case hex).
 */
export const OPEN_ACCOUNT_PROOF_PURPOSE = "open-account";

export interface OpenAccountProofInput {
  readonly keyType: "ed25519" | "p256";
  /** The raw public key as lower-case hex. */
  readonly publicKey: string;
  /** The desk's institution id, from GET /v1/desk. */
  readonly institution: string;
}

/** The payload the proof signs (see the file comment). */
export function openAccountProofPayload(input: OpenAccountProofInput): Uint8Array {
  const { keyType, publicKey, institution } = input;
  if (keyType !== "ed25519" && keyType !== "p256") {
    throw new RangeError(`keyType: "${String(keyType)}" is not "ed25519" or "p256"`);
  }
  if (typeof publicKey !== "string" || !/^(?:[0-9a-f]{2})+$/.test(publicKey)) {
    throw new RangeError("publicKey: expected lower-case hex");
  }
  if (typeof institution !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(institution)) {
    throw new RangeError(`institution: "${String(institution)}" is not an institution id`);
  }
  return new TextEncoder().encode(`${keyType}:${publicKey}:${institution}`);
}
