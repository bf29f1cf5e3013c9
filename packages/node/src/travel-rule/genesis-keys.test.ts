// Goal: genesis travel-rule keys are optional per institution, and a bad one is refused with
// the entry that holds it and what is wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeX25519Key, generateTravelRuleKeyPair } from "@tongbao/travel-rule";
import { TravelRuleKeyError, travelRuleKeysOf } from "./genesis-keys.ts";

test("keys are read per institution; an institution may have none", () => {
  const pair = generateTravelRuleKeyPair();
  const keys = travelRuleKeysOf([
    { id: "hk-bank", travelRuleKey: encodeX25519Key(pair.publicKey) },
    { id: "ph-bank" },
  ]);
  assert.deepEqual([...keys.keys()], ["hk-bank"]);
  assert.deepEqual(keys.get("hk-bank"), pair.publicKey);
});

test("a malformed, low-order or repeated key is refused, naming its entry", () => {
  const text = encodeX25519Key(generateTravelRuleKeyPair().publicKey);
  assert.throws(
    () => travelRuleKeysOf([{ id: "a", travelRuleKey: "short" }]),
    (e: unknown) =>
      e instanceof TravelRuleKeyError &&
      /institutions\[0\]\.travelRuleKey: expected 43 characters/.test(e.message),
  );
  assert.throws(
    () => travelRuleKeysOf([{ id: "a", travelRuleKey: encodeX25519Key(new Uint8Array(32)) }]),
    /institutions\[0\]\.travelRuleKey: not a usable X25519 public key/,
  );
  assert.throws(
    () =>
      travelRuleKeysOf([
        { id: "a", travelRuleKey: text },
        { id: "b", travelRuleKey: text },
      ]),
    /institutions\[1\]\.travelRuleKey: another institution has the same key/,
  );
});
