/**
 * What both transports share above their links: the allowed peers, each one's current open
 * link and counters, the subscribers, and `send`/`broadcast` with the queue policy. A link
 * enters the table only after it is authenticated and the handshake matched, so everything the
 * table delivers comes from an allowed validator of our chain.
 */
import { assert } from "@tongbao/std";
import { FRAME_HEADER_BYTES, FRAME_PAYLOAD_BYTES_MAX } from "./limits.ts";
import type { OutboundQueue } from "./outbound-queue.ts";
import {
  isChannel,
  isDroppable,
  type Channel,
  type DisconnectHandler,
  type MessageHandler,
  type PeerHandler,
  type PeerId,
  type PeerStatus,
  type SendOutcome,
  type TransportLog,
} from "./transport.ts";

/** An authenticated link as the table sees it. */
export interface OpenLink {
  readonly direction: "inbound" | "outbound";
  readonly queue: OutboundQueue;
  /** Moves queued frames towards the peer as far as the link allows (may defer). */
  flush(): void;
  /** Closes the link; the link reports back through `PeerTable.closed`. */
  close(reason: string): void;
}

interface PeerEntry {
  link: OpenLink | null;
  sinceMs: number | null;
  bytesIn: number;
  bytesOut: number;
  framesIn: number;
  framesOut: number;
  framesDropped: number;
  lastError: string | null;
}

export class PeerTable {
  private readonly entries = new Map<PeerId, PeerEntry>();
  private readonly messageHandlers = new Set<MessageHandler>();
  private readonly connectedHandlers = new Set<PeerHandler>();
  private readonly disconnectedHandlers = new Set<DisconnectHandler>();

  constructor(
    peers: Iterable<PeerId>,
    private readonly nowMs: () => number,
    private readonly log: TransportLog,
  ) {
    // Sorted once, so that status and broadcast order depend on the keys only.
    for (const peer of [...peers].sort()) {
      this.entries.set(peer, {
        link: null,
        sinceMs: null,
        bytesIn: 0,
        bytesOut: 0,
        framesIn: 0,
        framesOut: 0,
        framesDropped: 0,
        lastError: null,
      });
    }
  }

  has(peer: PeerId): boolean {
    return this.entries.has(peer);
  }

  link(peer: PeerId): OpenLink | null {
    return this.entries.get(peer)?.link ?? null;
  }

  links(): OpenLink[] {
    const out: OpenLink[] = [];
    for (const entry of this.entries.values()) if (entry.link !== null) out.push(entry.link);
    return out;
  }

  /** A link finished its handshake. A newer link replaces an older one to the same peer. */
  opened(peer: PeerId, link: OpenLink, remote: string): void {
    const entry = this.entry(peer);
    // The dialer redials only after it saw its old link die, so the newer link is the live one;
    // the old one is half-open on our side.
    if (entry.link !== null) entry.link.close("replaced by a newer link from the same peer");
    assert(entry.link === null, "the old link reported its close");
    entry.link = link;
    entry.sinceMs = this.nowMs();
    this.log({ kind: "connected", peer, direction: link.direction, remote });
    for (const handler of this.connectedHandlers) handler(peer);
  }

  /** A link closed. Ignored unless it is the peer's current open link. */
  closed(peer: PeerId, link: OpenLink, reason: string): void {
    const entry = this.entry(peer);
    if (entry.link !== link) return;
    entry.link = null;
    entry.sinceMs = this.nowMs();
    entry.lastError = reason;
    this.log({ kind: "disconnected", peer, reason });
    for (const handler of this.disconnectedHandlers) handler(peer, reason);
  }

  /** A dial or handshake failed before the link opened. */
  failed(peer: PeerId, reason: string): void {
    this.entry(peer).lastError = reason;
  }

  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome {
    checkFrame(channel, bytes);
    const entry = this.entries.get(peer);
    if (entry === undefined) throw new RangeError(`send: ${peer} is not an allowed peer`);
    return this.enqueue(entry, channel, bytes);
  }

  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome> {
    checkFrame(channel, bytes);
    const outcomes = new Map<PeerId, SendOutcome>();
    for (const [peer, entry] of this.entries)
      outcomes.set(peer, this.enqueue(entry, channel, bytes));
    return outcomes;
  }

  /** Count a frame the link handed to the wire. */
  sent(peer: PeerId, payloadBytes: number): void {
    const entry = this.entry(peer);
    entry.framesOut++;
    entry.bytesOut += FRAME_HEADER_BYTES + payloadBytes;
  }

  /** Deliver a frame from an open link. */
  received(peer: PeerId, link: OpenLink, channel: Channel, payload: Uint8Array): void {
    const entry = this.entry(peer);
    assert(entry.link === link, "only the current open link delivers");
    entry.framesIn++;
    entry.bytesIn += FRAME_HEADER_BYTES + payload.length;
    for (const handler of this.messageHandlers) handler(peer, channel, payload);
  }

  status(): PeerStatus[] {
    const out: PeerStatus[] = [];
    for (const [peer, entry] of this.entries) {
      const link = entry.link;
      out.push({
        peer,
        connected: link !== null,
        direction: link?.direction ?? null,
        sinceMs: entry.sinceMs,
        bytesIn: entry.bytesIn,
        bytesOut: entry.bytesOut,
        framesIn: entry.framesIn,
        framesOut: entry.framesOut,
        framesDropped: entry.framesDropped,
        queueFrames: link?.queue.frames ?? 0,
        queueBytes: link?.queue.bytes ?? 0,
        lastError: entry.lastError,
      });
    }
    return out;
  }

  onMessage(handler: MessageHandler): () => void {
    return subscribe(this.messageHandlers, handler);
  }

  onPeerConnected(handler: PeerHandler): () => void {
    return subscribe(this.connectedHandlers, handler);
  }

  onPeerDisconnected(handler: DisconnectHandler): () => void {
    return subscribe(this.disconnectedHandlers, handler);
  }

  private enqueue(entry: PeerEntry, channel: Channel, bytes: Uint8Array): SendOutcome {
    const link = entry.link;
    if (link === null) return "not-connected";
    const outcome = link.queue.push({ channel, payload: bytes }, isDroppable(channel));
    switch (outcome.kind) {
      case "queued":
        entry.framesDropped += outcome.evicted;
        link.flush();
        return "queued";
      case "dropped":
        entry.framesDropped++;
        return "dropped";
      case "overflow":
        link.close(
          `outbound queue full (${link.queue.frames} frames, ${link.queue.bytes} bytes): ` +
            "the peer is not reading",
        );
        return "link-reset";
    }
  }

  private entry(peer: PeerId): PeerEntry {
    const entry = this.entries.get(peer);
    assert(entry !== undefined, `peer ${peer} is in the table`);
    return entry;
  }
}

function checkFrame(channel: Channel, bytes: Uint8Array): void {
  if (!isChannel(channel)) throw new RangeError(`channel ${String(channel)} is not a Channel`);
  if (!(bytes instanceof Uint8Array)) throw new TypeError("payload: expected a Uint8Array");
  if (bytes.length > FRAME_PAYLOAD_BYTES_MAX) {
    throw new RangeError(
      `payload of ${bytes.length} bytes exceeds FRAME_PAYLOAD_BYTES_MAX (${FRAME_PAYLOAD_BYTES_MAX})`,
    );
  }
}

function subscribe<T>(handlers: Set<T>, handler: T): () => void {
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}
