/**
 * Validator links over TCP with mutual TLS 1.3 and pinned keys (ADR 0005).
 *
 * Both sides present a self-signed certificate of their Ed25519 node key and request the
 * other's. OpenSSL's chain verification is switched off (`rejectUnauthorized: false`) because
 * there is no CA: instead each side reads the key from the peer's certificate as soon as TLS
 * completes and refuses any key not listed in genesis, before reading or writing a frame. TLS
 * 1.3's CertificateVerify has already proved that the peer holds that key's private half.
 * `checkServerIdentity` is not used: node:tls calls it only when the chain verified, and host
 * names mean nothing here (a validator is its key, not its address).
 *
 * The validator with the lower key dials; the other accepts (one link per pair). A dialler
 * redials after any close with capped exponential backoff and jitter; the jitter comes from an
 * injected source, since this is the shell and not the deterministic core.
 */
import { randomInt } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import tls from "node:tls";
import { assert } from "@tongbao/std";
import { createNodeCertificate, type NodeCertificate } from "./certificate.ts";
import { encodeHandshake, weDial } from "./handshake.ts";
import {
  HANDSHAKE_TIMEOUT_MS_DEFAULT,
  HANDSHAKING_LINKS_MAX,
  RECONNECT_DELAY_MS_MAX_DEFAULT,
  RECONNECT_DELAY_MS_MIN_DEFAULT,
} from "./limits.ts";
import {
  aAddress,
  checkTransportOptions,
  type Address,
  type CheckedOptions,
  type TransportModules,
  type TransportOptions,
} from "./options.ts";
import { PeerTable } from "./peer-table.ts";
import { TcpLink, encodeHandshakeFrame, type CloseCause, type LinkContext } from "./tcp-link.ts";
import type {
  Channel,
  DisconnectHandler,
  MessageHandler,
  PeerHandler,
  PeerId,
  PeerStatus,
  SendOutcome,
  Transport,
  TransportLog,
} from "./transport.ts";

export interface TcpTransportOptions extends TransportOptions {
  /** Where to accept peers. Port 0 picks a free port (see `address`). */
  readonly listen: Address;
  readonly handshakeTimeoutMs?: number;
  readonly reconnectDelayMsMin?: number;
  readonly reconnectDelayMsMax?: number;
}

export interface TcpTransportModules extends TransportModules {
  /** Uniform in [0, 1), for reconnect jitter. Defaults to node:crypto randomness. */
  readonly random?: () => number;
}

/** Doubling stops here; 2^20 × the minimum delay is far above any sensible cap. */
const BACKOFF_EXPONENT_MAX = 20;

interface DialState {
  address: Address | null;
  /** The outbound link being set up or open. */
  link: TcpLink | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Failed attempts since the last open link: the backoff exponent. */
  attempt: number;
}

export class TcpTransport implements Transport {
  readonly self: PeerId;
  private readonly checked: CheckedOptions;
  private readonly table: PeerTable;
  private readonly log: TransportLog;
  private readonly random: () => number;
  private readonly certificate: NodeCertificate;
  private readonly context: LinkContext;
  private readonly dials = new Map<PeerId, DialState>();
  private readonly inbound = new Set<TcpLink>();
  /** Raw sockets of the listener, including those still in the TLS handshake. */
  private readonly sockets = new Set<Socket>();
  private readonly delayMsMin: number;
  private readonly delayMsMax: number;
  private server: tls.Server | null = null;
  private bound: Address | null = null;
  private state: "new" | "started" | "stopped" = "new";

  constructor(
    private readonly options: TcpTransportOptions,
    modules: TcpTransportModules = {},
  ) {
    this.checked = checkTransportOptions(options);
    this.self = this.checked.self;
    aAddress(options.listen ?? {}, "listen");
    const handshakeTimeoutMs = options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS_DEFAULT;
    this.delayMsMin = options.reconnectDelayMsMin ?? RECONNECT_DELAY_MS_MIN_DEFAULT;
    this.delayMsMax = options.reconnectDelayMsMax ?? RECONNECT_DELAY_MS_MAX_DEFAULT;
    for (const [name, value] of [
      ["handshakeTimeoutMs", handshakeTimeoutMs],
      ["reconnectDelayMsMin", this.delayMsMin],
      ["reconnectDelayMsMax", this.delayMsMax],
    ] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) {
        throw new RangeError(`${name}: ${value} must be a positive integer of milliseconds`);
      }
    }
    if (this.delayMsMin > this.delayMsMax) {
      throw new RangeError("reconnectDelayMsMin must not exceed reconnectDelayMsMax");
    }
    this.log = modules.log ?? (() => {});
    this.random = modules.random ?? (() => randomInt(0x1_0000_0000) / 0x1_0000_0000);
    this.table = new PeerTable(this.checked.peers.keys(), modules.nowMs ?? Date.now, this.log);
    this.certificate = createNodeCertificate(options.nodeKey);
    for (const [peer, spec] of this.checked.peers) {
      if (!weDial(this.checked.selfKey, spec.publicKey)) continue;
      const address = spec.host === undefined ? null : aAddress(spec, `peer ${peer}`);
      this.dials.set(peer, { address, link: null, timer: null, attempt: 0 });
    }
    this.context = {
      selfKey: this.checked.selfKey,
      allowed: new Set(this.checked.peers.keys()),
      handshake: this.checked.handshake,
      handshakeFrame: encodeHandshakeFrame(encodeHandshake(this.checked.handshake)),
      table: this.table,
      queueBytesMax: this.checked.queueBytesMax,
      queueFramesMax: this.checked.queueFramesMax,
      handshakeTimeoutMs,
      linkClosed: (link, reason, cause, wasOpen) => this.linkClosed(link, reason, cause, wasOpen),
    };
  }

  /** The bound listening address, once started. */
  get address(): Address {
    assert(this.bound !== null, "address: the transport has not started");
    return this.bound;
  }

  async start(): Promise<void> {
    assert(this.state === "new", "a transport starts once");
    this.state = "started";
    const server = tls.createServer({
      key: this.certificate.keyPem,
      cert: this.certificate.certPem,
      minVersion: "TLSv1.3",
      maxVersion: "TLSv1.3",
      requestCert: true,
      // No CA: the key is checked against genesis in TcpLink.secured() instead.
      rejectUnauthorized: false,
      handshakeTimeout: this.context.handshakeTimeoutMs,
    });
    this.server = server;
    server.maxConnections = this.checked.peers.size + HANDSHAKING_LINKS_MAX;
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    server.on("secureConnection", (socket: tls.TLSSocket) => this.accepted(socket));
    server.on("tlsClientError", (error: NodeJS.ErrnoException, socket: tls.TLSSocket) => {
      if (this.state !== "started") return; // stop() destroyed it mid-handshake
      this.log({
        kind: "refused",
        peer: null,
        remote: remoteOf(socket),
        reason: `TLS handshake failed: ${error.code ?? error.message}`,
        retryInMs: null,
      });
    });
    const { host, port } = this.options.listen;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    // After listening, an error on the server is a bug or a dying host: crash loudly.
    server.on("error", (error) => {
      throw error;
    });
    const info = server.address() as AddressInfo;
    this.bound = { host: info.address, port: info.port };
    this.log({ kind: "listening", address: `${info.address}:${info.port}` });
    for (const peer of this.dials.keys()) this.dial(peer);
  }

  async stop(): Promise<void> {
    if (this.state !== "started") {
      this.state = "stopped";
      return;
    }
    this.state = "stopped";
    for (const dial of this.dials.values()) {
      if (dial.timer !== null) clearTimeout(dial.timer);
      dial.timer = null;
      dial.link?.close("transport stopped");
    }
    for (const link of [...this.inbound]) link.close("transport stopped");
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Sets or changes where a peer listens (e.g. after an operator moves a validator). Dials at
   * once if we are the dialler and no link is up; ignored for peers that dial us.
   */
  setPeerAddress(peer: PeerId, address: Address): void {
    if (!this.table.has(peer)) throw new RangeError(`setPeerAddress: ${peer} is not allowed`);
    const dial = this.dials.get(peer);
    if (dial === undefined) return;
    dial.address = aAddress(address, "address");
    if (this.state === "started" && dial.link === null) {
      if (dial.timer !== null) clearTimeout(dial.timer);
      dial.timer = null;
      this.dial(peer);
    }
  }

  send(peer: PeerId, channel: Channel, bytes: Uint8Array): SendOutcome {
    return this.table.send(peer, channel, bytes);
  }

  broadcast(channel: Channel, bytes: Uint8Array): ReadonlyMap<PeerId, SendOutcome> {
    return this.table.broadcast(channel, bytes);
  }

  onMessage(handler: MessageHandler): () => void {
    return this.table.onMessage(handler);
  }

  onPeerConnected(handler: PeerHandler): () => void {
    return this.table.onPeerConnected(handler);
  }

  onPeerDisconnected(handler: DisconnectHandler): () => void {
    return this.table.onPeerDisconnected(handler);
  }

  peers(): PeerStatus[] {
    return this.table.status();
  }

  private dial(peer: PeerId): void {
    const dial = this.dials.get(peer);
    assert(dial !== undefined, "we dial this peer");
    dial.timer = null;
    if (this.state !== "started" || dial.address === null || dial.link !== null) return;
    const { host, port } = dial.address;
    const socket = tls.connect({
      host,
      port,
      key: this.certificate.keyPem,
      cert: this.certificate.certPem,
      minVersion: "TLSv1.3",
      maxVersion: "TLSv1.3",
      rejectUnauthorized: false,
      // Our check is the key, done in TcpLink.secured(); names and addresses prove nothing.
      checkServerIdentity: () => undefined,
    });
    const link = new TcpLink(this.context, socket, "outbound", peer, `${host}:${port}`);
    dial.link = link;
    socket.once("secureConnect", () => link.secured());
  }

  private accepted(socket: tls.TLSSocket): void {
    if (this.state !== "started") {
      socket.destroy();
      return;
    }
    const link = new TcpLink(this.context, socket, "inbound", null, remoteOf(socket));
    this.inbound.add(link);
    link.secured();
  }

  private linkClosed(link: TcpLink, reason: string, cause: CloseCause, wasOpen: boolean): void {
    let retryInMs: number | null = null;
    if (link.direction === "inbound") {
      this.inbound.delete(link);
    } else {
      assert(link.expected !== null, "outbound links know whom they dialled");
      const dial = this.dials.get(link.expected);
      assert(dial !== undefined && dial.link === link, "the dial owns its link");
      dial.link = null;
      if (wasOpen) dial.attempt = 0;
      // A peer that broke the protocol or was refused waits the full cap before we try again.
      if (cause !== "failed") dial.attempt = BACKOFF_EXPONENT_MAX;
      if (this.state === "started") {
        retryInMs = this.backoffMs(dial.attempt);
        dial.attempt = Math.min(dial.attempt + 1, BACKOFF_EXPONENT_MAX);
        dial.timer = setTimeout(() => this.dial(link.expected!), retryInMs);
      }
    }
    if (wasOpen) return; // The table logged the disconnect.
    const peer = link.peer ?? link.presented ?? link.expected;
    if (cause === "refused") {
      this.log({ kind: "refused", peer, remote: link.remote, reason, retryInMs });
    } else if (this.state === "started") {
      this.log({
        kind: "link-failed",
        peer,
        direction: link.direction,
        remote: link.remote,
        reason,
        retryInMs,
      });
    }
    if (link.expected !== null) this.table.failed(link.expected, reason);
  }

  /** Capped exponential backoff with jitter in [delay/2, delay]. */
  private backoffMs(attempt: number): number {
    const delay = Math.min(this.delayMsMax, this.delayMsMin * 2 ** attempt);
    const jitter = this.random();
    assert(jitter >= 0 && jitter < 1, "random() returns a number in [0, 1)");
    return Math.round(delay / 2 + (jitter * delay) / 2);
  }
}

function remoteOf(socket: Socket): string {
  return `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
}
