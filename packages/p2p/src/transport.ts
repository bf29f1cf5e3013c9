/**
 * The interface the node programs against, implemented by TcpTransport (mutual TLS over TCP)
 * and MemoryTransport (in-process). Both deliver frames only from peers that proved a key from
 * the allowed set and announced the same chain; both bound every peer's outbound queue the
 * same way (see OutboundQueue).
 */
import { bytesToHex } from "@tongbao/std";

/** Lower-case hex of the peer's 32-byte Ed25519 node public key. */
export type PeerId = string;

/**
 * What a frame carries, so that the node can multiplex one link. The numbers are wire protocol:
 * never renumber. 0 is the handshake and never reaches the node.
 */
export const Channel = {
  /** Proposals and votes. Never dropped while the link lives. */
  Consensus: 1,
  /** Transaction gossip. Dropped first when a peer cannot keep up: the sender still has them. */
  Transactions: 2,
  BlockRequest: 3,
  BlockResponse: 4,
  /**
   * Encrypted travel-rule envelopes, pushed to peers and asked for by hash. Droppable: a node
   * that misses one asks for it when it is needed.
   */
  TravelRule: 5,
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

/** The handshake's channel byte; internal to the links. */
export const HANDSHAKE_CHANNEL = 0;

const CHANNELS: ReadonlySet<number> = new Set(Object.values(Channel));

export function isChannel(value: number): value is Channel {
  return CHANNELS.has(value);
}

/**
 * Whether frames of a channel may be dropped while the link stays up. Everything else is
 * critical: rather than drop it, the link is reset, and the node's reconnect path (re-send
 * `messagesForHeight()`, re-request blocks) repairs what was lost.
 */
export function isDroppable(channel: Channel): boolean {
  return channel === Channel.Transactions || channel === Channel.TravelRule;
}

/**
 * - `queued`: on its way; delivered unless the link drops first.
 * - `dropped`: a droppable frame refused because the queue is full of critical frames.
 * - `not-connected`: no open link to that peer; nothing is kept for later.
 * - `link-reset`: a critical frame did not fit: the link was closed (the peer is not reading).
 */
export type SendOutcome = "queued" | "dropped" | "not-connected" | "link-reset";

export interface PeerStatus {
  readonly peer: PeerId;
  readonly connected: boolean;
  /** Who opened the current link; null when not connected. */
  readonly direction: "inbound" | "outbound" | null;
  /** When the peer last connected or disconnected (the shell's clock); null if never. */
  readonly sinceMs: number | null;
  /** Frame bytes (headers included) and frames over the transport's lifetime, all links. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly framesIn: number;
  readonly framesOut: number;
  /** Droppable frames evicted or refused because the peer fell behind. */
  readonly framesDropped: number;
  /** The current link's outbound queue. */
  readonly queueFrames: number;
  readonly queueBytes: number;
  /** Why the last link closed, or why the last dial failed. */
  readonly lastError: string | null;
}

export type MessageHandler = (peer: PeerId, channel: Channel, bytes: Uint8Array) => void;
export type PeerHandler = (peer: PeerId) => void;
export type DisconnectHandler = (peer: PeerId, reason: string) => void;

export interface Transport {
  /** Our own peer id. */
  readonly self: PeerId;
  /** Starts listening and dialling. Resolves once listening. Call once. */
  start(): Promise<void>;
  /** Closes every link and the listener; pending frames are discarded. */
  stop(): Promise<void>;
  /**
   * Queues `bytes` for `peer`. Frames of one channel arrive in the order sent, or the link
   * drops. The transport keeps a reference to `bytes`: do not modify them afterwards.
   * @throws RangeError for a payload over FRAME_PAYLOAD_BYTES_MAX or an unknown channel.
   */
  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome;
  /** `send` to every allowed peer; one shared payload buffer. */
  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome>;
  /** Frames from authenticated peers only. Returns a function that unsubscribes. */
  onMessage(handler: MessageHandler): () => void;
  /** After the handshake; each connect is followed by exactly one disconnect. */
  onPeerConnected(handler: PeerHandler): () => void;
  onPeerDisconnected(handler: DisconnectHandler): () => void;
  /** One entry per allowed peer, sorted by peer id. */
  peers(): PeerStatus[];
}

/** What the links report for operators; the node forwards these to its logger. */
export type TransportLogEntry =
  | { readonly kind: "listening"; readonly address: string }
  | {
      readonly kind: "connected";
      readonly peer: PeerId;
      readonly direction: "inbound" | "outbound";
      readonly remote: string;
    }
  | { readonly kind: "disconnected"; readonly peer: PeerId; readonly reason: string }
  /**
   * We refused a peer: unknown key, wrong chain, genesis or protocol version, a TLS failure, or
   * a protocol violation before the handshake. `retryInMs` is set when we are the dialler.
   */
  | {
      readonly kind: "refused";
      readonly peer: PeerId | null;
      readonly remote: string;
      readonly reason: string;
      readonly retryInMs: number | null;
    }
  /** A link closed before its handshake completed, not by our refusal (timeout, reset, peer). */
  | {
      readonly kind: "link-failed";
      readonly peer: PeerId | null;
      readonly direction: "inbound" | "outbound";
      readonly remote: string;
      readonly reason: string;
      readonly retryInMs: number | null;
    };

export type TransportLog = (entry: TransportLogEntry) => void;

export function peerIdOf(publicKey: Uint8Array): PeerId {
  return bytesToHex(publicKey);
}
