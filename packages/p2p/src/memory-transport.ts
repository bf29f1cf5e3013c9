/**
 * The in-memory twin of TcpTransport, for tests and for a node running several validators in
 * one process. Same interface and the same rules, through the same code where it matters:
 * the PeerTable (delivery only on open links, counters, events), the OutboundQueue (bounds and
 * drop policy), the key rules (allowed set, lower key dials) and the handshake (encoded,
 * decoded and compared exactly as on a socket). A received frame's length is checked against
 * FRAME_BYTES_MAX as the socket decoder does.
 *
 * What differs: there is no TLS or clock. A link forms when both ends are attached to the
 * MemoryNetwork (on `start`, or again right after a link drops), not after a backoff; a
 * refused pair is retried only when one of them re-attaches. Delivery happens in tasks handed
 * to the network's `schedule` (setImmediate by default), never inside `send`, and a link's
 * "socket buffer" is empty: whatever the receiver has not taken waits in the sender's queue.
 *
 * Faults for tests: `stallReader` (a peer stops reading) and `injectFrame` (a frame no correct
 * sender would produce).
 */
import { assert } from "@tongbao/std";
import { frameLengthRefusal } from "./frame.ts";
import {
  decodeHandshake,
  encodeHandshake,
  handshakeRefusal,
  peerKeyRefusal,
  weDial,
  type Handshake,
} from "./handshake.ts";
import { FRAME_BYTES_MAX } from "./limits.ts";
import {
  checkTransportOptions,
  type CheckedOptions,
  type TransportModules,
  type TransportOptions,
} from "./options.ts";
import { OutboundQueue } from "./outbound-queue.ts";
import { PeerTable, type OpenLink } from "./peer-table.ts";
import {
  isChannel,
  type Channel,
  type DisconnectHandler,
  type MessageHandler,
  type PeerHandler,
  type PeerId,
  type PeerStatus,
  type SendOutcome,
  type Transport,
  type TransportLog,
} from "./transport.ts";

export interface MemoryNetworkOptions {
  /** Runs a task later; setImmediate by default. A simulator may pass its own scheduler. */
  readonly schedule?: (task: () => void) => void;
}

/** What the network needs of an attached transport. */
interface Endpoint {
  readonly self: PeerId;
  readonly checked: CheckedOptions;
  readonly allowed: ReadonlySet<PeerId>;
  readonly handshakeBytes: Uint8Array;
  readonly table: PeerTable;
  readonly log: TransportLog;
}

export class MemoryNetwork {
  private readonly endpoints = new Map<PeerId, Endpoint>();
  private readonly links = new Set<MemoryLink>();
  private readonly stalled = new Set<PeerId>();
  readonly schedule: (task: () => void) => void;

  constructor(options: MemoryNetworkOptions = {}) {
    this.schedule = options.schedule ?? ((task) => void setImmediate(task));
  }

  /** Fault: `peer` stops (or resumes) reading. Frames to it wait in their senders' queues. */
  stallReader(peer: PeerId, stalled = true): void {
    if (!stalled) {
      this.stalled.delete(peer);
      for (const link of this.links) link.resumeTowards(peer);
      return;
    }
    this.stalled.add(peer);
  }

  isStalled(peer: PeerId): boolean {
    return this.stalled.has(peer);
  }

  /**
   * Fault: queue a frame from `from` to `to` on their open link without the sender's checks,
   * as a broken or hostile peer would send it (an unknown channel, an oversize payload).
   */
  injectFrame(from: PeerId, to: PeerId, channel: number, payload: Uint8Array): void {
    const end = this.endpoints.get(from)?.table.link(to);
    assert(end instanceof MemoryLinkEnd, "injectFrame: no open link between the two peers");
    end.inject(channel, payload);
  }

  /** Called by MemoryTransport.start. */
  attach(endpoint: Endpoint): void {
    assert(!this.endpoints.has(endpoint.self), "two live transports with one key");
    this.endpoints.set(endpoint.self, endpoint);
    for (const other of this.endpoints.values()) {
      if (other === endpoint) continue;
      this.connectLater(endpoint, other);
      this.connectLater(other, endpoint);
    }
  }

  /** Called by MemoryTransport.stop. */
  detach(endpoint: Endpoint): void {
    assert(this.endpoints.get(endpoint.self) === endpoint, "detach an attached endpoint");
    this.endpoints.delete(endpoint.self);
    for (const link of [...this.links]) {
      if (link.dialler.endpoint === endpoint || link.acceptor.endpoint === endpoint) {
        const end = link.dialler.endpoint === endpoint ? link.dialler : link.acceptor;
        link.close(end, "transport stopped");
      }
    }
  }

  /** Schedules `dialler` → `acceptor` if the dial rule and the dialler's list say so. */
  connectLater(dialler: Endpoint, acceptor: Endpoint): void {
    if (!weDial(dialler.checked.selfKey, acceptor.checked.selfKey)) return;
    if (!dialler.allowed.has(acceptor.self)) return;
    this.schedule(() => this.connect(dialler, acceptor));
  }

  removeLink(link: MemoryLink): void {
    this.links.delete(link);
    const { dialler, acceptor } = link;
    if (this.isAttached(dialler.endpoint) && this.isAttached(acceptor.endpoint)) {
      this.connectLater(dialler.endpoint, acceptor.endpoint);
    }
  }

  private isAttached(endpoint: Endpoint): boolean {
    return this.endpoints.get(endpoint.self) === endpoint;
  }

  private connect(dialler: Endpoint, acceptor: Endpoint): void {
    if (!this.isAttached(dialler) || !this.isAttached(acceptor)) return;
    if (dialler.table.link(acceptor.self) !== null) return;
    // What TLS establishes on a socket: the acceptor learns the dialler's key and checks it.
    const keyRefusal = peerKeyRefusal(
      acceptor.checked.selfKey,
      acceptor.allowed,
      dialler.checked.selfKey,
      "inbound",
      null,
    );
    if (keyRefusal !== null) {
      refuse(acceptor, dialler, keyRefusal);
      failed(dialler, acceptor, "connection closed by peer before the handshake");
      return;
    }
    // Both handshakes cross; each side checks the other's as a socket link does.
    const acceptorRefusal = handshakeCheck(acceptor.checked.handshake, dialler);
    const diallerRefusal = handshakeCheck(dialler.checked.handshake, acceptor);
    if (acceptorRefusal !== null) refuse(acceptor, dialler, acceptorRefusal);
    if (diallerRefusal !== null) refuse(dialler, acceptor, diallerRefusal);
    if (acceptorRefusal !== null || diallerRefusal !== null) {
      const reason = "connection closed by peer before the handshake";
      if (acceptorRefusal === null) failed(acceptor, dialler, reason);
      if (diallerRefusal === null) failed(dialler, acceptor, reason);
      return;
    }
    const link = new MemoryLink(this, dialler, acceptor);
    this.links.add(link);
    dialler.table.opened(acceptor.self, link.dialler, remoteOf(acceptor));
    if (!link.isClosed) acceptor.table.opened(dialler.self, link.acceptor, remoteOf(dialler));
  }
}

export interface MemoryTransportModules extends TransportModules {
  readonly network: MemoryNetwork;
}

export class MemoryTransport implements Transport {
  readonly self: PeerId;
  private readonly endpoint: Endpoint;
  private readonly network: MemoryNetwork;
  private state: "new" | "started" | "stopped" = "new";

  /** `options.peers[].host/port` are ignored: peers are found by key on the network. */
  constructor(options: TransportOptions, modules: MemoryTransportModules) {
    const checked = checkTransportOptions(options);
    if (!(modules?.network instanceof MemoryNetwork)) {
      throw new TypeError("modules.network: expected a MemoryNetwork");
    }
    const log = modules.log ?? (() => {});
    this.self = checked.self;
    this.network = modules.network;
    this.endpoint = {
      self: checked.self,
      checked,
      allowed: new Set(checked.peers.keys()),
      handshakeBytes: encodeHandshake(checked.handshake),
      table: new PeerTable(checked.peers.keys(), modules.nowMs ?? Date.now, log),
      log,
    };
  }

  async start(): Promise<void> {
    assert(this.state === "new", "a transport starts once");
    this.state = "started";
    this.network.attach(this.endpoint);
  }

  async stop(): Promise<void> {
    if (this.state === "started") this.network.detach(this.endpoint);
    this.state = "stopped";
  }

  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome {
    return this.endpoint.table.send(peer, channel, bytes);
  }

  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome> {
    return this.endpoint.table.broadcast(channel, bytes);
  }

  onMessage(handler: MessageHandler): () => void {
    return this.endpoint.table.onMessage(handler);
  }

  onPeerConnected(handler: PeerHandler): () => void {
    return this.endpoint.table.onPeerConnected(handler);
  }

  onPeerDisconnected(handler: DisconnectHandler): () => void {
    return this.endpoint.table.onPeerDisconnected(handler);
  }

  peers(): PeerStatus[] {
    return this.endpoint.table.status();
  }
}

/** Both halves of an in-memory link; each end is the OpenLink of its own transport. */
class MemoryLink {
  readonly dialler: MemoryLinkEnd;
  readonly acceptor: MemoryLinkEnd;
  private closed = false;

  constructor(
    readonly network: MemoryNetwork,
    dialler: Endpoint,
    acceptor: Endpoint,
  ) {
    this.dialler = new MemoryLinkEnd(this, dialler, acceptor, "outbound");
    this.acceptor = new MemoryLinkEnd(this, acceptor, dialler, "inbound");
  }

  get isClosed(): boolean {
    return this.closed;
  }

  otherEnd(end: MemoryLinkEnd): MemoryLinkEnd {
    return end === this.dialler ? this.acceptor : this.dialler;
  }

  /** Closed by `end`'s side for `reason`; the other side sees the peer close. */
  close(end: MemoryLinkEnd, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    const other = this.otherEnd(end);
    end.queue.clear();
    other.queue.clear();
    end.endpoint.table.closed(end.peer, end, reason);
    other.endpoint.table.closed(other.peer, other, "connection closed by peer");
    this.network.removeLink(this);
  }

  resumeTowards(peer: PeerId): void {
    for (const end of [this.dialler, this.acceptor]) if (end.peer === peer) end.flush();
  }
}

class MemoryLinkEnd implements OpenLink {
  readonly queue: OutboundQueue;
  readonly peer: PeerId;
  private pumpScheduled = false;

  constructor(
    private readonly link: MemoryLink,
    readonly endpoint: Endpoint,
    private readonly remote: Endpoint,
    readonly direction: "inbound" | "outbound",
  ) {
    this.peer = remote.self;
    this.queue = new OutboundQueue(endpoint.checked.queueBytesMax, endpoint.checked.queueFramesMax);
  }

  flush(): void {
    if (this.pumpScheduled || this.link.isClosed) return;
    this.pumpScheduled = true;
    this.link.network.schedule(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  close(reason: string): void {
    this.link.close(this, reason);
  }

  inject(channel: number, payload: Uint8Array): void {
    // Critical lane, so that it is neither evicted nor reordered behind gossip.
    const outcome = this.queue.push({ channel: channel as Channel, payload }, false);
    assert(outcome.kind === "queued", "injected frame fits the queue");
    this.flush();
  }

  /** Hands queued frames to the peer until the queue is empty or the peer stops reading. */
  private pump(): void {
    const receiver = this.link.otherEnd(this);
    while (!this.link.isClosed && !this.link.network.isStalled(this.peer)) {
      const frame = this.queue.shift();
      if (frame === undefined) return;
      this.endpoint.table.sent(this.peer, frame.payload.length);
      receiver.received(frame.channel, frame.payload);
    }
  }

  /** A frame from the peer, checked as the socket decoder would check it. */
  private received(channel: number, payload: Uint8Array): void {
    const refusal = frameLengthRefusal(1 + payload.length, FRAME_BYTES_MAX);
    if (refusal !== null) return this.close(`protocol violation: ${refusal}`);
    if (!isChannel(channel)) {
      return this.close(`protocol violation: channel ${channel}`);
    }
    this.endpoint.table.received(this.peer, this, channel, payload);
  }
}

function handshakeCheck(local: Handshake, remote: Endpoint): string | null {
  const decoded = decodeHandshake(remote.handshakeBytes);
  if (typeof decoded === "string") return decoded;
  return handshakeRefusal(local, decoded, remote.checked.selfKey);
}

function refuse(at: Endpoint, peer: Endpoint, reason: string): void {
  at.log({ kind: "refused", peer: peer.self, remote: remoteOf(peer), reason, retryInMs: null });
  if (at.allowed.has(peer.self)) at.table.failed(peer.self, reason);
}

function failed(at: Endpoint, peer: Endpoint, reason: string): void {
  const direction = weDial(at.checked.selfKey, peer.checked.selfKey) ? "outbound" : "inbound";
  at.log({
    kind: "link-failed",
    peer: peer.self,
    direction,
    remote: remoteOf(peer),
    reason,
    retryInMs: null,
  });
  if (at.allowed.has(peer.self)) at.table.failed(peer.self, reason);
}

function remoteOf(endpoint: Endpoint): string {
  return `memory:${endpoint.self.slice(0, 16)}`;
}
