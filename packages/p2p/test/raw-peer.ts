/**
 * A hand-driven TLS client for tests: it can leave out its certificate, speak TLS 1.2, send a
 * wrong handshake, send arbitrary frame headers, or stop reading — everything a TcpTransport
 * never does.
 */
import tls from "node:tls";
import type { KeyPair } from "@tongbao/crypto";
import { createNodeCertificate, P2P_PROTOCOL_VERSION, type Address } from "../src/index.ts";
import { encodeFrame } from "../src/frame.ts";
import { encodeHandshake, type Handshake } from "../src/handshake.ts";
import { CHAIN_ID, GENESIS_HASH } from "./support.ts";

export interface RawPeerOptions {
  /** The key whose certificate is presented; none if undefined. */
  readonly key?: KeyPair;
  readonly target: Address;
  readonly tlsVersion?: "TLSv1.2" | "TLSv1.3";
}

export class RawPeer {
  private readonly received: Buffer[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<void>;

  private constructor(readonly socket: tls.TLSSocket) {
    socket.on("data", (chunk: Buffer) => {
      this.received.push(chunk);
      for (const waiter of [...this.waiters]) waiter();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  /** Connects; resolves once TLS is up, or with null if the TLS handshake fails. */
  static connect(options: RawPeerOptions): Promise<RawPeer | null> {
    const certificate = options.key === undefined ? undefined : createNodeCertificate(options.key);
    const version = options.tlsVersion ?? "TLSv1.3";
    const socket = tls.connect({
      host: options.target.host,
      port: options.target.port,
      ...(certificate === undefined ? {} : { key: certificate.keyPem, cert: certificate.certPem }),
      minVersion: version,
      maxVersion: version,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    return new Promise((resolve) => {
      socket.once("secureConnect", () => resolve(new RawPeer(socket)));
      socket.once("error", () => resolve(null));
      socket.once("close", () => resolve(null));
    });
  }

  handshakeOf(key: KeyPair, overrides: Partial<Handshake> = {}): Uint8Array {
    return encodeFrame(
      0,
      encodeHandshake({
        protocolVersion: P2P_PROTOCOL_VERSION,
        chainId: CHAIN_ID,
        genesisHash: GENESIS_HASH,
        publicKey: key.publicKey,
        ...overrides,
      }),
    );
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Resolves once at least `bytes` bytes have arrived (e.g. the peer's handshake frame). */
  waitForBytes(bytes: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.received.reduce((sum, chunk) => sum + chunk.length, 0) < bytes) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Reads nothing more: the kernel buffers fill and the sender's queue takes the rest. */
  stopReading(): void {
    this.socket.removeAllListeners("data");
    this.socket.pause();
  }

  destroy(): void {
    this.socket.destroy();
  }
}
