/**
 * The hash a payment carries on the ledger in place of the travel-rule data. It commits to the
 * data with a random salt: the data is low in entropy (names, account numbers), and a bare hash
 * on a ledger every member reads would let any member confirm a guess about who paid whom. The
 * salt travels only inside the encrypted envelope, so only recipients can recompute the hash.
 *
 *   dataHash = H("tongbao/travel-rule", salt(32) ‖ UTF-8(canonicalJson(data)))
 */
import { bytesToHex } from "@tongbao/std";
import { taggedHash } from "@tongbao/codec";
import type { Hash } from "@tongbao/types";
import { randomBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "./canonical-json.ts";
import { TravelRuleError } from "./errors.ts";
import { DATA_BYTES_MAX } from "./limits.ts";
import type { TravelRuleData } from "./model.ts";
import { validateTravelRuleData } from "./validate.ts";

export const TRAVEL_RULE_HASH_TAG = "tongbao/travel-rule";
export const SALT_BYTES = 32;

const UTF8 = new TextEncoder();

/** A fresh salt from the platform's cryptographic random source. */
export function newTravelRuleSalt(): Uint8Array {
  return randomBytes(SALT_BYTES);
}

/**
 * The canonical text of valid data: keys sorted, no whitespace, one spelling per value.
 * Throws TravelRuleError "invalid_data" (with every problem) for data that fails validation.
 */
export function canonicalTravelRuleData(data: TravelRuleData): string {
  const result = validateTravelRuleData(data);
  if (!result.ok) {
    throw new TravelRuleError(
      "invalid_data",
      "travel-rule data is not valid; see details.problems",
      {
        problems: result.problems,
      },
    );
  }
  const text = canonicalJson(result.value);
  const bytes = UTF8.encode(text).length;
  if (bytes > DATA_BYTES_MAX) {
    throw new TravelRuleError(
      "invalid_data",
      `travel-rule data is ${bytes} bytes in canonical form; at most ${DATA_BYTES_MAX}`,
    );
  }
  return text;
}

/** The commitment of valid data under a salt: 32 bytes as lower-case hex. */
export function travelRuleHash(data: TravelRuleData, salt: Uint8Array): Hash {
  return commitmentHash(committedBytes(salt, UTF8.encode(canonicalTravelRuleData(data))));
}

/** salt ‖ canonical bytes: what is hashed, and also what is encrypted. */
export function committedBytes(salt: Uint8Array, canonical: Uint8Array): Uint8Array {
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_BYTES) {
    throw new TravelRuleError("invalid_data", `salt: expected ${SALT_BYTES} bytes`);
  }
  const out = new Uint8Array(SALT_BYTES + canonical.length);
  out.set(salt, 0);
  out.set(canonical, SALT_BYTES);
  return out;
}

export function commitmentHash(committed: Uint8Array): Hash {
  return bytesToHex(taggedHash(TRAVEL_RULE_HASH_TAG, committed)) as Hash;
}
