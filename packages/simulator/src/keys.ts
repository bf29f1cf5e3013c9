/**
 * Keys for simulated networks: every key is derived from its name, so a seed replays with the
 * same validator set and accounts on every machine, and consensus signatures in two schemes.
 *
 * - "ed25519": real Ed25519 through node:crypto, as the node will sign votes.
 * - "keyed-hash": a signature is taggedHash(secret ‖ message) and the verifier looks the secret
 *   up by public key. Not a signature scheme (anyone holding the registry can forge), but in a
 *   simulation every signer is ours, and it costs ~4 µs instead of ~200 µs, which is what lets
 *   the swarm run hundreds of seeds in a test run. Corrupted bytes fail it just as they fail
 *   Ed25519. Transactions are always signed with the crypto package.
 */
import {
  createPrivateKey,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from "node:crypto";
import { KeyType, taggedHash } from "@tongbao/codec";
import type { Signer, Verifier, VerifyRequest } from "@tongbao/consensus";
import {
  keyPairFromPrivateKey,
  publicKeyObject,
  signingKeyFromPrivateKey,
  type SigningKey,
} from "@tongbao/crypto";
import { bytesToHex, concatBytes, equalBytes } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";

export type SignatureScheme = "ed25519" | "keyed-hash";

const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const TEXT = new TextEncoder();

/** An Ed25519 key pair derived from a name; also the secret of its keyed-hash twin. */
export interface SimKey {
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly accountId: AccountId;
  /** For the crypto package's `sign` (transactions). */
  readonly signingKey: SigningKey;
  readonly privateKeyObject: KeyObject;
  /** The keyed-hash scheme's secret and public key. */
  readonly hashSecret: Uint8Array;
  readonly hashPublicKey: Uint8Array;
}

/**
 * Derives keys on first use and keeps them: deriving costs about a millisecond per key, and a
 * swarm reuses the same names across seeds. Owned by a caller (a test file, the CLI), never a
 * module global.
 */
export class KeyRing {
  private readonly keys = new Map<string, SimKey>();

  key(name: string): SimKey {
    const known = this.keys.get(name);
    if (known !== undefined) return known;
    const seed = taggedHash("tongbao/sim/key", TEXT.encode(name));
    const pkcs8 = concatBytes(PKCS8_ED25519_PREFIX, seed);
    const pair = keyPairFromPrivateKey(pkcs8);
    const hashSecret = taggedHash("tongbao/sim/secret", seed);
    const key: SimKey = {
      name,
      publicKey: pair.publicKey,
      accountId: pair.accountId,
      signingKey: signingKeyFromPrivateKey(pkcs8),
      privateKeyObject: createPrivateKey({
        key: Buffer.from(pkcs8),
        format: "der",
        type: "pkcs8",
      }),
      hashSecret,
      hashPublicKey: taggedHash("tongbao/sim/public", hashSecret),
    };
    this.keys.set(name, key);
    return key;
  }
}

/** The public key a validator is known by under `scheme`. */
export function consensusPublicKey(key: SimKey, scheme: SignatureScheme): Uint8Array {
  return scheme === "ed25519" ? key.publicKey : key.hashPublicKey;
}

/** A consensus Signer for `key` (only the safety module and Byzantine code get one). */
export function consensusSigner(key: SimKey, scheme: SignatureScheme): Signer {
  if (scheme === "ed25519") {
    return {
      publicKey: key.publicKey,
      keyType: "ed25519",
      sign: (message) => new Uint8Array(nodeSign(null, message, key.privateKeyObject)),
    };
  }
  return {
    publicKey: key.hashPublicKey,
    sign: (message) => keyedHash(key.hashSecret, message),
  };
}

function keyedHash(secret: Uint8Array, message: Uint8Array): Uint8Array {
  return taggedHash("tongbao/sim/signature", concatBytes(secret, message));
}

/**
 * A verifier for one node. Ed25519 keeps its own cache of parsed keys (nodes share nothing);
 * keyed-hash looks secrets up in the simulation's registry of validator keys.
 */
export function consensusVerifier(scheme: SignatureScheme, keys: readonly SimKey[]): Verifier {
  if (scheme === "ed25519") {
    const parsed = new Map<string, KeyObject | null>();
    return {
      verify({ publicKey, message, signature }: VerifyRequest): boolean {
        const id = bytesToHex(publicKey);
        let key = parsed.get(id);
        if (key === undefined) {
          try {
            key = publicKeyObject(KeyType.Ed25519, publicKey);
          } catch {
            key = null;
          }
          parsed.set(id, key);
        }
        if (key === null) return false;
        try {
          return nodeVerify(null, message, key, signature);
        } catch {
          return false;
        }
      },
    };
  }
  const secrets = new Map(keys.map((k) => [bytesToHex(k.hashPublicKey), k.hashSecret]));
  return {
    verify({ publicKey, message, signature }: VerifyRequest): boolean {
      const secret = secrets.get(bytesToHex(publicKey));
      return secret !== undefined && equalBytes(keyedHash(secret, message), signature);
    },
  };
}
