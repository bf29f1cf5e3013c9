// Goal: genesis's optional `observers` are checked with errors that say what to fix (unknown
// institution, a key listed twice or also a validator's, a name or address already taken), and
// adding or removing an observer leaves the genesis hash — the chain's identity — unchanged.
// Method: a valid test genesis document, altered one field at a time and parsed again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair } from "@tongbao/crypto";
import { bytesToHex } from "@tongbao/std";
import { testNetwork } from "../../test/network.ts";
import { GenesisFileError, memberOf, parseGenesis, type GenesisDocument } from "./genesis.ts";

const net = testNetwork(2, 1, { observers: 1 });
const doc = net.genesis.document;
const observer = doc.observers![0]!;

function withObservers(observers: unknown): unknown {
  return { ...doc, observers };
}

test("a genesis with an observer parses; the observer has no power and no effect on the hash", () => {
  assert.deepEqual(
    net.genesis.observers.map((o) => [o.name, o.institution, o.peerId]),
    [["observer-0", "regulator", bytesToHex(net.observerKeys[0]!.publicKey)]],
  );
  assert.equal(net.genesis.validatorSet.validators.length, 2);
  const { observers: _dropped, ...withoutObservers } = doc;
  const plain = parseGenesis(withoutObservers as GenesisDocument);
  assert.deepEqual(plain.observers, []);
  assert.deepEqual(plain.genesisHash, net.genesis.genesisHash);
  assert.equal(memberOf(net.genesis, net.observerKeys[0]!.publicKey)?.role, "observer");
  assert.equal(memberOf(net.genesis, net.nodeKeys[1]!.publicKey)?.role, "validator");
  assert.equal(memberOf(net.genesis, generateKeyPair().publicKey), undefined);
});

test("bad observers are refused, each with what to fix", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ not: "a list" }, /genesis observers: expected a list/],
    [
      [{ ...observer, institution: "nobody" }],
      /observers\[0\]\.institution: no institution "nobody"/,
    ],
    [
      [observer, { ...observer, name: "observer-1", address: "127.0.0.1:41001" }],
      /observers\[1\]\.nodePublicKey: the same key is listed twice/,
    ],
    [
      [{ ...observer, nodePublicKey: doc.validators[0]!.publicKey }],
      /observers\[0\]\.nodePublicKey: is a validator's key/,
    ],
    [[{ ...observer, nodePublicKey: "ABC" }], /observers\[0\]\.nodePublicKey: must be the 32-byte/],
    [[{ ...observer, name: doc.validators[1]!.name }], /observers\[0\]\.name: "node-1" is already/],
    [[{ ...observer, name: "Regulator!" }], /observers\[0\]\.name: must be 2–32 characters/],
    [
      [{ ...observer, address: doc.validators[0]!.address }],
      /observers\[0\]\.address: .* is used by another node/,
    ],
    [
      [{ ...observer, address: "nowhere" }],
      /observers\[0\]\.address: "nowhere" is not "host:port"/,
    ],
  ];
  for (const [observers, message] of cases) {
    assert.throws(
      () => parseGenesis(withObservers(observers)),
      (error: unknown) => error instanceof GenesisFileError && message.test(error.message),
      String(message),
    );
  }
});
