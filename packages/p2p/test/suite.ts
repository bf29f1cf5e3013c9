/**
 * The behaviour every Transport must show, run against TcpTransport (real sockets on
 * 127.0.0.1) and MemoryTransport alike. A harness builds a "world" of transports and the two
 * kinds of faulty peer the suite needs: one that stops reading, one that sends a frame no
 * correct transport would.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  Channel,
  FRAME_PAYLOAD_BYTES_MAX,
  QUEUE_BYTES_MAX_DEFAULT,
  QUEUE_FRAMES_MAX_DEFAULT,
  type PeerId,
  type SendOutcome,
  type Transport,
} from "../src/index.ts";
import {
  CHAIN_ID,
  GENESIS_HASH,
  Recorder,
  bytesOf,
  identities,
  textOf,
  turn,
  type Identity,
} from "./support.ts";

export interface WorldNode {
  readonly identity: Identity;
  readonly transport: Transport;
  readonly events: Recorder;
}

export interface NodeOverrides {
  readonly chainId?: string;
  readonly genesisHash?: Uint8Array;
}

export interface World {
  /** Creates and starts a transport that allows `allowed`; addresses are shared in the world. */
  add(
    identity: Identity,
    allowed: readonly Identity[],
    overrides?: NodeOverrides,
  ): Promise<WorldNode>;
  /** Stops the node's transport, as if its process exited. */
  stop(node: WorldNode): Promise<void>;
  /** Starts a new transport with the node's key, peers and address: a process restart. */
  restart(node: WorldNode): Promise<WorldNode>;
  /**
   * An allowed peer `as` (a lower key than the target) that connects to `target`, completes
   * the handshake and then never reads again. Resolves once the target sees it connected.
   */
  stalledReader(as: Identity, target: WorldNode): Promise<void>;
  /**
   * An allowed peer `as` that connects to `target`, completes the handshake, then sends a frame
   * header announcing `payloadBytes` on `channel` (and the payload, if within the limit).
   */
  rawFrame(as: Identity, target: WorldNode, channel: number, payloadBytes: number): Promise<void>;
  close(): Promise<void>;
}

export interface Harness {
  readonly name: string;
  world(): World;
}

const OPTIONS = { timeout: 120_000 };

async function withWorld(harness: Harness, body: (world: World) => Promise<void>): Promise<void> {
  const world = harness.world();
  try {
    await body(world);
  } finally {
    await world.close();
  }
}

/** Adds every identity, each allowing all of them, and waits until all pairs are connected. */
async function mesh(world: World, ids: readonly Identity[]): Promise<WorldNode[]> {
  const nodes: WorldNode[] = [];
  for (const id of ids) nodes.push(await world.add(id, ids));
  await Promise.all(nodes.map((node) => connectedToAll(node, ids)));
  return nodes;
}

function connectedToAll(node: WorldNode, ids: readonly Identity[]): Promise<true> {
  const others = ids.filter((id) => id.peer !== node.identity.peer).map((id) => id.peer);
  return node.events.waitFor(`${node.identity.peer.slice(0, 8)} connected to all`, () =>
    others.every((peer) => node.transport.peers().find((s) => s.peer === peer)?.connected),
  );
}

function fromPeer(node: WorldNode, peer: PeerId, channel: Channel): string[] {
  return node.events.messages
    .filter((m) => m.peer === peer && m.channel === channel)
    .map((m) => textOf(m.bytes));
}

export function transportSuite(harness: Harness): void {
  describe(`${harness.name}: behaviour of a Transport`, () => {
    test("four validators connect pairwise and exchange messages both ways", OPTIONS, () =>
      withWorld(harness, async (world) => {
        const ids = identities(4);
        const nodes = await mesh(world, ids);
        for (const node of nodes) {
          // Exactly one link per pair: one connect event per peer, none dropped.
          assert.equal(node.events.connected.length, 3);
          assert.equal(node.events.disconnected.length, 0);
          for (const status of node.transport.peers()) {
            const lower = status.peer < node.identity.peer;
            assert.equal(status.direction, lower ? "inbound" : "outbound", "lower key dials");
          }
        }
        for (const sender of nodes) {
          for (const receiver of nodes) {
            if (sender === receiver) continue;
            const text = `vote ${sender.identity.peer.slice(0, 6)}→${receiver.identity.peer.slice(0, 6)}`;
            assert.equal(
              sender.transport.send(receiver.identity.peer, Channel.Consensus, bytesOf(text)),
              "queued",
            );
          }
          const outcomes = sender.transport.broadcast(
            Channel.Transactions,
            bytesOf(`tx from ${sender.identity.peer.slice(0, 6)}`),
          );
          assert.deepEqual([...outcomes.values()], ["queued", "queued", "queued"]);
        }
        for (const receiver of nodes) {
          await receiver.events.waitFor(
            "all messages",
            () => receiver.events.messages.length === 6,
          );
          for (const sender of nodes) {
            if (sender === receiver) continue;
            const [from, to] = [
              sender.identity.peer.slice(0, 6),
              receiver.identity.peer.slice(0, 6),
            ];
            assert.deepEqual(fromPeer(receiver, sender.identity.peer, Channel.Consensus), [
              `vote ${from}→${to}`,
            ]);
            assert.deepEqual(fromPeer(receiver, sender.identity.peer, Channel.Transactions), [
              `tx from ${from}`,
            ]);
          }
          for (const status of receiver.transport.peers()) {
            assert.equal(status.framesIn, 2);
            assert.equal(status.framesOut, 2);
            assert.ok(status.bytesIn > 0 && status.bytesOut > 0);
            assert.equal(status.queueFrames, 0);
            assert.equal(status.framesDropped, 0);
          }
        }
      }),
    );

    test("frames of a channel arrive in the order sent, across interleaved channels", OPTIONS, () =>
      withWorld(harness, async (world) => {
        const [a, b] = await mesh(world, identities(2));
        const count = 500;
        for (let i = 0; i < count; i++) {
          a!.transport.send(b!.identity.peer, Channel.Consensus, bytesOf(`c${i}`));
          a!.transport.send(b!.identity.peer, Channel.Transactions, bytesOf(`t${i}`));
          if (i % 50 === 0) await turn();
        }
        await b!.events.waitFor("all frames", () => b!.events.messages.length === 2 * count);
        const expected = (prefix: string): string[] =>
          Array.from({ length: count }, (_, i) => `${prefix}${i}`);
        assert.deepEqual(fromPeer(b!, a!.identity.peer, Channel.Consensus), expected("c"));
        assert.deepEqual(fromPeer(b!, a!.identity.peer, Channel.Transactions), expected("t"));
      }),
    );

    test("a key not listed in genesis is refused and never delivers", OPTIONS, () =>
      withWorld(harness, async (world) => {
        // The intruder has the lowest key, so it is the one that dials.
        const [intruder, one, two] = identities(3);
        const validators = [one!, two!];
        const nodes = await mesh(world, validators);
        const rogue = await world.add(intruder!, [intruder!, ...validators]);
        for (const node of nodes) {
          const refusal = await node.events.waitFor("refusal of the intruder", () =>
            node.events.refusals().find((r) => r.peer === intruder!.peer),
          );
          assert.match(refusal.reason, /unknown key/);
        }
        for (const peer of validators) {
          assert.equal(
            rogue.transport.send(peer.peer, Channel.Consensus, bytesOf("x")),
            "not-connected",
          );
        }
        for (const node of nodes) {
          assert.ok(!node.events.connected.includes(intruder!.peer));
          assert.ok(node.events.messages.every((m) => m.peer !== intruder!.peer));
        }
        assert.equal(rogue.events.connected.length, 0);
      }),
    );

    const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
    const otherGenesis = new Uint8Array(32).fill(7);
    for (const [what, overrides, theirs, ours] of [
      ["chain id", { chainId: "another-chain-1" }, `"another-chain-1"`, `"${CHAIN_ID}"`],
      ["genesis hash", { genesisHash: otherGenesis }, hex(otherGenesis), hex(GENESIS_HASH)],
    ] as const) {
      test(`a peer announcing another ${what} is refused by both sides`, OPTIONS, () =>
        withWorld(harness, async (world) => {
          const ids = identities(2);
          const [stranger, local] = ids;
          const node = await world.add(local!, ids);
          const other = await world.add(stranger!, ids, overrides);
          for (const [side, peer, reason] of [
            [node, stranger!.peer, `${what} ${theirs}, ours is ${ours}`],
            [other, local!.peer, `${what} ${ours}, ours is ${theirs}`],
          ] as const) {
            const refusal = await side.events.waitFor(`refusal over the ${what}`, () =>
              side.events.refusals().find((r) => r.reason.startsWith(what)),
            );
            assert.equal(refusal.reason, reason);
            assert.equal(refusal.peer, peer);
            assert.equal(side.events.connected.length, 0);
            assert.equal(side.events.messages.length, 0);
          }
        }),
      );
    }

    test("a frame over FRAME_BYTES_MAX closes the link before its body is read", OPTIONS, () =>
      withWorld(harness, async (world) => {
        const ids = identities(2);
        const [rogue, local] = ids;
        const node = await world.add(local!, ids);
        await world.rawFrame(rogue!, node, Channel.BlockResponse, FRAME_PAYLOAD_BYTES_MAX + 1);
        const closed = await node.events.waitFor("the link closes", () =>
          node.events.disconnected.find((d) => d.peer === rogue!.peer),
        );
        assert.match(closed.reason, /protocol violation: frame of \d+ bytes exceeds the limit/);
        assert.equal(node.events.messages.length, 0);
      }),
    );

    test("a frame on an unknown channel closes the link", OPTIONS, () =>
      withWorld(harness, async (world) => {
        const ids = identities(2);
        const [rogue, local] = ids;
        const node = await world.add(local!, ids);
        await world.rawFrame(rogue!, node, 0x7f, 10);
        const closed = await node.events.waitFor("the link closes", () =>
          node.events.disconnected.find((d) => d.peer === rogue!.peer),
        );
        assert.match(closed.reason, /protocol violation: channel 127/);
        assert.equal(node.events.messages.length, 0);
      }),
    );

    test("a restarted peer reconnects and messages flow again both ways", OPTIONS, () =>
      withWorld(harness, async (world) => {
        const ids = identities(3);
        const nodes = await mesh(world, ids);
        // The middle key both dials (the higher) and is dialled (by the lower).
        const [low, middle, high] = nodes as [WorldNode, WorldNode, WorldNode];
        await world.stop(middle);
        for (const node of [low, high]) {
          await node.events.waitFor("disconnect", () =>
            node.events.disconnected.some((d) => d.peer === middle.identity.peer),
          );
          assert.equal(
            node.transport.send(middle.identity.peer, Channel.Consensus, bytesOf("lost")),
            "not-connected",
          );
        }
        const restarted = await world.restart(middle);
        await connectedToAll(restarted, ids);
        for (const node of [low, high]) {
          await node.events.waitFor(
            "reconnect",
            () => node.events.connected.filter((p) => p === middle.identity.peer).length === 2,
          );
          node.transport.send(middle.identity.peer, Channel.Consensus, bytesOf("after restart"));
          restarted.transport.send(node.identity.peer, Channel.Consensus, bytesOf("back again"));
        }
        await restarted.events.waitFor(
          "both messages",
          () => restarted.events.messages.length === 2,
        );
        assert.deepEqual(
          restarted.events.messages.map((m) => textOf(m.bytes)),
          ["after restart", "after restart"],
        );
        for (const node of [low, high]) {
          await node.events.waitFor("reply", () =>
            fromPeer(node, middle.identity.peer, Channel.Consensus).includes("back again"),
          );
          // Nothing sent while the peer was down arrives later: the node re-sends instead.
          assert.ok(!node.events.messages.some((m) => textOf(m.bytes) === "lost"));
        }
      }),
    );

    test(
      "a peer that stops reading: the queue bound holds, gossip is dropped, consensus resets the link",
      OPTIONS,
      () =>
        withWorld(harness, async (world) => {
          const ids = identities(2);
          const [reader, local] = ids;
          const node = await world.add(local!, ids);
          await world.stalledReader(reader!, node);
          const status = () => node.transport.peers().find((s) => s.peer === reader!.peer)!;
          const payload = new Uint8Array(64 * 1024);
          const checkBound = (): void => {
            const { queueBytes, queueFrames } = status();
            assert.ok(
              queueBytes <= QUEUE_BYTES_MAX_DEFAULT,
              `queue ${queueBytes} bytes over bound`,
            );
            assert.ok(
              queueFrames <= QUEUE_FRAMES_MAX_DEFAULT,
              `queue ${queueFrames} frames over bound`,
            );
          };
          // Gossip first: once the socket and kernel buffers are full, the oldest gossip is evicted.
          for (let sent = 0; status().framesDropped === 0; sent++) {
            const outcome = node.transport.send(reader!.peer, Channel.Transactions, payload);
            assert.ok(
              outcome === "queued" || outcome === "dropped",
              "gossip never resets the link",
            );
            checkBound();
            assert.ok(sent < 100_000, "gossip is dropped before 6 GiB were queued");
            if (sent % 64 === 63) await turn();
          }
          assert.ok(status().connected, "dropping gossip keeps the link");
          // Then consensus: it is never dropped, so when it no longer fits the link is reset.
          let outcome: SendOutcome = "queued";
          for (let sent = 0; outcome === "queued"; sent++) {
            outcome = node.transport.send(reader!.peer, Channel.Consensus, payload);
            checkBound();
            assert.ok(sent <= QUEUE_FRAMES_MAX_DEFAULT, "the queue fills before this many frames");
          }
          assert.equal(outcome, "link-reset");
          const closed = await node.events.waitFor("the reset", () =>
            node.events.disconnected.find((d) => d.peer === reader!.peer),
          );
          assert.match(closed.reason, /outbound queue full .*the peer is not reading/);
          assert.equal(status().queueBytes, 0);
        }),
    );
  });
}
