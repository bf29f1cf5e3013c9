/**
 * A Signer over a private key held by this Node process (PKCS #8 bytes from a key file, or a
 * SigningKey parsed from them), signing through node:crypto: servers, the CLI, tests. Not for
 * browsers — they use nobleSigner.
 */
import { sign, signingKeyFromPrivateKey, type SigningKey } from "@tongbao/crypto";
import type { SigningInput } from "@tongbao/codec";
import type { Signer } from "../signer.ts";

/**
 * @example
 * const key = await loadKeyFile("keys/alice.json");
 * await pay(client, { signer: keySigner(key.privateKey), to, amount: "12.50", currency: "HKD" });
 */
export function keySigner(key: Uint8Array | SigningKey): Signer {
  const parsed = key instanceof Uint8Array ? signingKeyFromPrivateKey(key) : key;
  return {
    type: parsed.type,
    publicKey: parsed.publicKey,
    async sign(input: SigningInput): Promise<Uint8Array> {
      return sign(parsed, input);
    },
  };
}
