// Goal: the first frame identifies a peer's protocol, chain and key exactly, and the key rules
// admit only genesis keys on the one link the dial rule allows.
// Method: round trip and pinned bytes of the handshake; one case per refusal, each checked for
// the reason an operator will read; the dial rule on both orders of a pair.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, compareBytes } from "@tongbao/std";
import {
  decodeHandshake,
  encodeHandshake,
  handshakeRefusal,
  peerKeyRefusal,
  weDial,
  type Handshake,
} from "./handshake.ts";
import { peerIdOf } from "./transport.ts";

const KEY_A = new Uint8Array(32).fill(0x0a);
const KEY_B = new Uint8Array(32).fill(0x0b);
const KEY_C = new Uint8Array(32).fill(0x0c);
const local: Handshake = {
  protocolVersion: 1,
  chainId: "tongbao-hk-1",
  genesisHash: new Uint8Array(32).fill(0x99),
  publicKey: KEY_A,
};

test("the handshake encodes as version, chain id, genesis hash, key — and back", () => {
  const bytes = encodeHandshake(local);
  assert.equal(
    bytesToHex(bytes),
    "0001" +
      "0000000c" +
      Buffer.from("tongbao-hk-1").toString("hex") +
      "99".repeat(32) +
      "0a".repeat(32),
  );
  assert.deepEqual(decodeHandshake(bytes), local);
});

test("malformed handshakes are reasons, not exceptions", () => {
  const bytes = encodeHandshake(local);
  const cut = decodeHandshake(bytes.subarray(0, bytes.length - 1));
  assert.match(String(cut), /^malformed handshake \(.*node key.*\); peer protocol version 1$/);
  const longer = decodeHandshake(Uint8Array.of(...bytes, 0));
  assert.match(String(longer), /^malformed handshake/);
  assert.match(String(decodeHandshake(new Uint8Array(0))), /peer protocol version \?$/);
});

test("each mismatch names what differs and what we expected", () => {
  const remote = { ...local, publicKey: KEY_B };
  assert.equal(handshakeRefusal(local, remote, KEY_B), null);
  assert.equal(
    handshakeRefusal(local, { ...remote, protocolVersion: 2 }, KEY_B),
    "protocol version 2, we speak 1",
  );
  assert.equal(
    handshakeRefusal(local, { ...remote, chainId: "tongbao-sg-1" }, KEY_B),
    'chain id "tongbao-sg-1", ours is "tongbao-hk-1"',
  );
  assert.equal(
    handshakeRefusal(local, { ...remote, genesisHash: new Uint8Array(32) }, KEY_B),
    `genesis hash ${"00".repeat(32)}, ours is ${"99".repeat(32)}`,
  );
  assert.equal(
    handshakeRefusal(local, remote, KEY_C),
    `handshake names key ${peerIdOf(KEY_B)} but the certificate carries ${peerIdOf(KEY_C)}`,
  );
});

test("only genesis keys pass, on the one link the dial rule allows", () => {
  const allowed = new Set([peerIdOf(KEY_A), peerIdOf(KEY_C)]);
  // B holds the middle key: it dials C and is dialled by A.
  assert.match(String(peerKeyRefusal(KEY_B, new Set(), KEY_A, "inbound", null)), /^unknown key/);
  assert.equal(peerKeyRefusal(KEY_B, allowed, KEY_A, "inbound", null), null);
  assert.equal(peerKeyRefusal(KEY_B, allowed, KEY_C, "outbound", peerIdOf(KEY_C)), null);
  assert.equal(
    peerKeyRefusal(KEY_B, allowed, KEY_C, "inbound", null),
    `peer ${peerIdOf(KEY_C)} has the higher key and must wait to be dialled`,
  );
  assert.equal(
    peerKeyRefusal(KEY_B, allowed, KEY_A, "outbound", peerIdOf(KEY_C)),
    `dialled ${peerIdOf(KEY_C)} but the certificate carries ${peerIdOf(KEY_A)}`,
  );
});

test("exactly one side of every pair dials", () => {
  for (const [x, y] of [
    [KEY_A, KEY_B],
    [KEY_C, KEY_A],
  ] as const) {
    assert.notEqual(weDial(x, y), weDial(y, x));
    assert.equal(weDial(x, y), compareBytes(x, y) < 0);
  }
  assert.equal(weDial(KEY_A, KEY_A), false);
});
