/**
 * Each institution's travel-rule public key, from its genesis entry (`travelRuleKey`: 43
 * characters of unpadded base64url, an X25519 key). Senders encrypt travel-rule data to these
 * keys (GET /v1/institutions serves them), and a node accepts an envelope only when each entry
 * names its institution's key. An institution without one cannot receive travel-rule data.
 *
 * The key is not part of the ledger's state or the genesis hash: it is off-chain metadata that
 * every member reads from the same genesis file.
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { TravelRuleError, decodeX25519Key } from "@tongbao/travel-rule";

export class TravelRuleKeyError extends Error {
  override name = "TravelRuleKeyError";
}

/** institution id → 32-byte X25519 public key. Throws TravelRuleKeyError naming the entry. */
export function travelRuleKeysOf(
  institutions: readonly unknown[] | undefined,
): ReadonlyMap<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  (institutions ?? []).forEach((entry, i) => {
    const { id, travelRuleKey } = (entry ?? {}) as { id?: unknown; travelRuleKey?: unknown };
    if (travelRuleKey === undefined) return;
    const where = `genesis ledger.institutions[${i}].travelRuleKey`;
    let key: Uint8Array;
    try {
      key = decodeX25519Key(travelRuleKey as string, where);
    } catch (error) {
      if (error instanceof TravelRuleError) throw new TravelRuleKeyError(error.message);
      throw error;
    }
    if (!usable(key)) {
      throw new TravelRuleKeyError(`${where}: not a usable X25519 public key (low order)`);
    }
    if (seen.has(travelRuleKey as string)) {
      throw new TravelRuleKeyError(`${where}: another institution has the same key`);
    }
    seen.add(travelRuleKey as string);
    keys.set(String(id), key);
  });
  return keys;
}

/** A key of low order agrees the same all-zero secret with everyone: refuse it. */
function usable(publicKey: Uint8Array): boolean {
  try {
    x25519.getSharedSecret(x25519.utils.randomSecretKey(), publicKey);
    return true;
  } catch {
    return false;
  }
}
