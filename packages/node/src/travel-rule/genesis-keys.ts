/**
 * Each institution's travel-rule public keys, from its genesis entry: `travelRuleKey` (43
 * characters of unpadded base64url, an X25519 key) and, optionally, `travelRuleSm2Key` (44
 * characters, a compressed SM2 key for the national-algorithms suite). Senders encrypt
 * travel-rule data to these keys (GET /v1/institutions serves them), and a node accepts an
 * envelope only when each entry names its institution's key of the envelope's suite. An
 * institution without a key of a suite cannot receive envelopes of that suite.
 *
 * The keys are not part of the ledger's state, but the genesis hash covers them
 * (runtime/genesis.ts): every member reads them from the same genesis file.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { TravelRuleError, decodeSm2PublicKey, decodeX25519Key } from "@tongbao/travel-rule";

export class TravelRuleKeyError extends Error {
  override name = "TravelRuleKeyError";
}

/** institution id → 32-byte X25519 public key. Throws TravelRuleKeyError naming the entry. */
export function travelRuleKeysOf(
  institutions: readonly unknown[] | undefined,
): ReadonlyMap<string, Uint8Array> {
  return keysOf(institutions, "travelRuleKey", (text, where) => {
    const key = decodeX25519Key(text, where);
    if (!usableX25519(key)) {
      throw new TravelRuleKeyError(`${where}: not a usable X25519 public key (low order)`);
    }
    return key;
  });
}

/** institution id → 33-byte compressed SM2 public key. Throws TravelRuleKeyError naming the entry. */
export function travelRuleSm2KeysOf(
  institutions: readonly unknown[] | undefined,
): ReadonlyMap<string, Uint8Array> {
  return keysOf(institutions, "travelRuleSm2Key", decodeSm2PublicKey);
}

function keysOf(
  institutions: readonly unknown[] | undefined,
  field: "travelRuleKey" | "travelRuleSm2Key",
  decode: (text: string, where: string) => Uint8Array,
): ReadonlyMap<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  (institutions ?? []).forEach((entry, i) => {
    const { id } = (entry ?? {}) as { id?: unknown };
    const text = ((entry ?? {}) as Record<string, unknown>)[field];
    if (text === undefined) return;
    const where = `genesis ledger.institutions[${i}].${field}`;
    let key: Uint8Array;
    try {
      key = decode(text as string, where);
    } catch (error) {
      if (error instanceof TravelRuleError) throw new TravelRuleKeyError(error.message);
      throw error;
    }
    if (seen.has(text as string)) {
      throw new TravelRuleKeyError(`${where}: another institution has the same key`);
    }
    seen.add(text as string);
    keys.set(String(id), key);
  });
  return keys;
}

/** A key of low order agrees the same all-zero secret with everyone: refuse it. */
function usableX25519(publicKey: Uint8Array): boolean {
  try {
    x25519.getSharedSecret(x25519.utils.randomSecretKey(), publicKey);
    return true;
  } catch {
    return false;
  }
}
