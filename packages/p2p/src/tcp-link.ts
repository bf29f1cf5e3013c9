/**
 * One TLS connection to a peer, from the end of the TLS handshake to close:
 *
 *   securing ──(certificate key allowed)──▶ handshaking ──(handshake frame matches)──▶ open
 *       └───────────────── refusal, timeout, error or peer close ──────────────▶ closed
 *
 * Nothing is delivered before `open`: until then the only frame accepted is the peer's
 * handshake, limited to HANDSHAKE_FRAME_BYTES_MAX. Once open, frames go to the PeerTable and
 * the outbound queue drains into the socket while the socket holds less than
 * SOCKET_BUFFER_BYTES_TARGET, so a peer that stops reading fills our queue, where the policy
 * applies, rather than memory inside the socket.
 */
import type { TLSSocket } from "node:tls";
import { assert } from "@tongbao/std";
import { publicKeyOfCertificate } from "./certificate.ts";
import { FrameDecoder, encodeFrame, encodeFrameHeader } from "./frame.ts";
import { decodeHandshake, handshakeRefusal, peerKeyRefusal, type Handshake } from "./handshake.ts";
import {
  FRAME_BYTES_MAX,
  HANDSHAKE_FRAME_BYTES_MAX,
  KEEPALIVE_DELAY_MS,
  REFUSAL_LINGER_MS,
  SOCKET_BUFFER_BYTES_TARGET,
} from "./limits.ts";
import { OutboundQueue } from "./outbound-queue.ts";
import type { OpenLink, PeerTable } from "./peer-table.ts";
import { HANDSHAKE_CHANNEL, isChannel, peerIdOf, type PeerId } from "./transport.ts";

/**
 * PERF: payloads up to this size are copied behind their header and written once; larger ones
 * are written as header + payload, which avoids copying a block but costs a second write.
 */
const COPY_PAYLOAD_BYTES_MAX = 16 * 1024;

/** Why a link closed: we refused the peer, the peer broke the protocol, or anything else. */
export type CloseCause = "refused" | "misbehaved" | "failed";

export interface LinkContext {
  readonly selfKey: Uint8Array;
  readonly allowed: ReadonlySet<PeerId>;
  readonly handshake: Handshake;
  readonly handshakeFrame: Uint8Array;
  readonly table: PeerTable;
  readonly queueBytesMax: number;
  readonly queueFramesMax: number;
  readonly handshakeTimeoutMs: number;
  linkClosed(link: TcpLink, reason: string, cause: CloseCause, wasOpen: boolean): void;
}

type LinkState = "securing" | "handshaking" | "open" | "closed";

export class TcpLink implements OpenLink {
  readonly queue: OutboundQueue;
  private state: LinkState = "securing";
  /** Known once the certificate passed. */
  peer: PeerId | null = null;
  /** The key the certificate carried, accepted or not: for logs. */
  presented: PeerId | null = null;
  private peerKey: Uint8Array | null = null;
  private readonly decoder = new FrameDecoder(HANDSHAKE_FRAME_BYTES_MAX);
  private readonly timer: ReturnType<typeof setTimeout>;
  private flushScheduled = false;
  private awaitingDrain = false;

  constructor(
    private readonly context: LinkContext,
    readonly socket: TLSSocket,
    readonly direction: "inbound" | "outbound",
    /** The peer we dialled; null for inbound links. */
    readonly expected: PeerId | null,
    readonly remote: string,
  ) {
    this.queue = new OutboundQueue(context.queueBytesMax, context.queueFramesMax);
    this.timer = setTimeout(
      () => this.close("handshake timed out", "failed"),
      context.handshakeTimeoutMs,
    );
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    socket.on("error", (error: NodeJS.ErrnoException) =>
      this.close(`socket error: ${error.code ?? error.message}`, "failed"),
    );
    socket.on("close", () =>
      this.close(
        this.state === "open"
          ? "connection closed by peer"
          : "connection closed by peer before the handshake",
        "failed",
      ),
    );
    socket.on("data", (chunk: Buffer) => this.received(chunk));
  }

  /** TLS is up: check the certificate, then send our handshake. */
  secured(): void {
    if (this.state !== "securing") return;
    const refusal = this.certificateRefusal();
    if (refusal !== null) return this.close(refusal, "refused");
    this.state = "handshaking";
    this.socket.write(this.context.handshakeFrame);
  }

  flush(): void {
    if (this.flushScheduled || this.state !== "open") return;
    // PERF: one write pass after the current burst of sends (a broadcast, a batch of votes), so
    // the frames share TLS records instead of each paying for its own.
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.write();
    });
  }

  close(reason: string, cause: CloseCause = "failed"): void {
    if (this.state === "closed") return;
    const wasOpen = this.state === "open";
    this.state = "closed";
    clearTimeout(this.timer);
    if (cause === "failed") this.socket.destroy();
    else this.closeGently();
    this.queue.clear();
    if (wasOpen) {
      assert(this.peer !== null, "an open link knows its peer");
      this.context.table.closed(this.peer, this, reason);
    }
    this.context.linkClosed(this, reason, cause, wasOpen);
  }

  /** Half-closes and keeps discarding input until the peer closes or the linger ends. */
  private closeGently(): void {
    const socket = this.socket;
    const timer = setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.end();
  }

  private certificateRefusal(): string | null {
    const socket = this.socket;
    if (socket.getProtocol() !== "TLSv1.3") return `TLS version ${socket.getProtocol()}`;
    if (socket.isSessionReused()) return "resumed TLS session: validators always authenticate";
    const certificate = socket.getPeerX509Certificate();
    if (certificate === undefined) return "no certificate presented";
    const key = publicKeyOfCertificate(certificate);
    if (key === null) return "certificate key is not Ed25519";
    this.presented = peerIdOf(key);
    const { selfKey, allowed } = this.context;
    const refusal = peerKeyRefusal(selfKey, allowed, key, this.direction, this.expected);
    if (refusal !== null) return refusal;
    this.peer = this.presented;
    this.peerKey = key;
    return null;
  }

  private received(chunk: Buffer): void {
    if (this.state !== "handshaking" && this.state !== "open") return;
    const refusal = this.decoder.push(
      chunk,
      (channel, payload) => this.frame(channel, payload),
      () => this.state === "handshaking" || this.state === "open",
    );
    if (refusal !== null) {
      if (this.state === "open") this.close(`protocol violation: ${refusal}`, "misbehaved");
      else this.close(refusal, "refused");
    }
  }

  private frame(channel: number, payload: Uint8Array): void {
    if (this.state === "handshaking") return this.handshakeReceived(channel, payload);
    assert(this.state === "open" && this.peer !== null, "frames are delivered on open links");
    if (!isChannel(channel)) {
      const what = channel === HANDSHAKE_CHANNEL ? "a second handshake" : `channel ${channel}`;
      return this.close(`protocol violation: ${what}`, "misbehaved");
    }
    this.context.table.received(this.peer, this, channel, payload);
  }

  private handshakeReceived(channel: number, payload: Uint8Array): void {
    if (channel !== HANDSHAKE_CHANNEL) {
      return this.close(`frame on channel ${channel} before the handshake`, "refused");
    }
    const handshake = decodeHandshake(payload);
    if (typeof handshake === "string") return this.close(handshake, "refused");
    assert(this.peerKey !== null && this.peer !== null, "the certificate was checked first");
    const refusal = handshakeRefusal(this.context.handshake, handshake, this.peerKey);
    if (refusal !== null) return this.close(refusal, "refused");
    this.state = "open";
    clearTimeout(this.timer);
    this.decoder.lengthMax = FRAME_BYTES_MAX;
    this.context.table.opened(this.peer, this, this.remote);
  }

  private write(): void {
    if (this.state !== "open" || this.awaitingDrain) return;
    assert(this.peer !== null, "an open link knows its peer");
    const socket = this.socket;
    const table = this.context.table;
    socket.cork();
    while (socket.writableLength < SOCKET_BUFFER_BYTES_TARGET) {
      const frame = this.queue.shift();
      if (frame === undefined) break;
      const { channel, payload } = frame;
      if (payload.length <= COPY_PAYLOAD_BYTES_MAX) {
        socket.write(encodeFrame(channel, payload));
      } else {
        socket.write(encodeFrameHeader(channel, payload.length));
        socket.write(payload);
      }
      table.sent(this.peer, payload.length);
    }
    socket.uncork();
    if (this.queue.frames > 0) {
      // The target is above the socket's high-water mark, so write() returned false and
      // 'drain' will come once the socket has passed everything to the kernel.
      assert(socket.writableNeedDrain, "the socket owes a drain event");
      this.awaitingDrain = true;
      socket.once("drain", () => {
        this.awaitingDrain = false;
        this.write();
      });
    }
  }
}

/** The handshake frame both sides send first. */
export function encodeHandshakeFrame(handshakePayload: Uint8Array): Uint8Array {
  assert(handshakePayload.length + 1 <= HANDSHAKE_FRAME_BYTES_MAX, "handshake fits its limit");
  return encodeFrame(HANDSHAKE_CHANNEL, handshakePayload);
}
