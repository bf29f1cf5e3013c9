// Goal: genesis travel-rule keys (X25519 and SM2) are optional per institution, and a bad one is refused with
// the entry that holds it and what is wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  encodeSm2Key,
  encodeX25519Key,
  generateSm2TravelRuleKeyPair,
  generateTravelRuleKeyPair,
} from "@tongbao/travel-rule";
import { TravelRuleKeyError, travelRuleKeysOf, travelRuleSm2KeysOf } from "./genesis-keys.ts";

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

test("SM2 keys are read beside the X25519 ones; a bad or repeated one is refused", () => {
  const x = generateTravelRuleKeyPair();
  const sm = generateSm2TravelRuleKeyPair();
  const entries = [
    {
      id: "hk-bank",
      travelRuleKey: encodeX25519Key(x.publicKey),
      travelRuleSm2Key: encodeSm2Key(sm.publicKey),
    },
    { id: "ph-bank", travelRuleKey: encodeX25519Key(generateTravelRuleKeyPair().publicKey) },
  ];
  assert.deepEqual([...travelRuleKeysOf(entries).keys()], ["hk-bank", "ph-bank"]);
  const smKeys = travelRuleSm2KeysOf(entries);
  assert.deepEqual([...smKeys.keys()], ["hk-bank"]);
  assert.deepEqual(smKeys.get("hk-bank"), sm.publicKey);
  // An X25519 key where the SM2 key belongs.
  assert.throws(
    () => travelRuleSm2KeysOf([{ id: "a", travelRuleSm2Key: encodeX25519Key(x.publicKey) }]),
    (e: unknown) =>
      e instanceof TravelRuleKeyError &&
      /institutions\[0\]\.travelRuleSm2Key: expected 44 characters/.test(e.message),
  );
  const offCurve = new Uint8Array(33).fill(0xff);
  offCurve[0] = 2;
  assert.throws(
    () => travelRuleSm2KeysOf([{ id: "a", travelRuleSm2Key: encodeSm2Key(offCurve) }]),
    /institutions\[0\]\.travelRuleSm2Key: not a point on the SM2 curve/,
  );
  const text = encodeSm2Key(sm.publicKey);
  assert.throws(
    () =>
      travelRuleSm2KeysOf([
        { id: "a", travelRuleSm2Key: text },
        { id: "b", travelRuleSm2Key: text },
      ]),
    /institutions\[1\]\.travelRuleSm2Key: another institution has the same key/,
  );
});
