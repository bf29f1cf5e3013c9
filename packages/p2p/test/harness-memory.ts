/**
 * The suite's world in memory: MemoryTransports on one MemoryNetwork. The faulty peers are
 * ordinary MemoryTransports plus the network's faults (a stalled reader, an injected frame).
 */
import { MemoryNetwork, MemoryTransport, type TransportOptions } from "../src/index.ts";
import type { Harness, NodeOverrides, World, WorldNode } from "./suite.ts";
import { CHAIN_ID, GENESIS_HASH, Recorder, type Identity } from "./support.ts";

interface MemoryNode extends WorldNode {
  readonly options: TransportOptions;
}

export const memoryHarness: Harness = {
  name: "MemoryTransport",
  world: () => new MemoryWorld(),
};

class MemoryWorld implements World {
  private readonly network = new MemoryNetwork();
  private readonly nodes = new Map<string, MemoryNode>();
  private readonly extras: MemoryTransport[] = [];

  async add(
    identity: Identity,
    allowed: readonly Identity[],
    overrides: NodeOverrides = {},
  ): Promise<MemoryNode> {
    return this.launch(identity, {
      chainId: overrides.chainId ?? CHAIN_ID,
      genesisHash: overrides.genesisHash ?? GENESIS_HASH,
      nodeKey: identity.key,
      peers: allowed.map((id) => ({ publicKey: id.key.publicKey })),
    });
  }

  async stop(node: WorldNode): Promise<void> {
    await node.transport.stop();
  }

  async restart(node: WorldNode): Promise<WorldNode> {
    const old = this.nodes.get(node.identity.peer)!;
    await old.transport.stop();
    return this.launch(node.identity, old.options);
  }

  async stalledReader(as: Identity, target: WorldNode): Promise<void> {
    await this.peerOf(as, target);
    this.network.stallReader(as.peer);
  }

  async rawFrame(
    as: Identity,
    target: WorldNode,
    channel: number,
    payloadBytes: number,
  ): Promise<void> {
    await this.peerOf(as, target);
    this.network.injectFrame(as.peer, target.identity.peer, channel, new Uint8Array(payloadBytes));
  }

  async close(): Promise<void> {
    for (const transport of this.extras) await transport.stop();
    for (const node of this.nodes.values()) await node.transport.stop();
  }

  /** A plain transport for `as` that allows only `target`; resolves once they are linked. */
  private async peerOf(as: Identity, target: WorldNode): Promise<void> {
    const transport = new MemoryTransport(
      {
        chainId: CHAIN_ID,
        genesisHash: GENESIS_HASH,
        nodeKey: as.key,
        peers: [{ publicKey: target.identity.key.publicKey }],
      },
      { network: this.network },
    );
    this.extras.push(transport);
    await transport.start();
    await target.events.waitFor("the peer connects", () =>
      target.events.connected.includes(as.peer),
    );
  }

  private async launch(identity: Identity, options: TransportOptions): Promise<MemoryNode> {
    const events = new Recorder();
    const transport = new MemoryTransport(options, { network: this.network, log: events.log });
    events.attach(transport);
    await transport.start();
    const node: MemoryNode = { identity, transport, events, options };
    this.nodes.set(identity.peer, node);
    return node;
  }
}
