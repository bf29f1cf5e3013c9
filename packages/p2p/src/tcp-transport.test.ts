// Goal: validator links over mutual TLS 1.3 admit only genesis keys on the same chain, frame
// and deliver messages, hold their bounds, and recover from a peer restart.
// Method: the shared behavioural suite (test/suite.ts) on real sockets bound to 127.0.0.1 with
// ephemeral ports; then refusals only a socket can show, driven by a hand-made TLS client.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Prng } from "@tongbao/std";
import type { KeyPair } from "@tongbao/crypto";
import { Channel, TcpTransport, type Address, type TransportLogEntry } from "./index.ts";
import { encodeFrame } from "./frame.ts";
import { TcpWorld } from "../test/harness-tcp.ts";
import { RawPeer } from "../test/raw-peer.ts";
import { transportSuite } from "../test/suite.ts";
import { tcpHarness } from "../test/harness-tcp.ts";
import {
  CHAIN_ID,
  GENESIS_HASH,
  Recorder,
  bytesOf,
  identities,
  type Identity,
} from "../test/support.ts";

transportSuite(tcpHarness);

const OPTIONS = { timeout: 60_000 };

/** A world with one validator (the higher key of two) and the lower identity left to the test. */
async function oneValidator(world: TcpWorld) {
  const ids = identities(2);
  const [lower, higher] = ids as [Identity, Identity];
  const node = await world.add(higher, ids);
  return { lower, higher, node, address: world.addressOf(node) };
}

async function refusalAt(events: Recorder, pattern: RegExp) {
  return events.waitFor(`a refusal matching ${pattern}`, () =>
    events.refusals().find((entry) => pattern.test(entry.reason)),
  );
}

/** A raw TLS client presenting `key`, connected. */
async function rawPeer(key: KeyPair, target: Address): Promise<RawPeer> {
  const raw = await RawPeer.connect({ key, target });
  assert.ok(raw !== null, "TLS connects");
  return raw;
}

async function withWorld(body: (world: TcpWorld) => Promise<void>): Promise<void> {
  const world = new TcpWorld();
  try {
    await body(world);
  } finally {
    await world.close();
  }
}

describe("TcpTransport: refusals only a socket can show", () => {
  test("a client without a certificate is refused", OPTIONS, () =>
    withWorld(async (world) => {
      const { node, address } = await oneValidator(world);
      const raw = await RawPeer.connect({ target: address });
      const refusal = await refusalAt(node.events, /no certificate presented/);
      assert.equal(refusal.peer, null);
      await raw?.closed;
      assert.equal(node.events.connected.length, 0);
    }),
  );

  test("a TLS 1.2 client fails the TLS handshake", OPTIONS, () =>
    withWorld(async (world) => {
      const { lower, node, address } = await oneValidator(world);
      const raw = await RawPeer.connect({ key: lower.key, target: address, tlsVersion: "TLSv1.2" });
      assert.equal(raw, null);
      await refusalAt(node.events, /TLS handshake failed/);
      assert.equal(node.events.connected.length, 0);
    }),
  );

  for (const [what, overrides, pattern] of [
    ["another protocol version", { protocolVersion: 2 }, /^protocol version 2, we speak 1$/],
    [
      "another validator's key in the handshake",
      "swap-key",
      /^handshake names key \w+ but the certificate carries \w+$/,
    ],
  ] as const) {
    test(`a handshake with ${what} is refused`, OPTIONS, () =>
      withWorld(async (world) => {
        const { lower, higher, node, address } = await oneValidator(world);
        const raw = await rawPeer(lower.key, address);
        const handshake =
          overrides === "swap-key"
            ? raw.handshakeOf(lower.key, { publicKey: higher.key.publicKey })
            : raw.handshakeOf(lower.key, overrides);
        raw.write(handshake);
        const refusal = await refusalAt(node.events, pattern);
        assert.equal(refusal.peer, lower.peer);
        await raw.closed;
        assert.equal(node.events.connected.length, 0);
      }),
    );
  }

  test("a frame before the handshake is refused and never delivered", OPTIONS, () =>
    withWorld(async (world) => {
      const { lower, node, address } = await oneValidator(world);
      const raw = await rawPeer(lower.key, address);
      raw.write(encodeFrame(Channel.Consensus, bytesOf("early vote")));
      await refusalAt(node.events, /^frame on channel 1 before the handshake$/);
      assert.equal(node.events.messages.length, 0);
    }),
  );

  test("a handshake frame over its 256-byte limit is refused", OPTIONS, () =>
    withWorld(async (world) => {
      const { lower, node, address } = await oneValidator(world);
      const raw = await rawPeer(lower.key, address);
      raw.write(encodeFrame(0, new Uint8Array(300)));
      await refusalAt(node.events, /^frame of 301 bytes exceeds the limit of 256$/);
    }),
  );

  test("an inbound link from the higher key is refused: the lower key dials", OPTIONS, () =>
    withWorld(async (world) => {
      const ids = identities(2);
      const [lower, higher] = ids as [Identity, Identity];
      const node = await world.add(lower, ids);
      const raw = await rawPeer(higher.key, world.addressOf(node));
      const refusal = await refusalAt(node.events, /must wait to be dialled/);
      assert.equal(refusal.peer, higher.peer);
      await raw.closed;
      assert.equal(node.events.connected.length, 0);
    }),
  );

  test("a dialled address answered by another validator's key is refused", OPTIONS, () =>
    withWorld(async (world) => {
      const [a, b, c] = identities(3) as [Identity, Identity, Identity];
      const cNode = await world.add(c, [a, b, c]);
      const events = new Recorder();
      const dialler = new TcpTransport(
        {
          chainId: CHAIN_ID,
          genesisHash: GENESIS_HASH,
          nodeKey: a.key,
          // B's address is wrong: C listens there.
          peers: [
            { publicKey: b.key.publicKey, ...world.addressOf(cNode) },
            { publicKey: c.key.publicKey },
          ],
          listen: { host: "127.0.0.1", port: 0 },
        },
        { log: events.log },
      );
      events.attach(dialler);
      try {
        await dialler.start();
        const refusal = await refusalAt(events, /^dialled \w+ but the certificate carries \w+$/);
        assert.equal(refusal.peer, c.peer);
        assert.ok(refusal.reason.includes(b.peer));
        // The refused dial waits the full cap before it tries again.
        assert.ok(refusal.retryInMs !== null && refusal.retryInMs >= 2_500);
        assert.equal(events.connected.length, 0);
        assert.equal(cNode.events.connected.length, 0);
      } finally {
        await dialler.stop();
      }
    }),
  );

  test("a peer that never sends its handshake is dropped after the timeout", OPTIONS, async () => {
    const ids = identities(2);
    const [lower, higher] = ids as [Identity, Identity];
    const events = new Recorder();
    const node = new TcpTransport(
      {
        chainId: CHAIN_ID,
        genesisHash: GENESIS_HASH,
        nodeKey: higher.key,
        peers: [{ publicKey: lower.key.publicKey }],
        listen: { host: "127.0.0.1", port: 0 },
        handshakeTimeoutMs: 200,
      },
      { log: events.log },
    );
    events.attach(node);
    await node.start();
    try {
      const raw = await rawPeer(lower.key, node.address);
      const failed = await events.waitFor("the timeout", () =>
        events.logs.find(
          (entry): entry is Extract<TransportLogEntry, { kind: "link-failed" }> =>
            entry.kind === "link-failed" && entry.reason === "handshake timed out",
        ),
      );
      assert.equal(failed.direction, "inbound");
      await raw.closed;
    } finally {
      await node.stop();
    }
  });

  test("redials back off exponentially with jitter, up to the cap", OPTIONS, async () => {
    const ids = identities(2);
    const [lower, higher] = ids as [Identity, Identity];
    // A port that was free a moment ago: nothing accepts there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const events = new Recorder();
    const prng = new Prng(7);
    const transport = new TcpTransport(
      {
        chainId: CHAIN_ID,
        genesisHash: GENESIS_HASH,
        nodeKey: lower.key,
        peers: [{ publicKey: higher.key.publicKey, host: "127.0.0.1", port }],
        listen: { host: "127.0.0.1", port: 0 },
        reconnectDelayMsMin: 10,
        reconnectDelayMsMax: 80,
      },
      { log: events.log, random: () => prng.nextU32() / 0x1_0000_0000 },
    );
    await transport.start();
    try {
      const retries = await events.waitFor("six failed dials", () => {
        const failures = events.logs.filter((entry) => entry.kind === "link-failed");
        return failures.length >= 6 ? failures.map((entry) => entry.retryInMs!) : null;
      });
      retries.slice(0, 6).forEach((retryMs, attempt) => {
        const ceiling = Math.min(80, 10 * 2 ** attempt);
        assert.ok(retryMs >= ceiling / 2 && retryMs <= ceiling, `attempt ${attempt}: ${retryMs}`);
      });
      assert.equal(transport.peers()[0]!.connected, false);
      assert.match(transport.peers()[0]!.lastError ?? "", /ECONNREFUSED/);
    } finally {
      await transport.stop();
    }
  });
});
