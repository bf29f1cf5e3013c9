/**
 * Test support: validator identities in key order, and a recorder of a transport's events that
 * tests wait on. Waits fail only when the awaited event never comes (a generous deadline), so
 * no test depends on how fast the machine is.
 */
import { compareBytes } from "@tongbao/std";
import { generateKeyPair, type KeyPair } from "@tongbao/crypto";
import { sha256 } from "@tongbao/codec";
import {
  peerIdOf,
  type Channel,
  type PeerId,
  type Transport,
  type TransportLogEntry,
} from "../src/index.ts";

export const CHAIN_ID = "tongbao-p2p-test-1";
export const GENESIS_HASH = sha256(new TextEncoder().encode("p2p test genesis"));
/** Fails a wait only when something never happens; far above any healthy duration. */
export const WAIT_MS_MAX = 30_000;

export interface Identity {
  readonly key: KeyPair;
  readonly peer: PeerId;
}

/** `count` node identities sorted by public key, so index order is dial order (lower dials). */
export function identities(count: number): Identity[] {
  return Array.from({ length: count }, () => generateKeyPair())
    .sort((a, b) => compareBytes(a.publicKey, b.publicKey))
    .map((key) => ({ key, peer: peerIdOf(key.publicKey) }));
}

export interface Received {
  readonly peer: PeerId;
  readonly channel: Channel;
  readonly bytes: Uint8Array;
}

export class Recorder {
  readonly messages: Received[] = [];
  readonly connected: PeerId[] = [];
  readonly disconnected: { peer: PeerId; reason: string }[] = [];
  readonly logs: TransportLogEntry[] = [];
  private readonly waiters = new Set<() => void>();

  readonly log = (entry: TransportLogEntry): void => {
    this.logs.push(entry);
    this.changed();
  };

  attach(transport: Transport): void {
    transport.onMessage((peer, channel, bytes) => {
      this.messages.push({ peer, channel, bytes: bytes.slice() });
      this.changed();
    });
    transport.onPeerConnected((peer) => {
      this.connected.push(peer);
      this.changed();
    });
    transport.onPeerDisconnected((peer, reason) => {
      this.disconnected.push({ peer, reason });
      this.changed();
    });
  }

  /** Resolves with `check()`'s first truthy value, re-checked after every recorded event. */
  waitFor<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined || value === null || value === false) return false;
        this.waiters.delete(attempt);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`never happened: ${what}`));
      }, WAIT_MS_MAX);
      if (!attempt()) this.waiters.add(attempt);
    });
  }

  refusals(): Extract<TransportLogEntry, { kind: "refused" }>[] {
    return this.logs.filter((entry) => entry.kind === "refused");
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Re-checks `check` every few milliseconds until it holds: for state no event announces. */
export async function poll<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  const deadline = Date.now() + WAIT_MS_MAX;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function textOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Yields to the event loop so sockets can move bytes. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
