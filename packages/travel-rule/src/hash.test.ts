// Goal: the on-ledger hash commits to the data's value (not its key order) under a salt, and is
// H("tongbao/travel-rule", salt ‖ canonical JSON) as docs/spec/travel-rule.md states.
// Method: recompute it with node:crypto from the spec's formula; shuffle keys at every level
// (the hash stays); change the salt or one name (the hash changes); invalid data is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import {
  canonicalTravelRuleData,
  travelRuleHash,
  TravelRuleError,
  newTravelRuleSalt,
} from "./index.ts";
import { travelRuleDataArb } from "../test/arbitraries.ts";
import { mutable, sampleData } from "../test/fixtures.ts";

function specHash(salt: Uint8Array, canonical: string): string {
  const tag = Buffer.from("tongbao/travel-rule", "ascii");
  return createHash("sha256")
    .update(Buffer.from([tag.length]))
    .update(tag)
    .update(salt)
    .update(Buffer.from(canonical, "utf8"))
    .digest("hex");
}

function shuffled(value: unknown, rng: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, rng));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffled(v, rng)]));
}

test("the hash follows the spec's formula", () => {
  const salt = new Uint8Array(32).fill(7);
  const canonical = canonicalTravelRuleData(sampleData());
  assert.equal(travelRuleHash(sampleData(), salt), specHash(salt, canonical));
  assert.ok(canonical.startsWith('{"beneficiary":{"accountNumber":["a1b2'));
});

test("key order does not change the canonical text or the hash", () => {
  fc.assert(
    fc.property(
      travelRuleDataArb,
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.integer(),
      (data, salt, seed) => {
        let state = seed >>> 0;
        const rng = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        const reordered = shuffled(data, rng) as typeof data;
        assert.equal(canonicalTravelRuleData(reordered), canonicalTravelRuleData(data));
        assert.equal(travelRuleHash(reordered, salt), travelRuleHash(data, salt));
      },
    ),
  );
});

test("a different salt or a different name gives a different hash", () => {
  const salt = newTravelRuleSalt();
  const other = newTravelRuleSalt();
  assert.notEqual(travelRuleHash(sampleData(), salt), travelRuleHash(sampleData(), other));
  const renamed = mutable(sampleData());
  renamed.beneficiary.beneficiaryPersons[0].naturalPerson.name.nameIdentifier[0].primaryIdentifier =
    "SANTOZ";
  assert.notEqual(travelRuleHash(renamed, salt), travelRuleHash(sampleData(), salt));
});

test("invalid data and bad salts are refused, with every problem", () => {
  const data = mutable(sampleData());
  delete data.beneficiary;
  delete data.originatingInstitution;
  assert.throws(
    () => travelRuleHash(data, new Uint8Array(32)),
    (error: unknown) =>
      error instanceof TravelRuleError &&
      error.code === "invalid_data" &&
      error.details.problems?.length === 2,
  );
  assert.throws(() => travelRuleHash(sampleData(), new Uint8Array(31)), /salt: expected 32 bytes/);
});
