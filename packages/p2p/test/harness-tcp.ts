/**
 * The suite's world on real sockets: TcpTransports listening on ephemeral ports of 127.0.0.1,
 * told each other's addresses once bound, and RawPeers for the faulty peers.
 */
import { Prng } from "@tongbao/std";
import { TcpTransport, type Address, type TcpTransportOptions } from "../src/index.ts";
import { RawPeer } from "./raw-peer.ts";
import type { Harness, NodeOverrides, World, WorldNode } from "./suite.ts";
import { CHAIN_ID, GENESIS_HASH, Recorder, type Identity } from "./support.ts";

interface TcpNode extends WorldNode {
  readonly transport: TcpTransport;
  readonly options: TcpTransportOptions;
}

export const tcpHarness: Harness = {
  name: "TcpTransport",
  world: () => new TcpWorld(),
};

export class TcpWorld implements World {
  private readonly nodes = new Map<string, TcpNode>();
  private readonly raws: RawPeer[] = [];
  /** Seeded jitter: tests replay the same backoff sequence. */
  private readonly prng = new Prng(0x9e7);

  async add(
    identity: Identity,
    allowed: readonly Identity[],
    overrides: NodeOverrides = {},
  ): Promise<TcpNode> {
    return this.launch(identity, {
      chainId: overrides.chainId ?? CHAIN_ID,
      genesisHash: overrides.genesisHash ?? GENESIS_HASH,
      nodeKey: identity.key,
      peers: allowed.map((id) => ({ publicKey: id.key.publicKey })),
      listen: { host: "127.0.0.1", port: 0 },
      // Short delays keep the restart test quick; the behaviour is the same with the defaults.
      reconnectDelayMsMin: 20,
      reconnectDelayMsMax: 400,
    });
  }

  async stop(node: WorldNode): Promise<void> {
    await node.transport.stop();
  }

  async restart(node: WorldNode): Promise<WorldNode> {
    const old = this.nodes.get(node.identity.peer)!;
    await old.transport.stop();
    return this.launch(node.identity, { ...old.options, listen: old.transport.address });
  }

  async stalledReader(as: Identity, target: WorldNode): Promise<void> {
    const raw = await this.handshaken(as, target);
    raw.stopReading();
    await target.events.waitFor("the reader connects", () =>
      target.events.connected.includes(as.peer),
    );
  }

  async rawFrame(
    as: Identity,
    target: WorldNode,
    channel: number,
    payloadBytes: number,
  ): Promise<void> {
    const raw = await this.handshaken(as, target);
    await target.events.waitFor("the raw peer connects", () =>
      target.events.connected.includes(as.peer),
    );
    raw.write(encodeFrameHeaderUnchecked(channel, payloadBytes));
    if (payloadBytes <= 1024 * 1024) raw.write(new Uint8Array(payloadBytes));
  }

  async close(): Promise<void> {
    for (const raw of this.raws) raw.destroy();
    await Promise.all([...this.nodes.values()].map((node) => node.transport.stop()));
  }

  addressOf(node: WorldNode): Address {
    return (node.transport as TcpTransport).address;
  }

  private async handshaken(as: Identity, target: WorldNode): Promise<RawPeer> {
    const raw = await RawPeer.connect({ key: as.key, target: this.addressOf(target) });
    if (raw === null) throw new Error("the raw peer could not connect");
    this.raws.push(raw);
    const handshake = raw.handshakeOf(as.key);
    raw.write(handshake);
    await raw.waitForBytes(handshake.length);
    return raw;
  }

  private async launch(identity: Identity, options: TcpTransportOptions): Promise<TcpNode> {
    const events = new Recorder();
    const transport = new TcpTransport(options, {
      log: events.log,
      random: () => this.prng.nextU32() / 0x1_0000_0000,
    });
    events.attach(transport);
    await transport.start();
    const node: TcpNode = { identity, transport, events, options };
    this.nodes.set(identity.peer, node);
    const allows = (who: TcpNode, peer: string): boolean =>
      who.transport.peers().some((status) => status.peer === peer);
    for (const other of this.nodes.values()) {
      if (other === node) continue;
      if (allows(other, identity.peer))
        other.transport.setPeerAddress(identity.peer, transport.address);
      if (allows(node, other.identity.peer)) {
        transport.setPeerAddress(other.identity.peer, other.transport.address);
      }
    }
    return node;
  }
}

/** A frame header for any length, including lengths no transport would send. */
function encodeFrameHeaderUnchecked(channel: number, payloadBytes: number): Uint8Array {
  const header = new Uint8Array(5);
  new DataView(header.buffer).setUint32(0, payloadBytes + 1);
  header[4] = channel;
  return header;
}
