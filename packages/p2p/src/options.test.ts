// Goal: a wrong configuration is refused at construction with a message that says what to fix,
// as a TypeError for a wrong type and a RangeError for a wrong value.
// Method: start from valid options and break one field per case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyType, generateKeyPair } from "@tongbao/crypto";
import { FRAME_BYTES_MAX, FRAME_HEADER_BYTES } from "./limits.ts";
import { checkTransportOptions, type TransportOptions } from "./options.ts";
import { peerIdOf } from "./transport.ts";

const nodeKey = generateKeyPair();
const other = generateKeyPair();
const valid: TransportOptions = {
  chainId: "tongbao-hk-1",
  genesisHash: new Uint8Array(32),
  nodeKey,
  peers: [
    { publicKey: nodeKey.publicKey },
    { publicKey: other.publicKey, host: "10.0.0.2", port: 26656 },
  ],
};

test("valid options: our own key is dropped from the peers", () => {
  const checked = checkTransportOptions(valid);
  assert.equal(checked.self, peerIdOf(nodeKey.publicKey));
  assert.deepEqual([...checked.peers.keys()], [peerIdOf(other.publicKey)]);
  assert.equal(checked.handshake.protocolVersion, 1);
});

test("each broken field is refused with what to fix", () => {
  const cases: [Partial<Record<keyof TransportOptions, unknown>>, ErrorConstructor, RegExp][] = [
    [{ chainId: 7 }, TypeError, /chainId: expected a string/],
    [{ chainId: "no spaces allowed" }, RangeError, /chainId: .* must be 1–64 characters/],
    [{ genesisHash: new Uint8Array(31) }, RangeError, /genesisHash: expected 32 bytes, got 31/],
    [{ genesisHash: "00" }, TypeError, /genesisHash: expected a Uint8Array/],
    [{ nodeKey: generateKeyPair(KeyType.P256) }, RangeError, /Ed25519 node key/],
    [
      { peers: [{ publicKey: other.publicKey }, { publicKey: other.publicKey }] },
      RangeError,
      /listed twice/,
    ],
    [
      { peers: [{ publicKey: other.publicKey, host: "h", port: 70_000 }] },
      RangeError,
      /not a TCP port/,
    ],
    [{ queueBytesMax: FRAME_BYTES_MAX }, RangeError, /largest frame fits/],
    [{ queueFramesMax: 0 }, RangeError, /queueFramesMax/],
  ];
  for (const [patch, type, message] of cases) {
    assert.throws(
      () => checkTransportOptions({ ...valid, ...patch } as TransportOptions),
      (error: Error) => error instanceof type && message.test(error.message),
      JSON.stringify(Object.keys(patch)),
    );
  }
  assert.doesNotThrow(() =>
    checkTransportOptions({ ...valid, queueBytesMax: FRAME_BYTES_MAX + FRAME_HEADER_BYTES }),
  );
});
