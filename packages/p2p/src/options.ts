/**
 * Options shared by both transports, and their checks at the boundary: TypeError for a wrong
 * type, RangeError for a wrong value, each saying what to fix.
 */
import { CHAIN_ID_BYTES_MAX } from "@tongbao/codec";
import { KeyType, type KeyPair } from "@tongbao/crypto";
import { HASH_BYTES } from "@tongbao/types";
import { NODE_PUBLIC_KEY_BYTES } from "./certificate.ts";
import type { Handshake } from "./handshake.ts";
import {
  FRAME_BYTES_MAX,
  FRAME_HEADER_BYTES,
  P2P_PROTOCOL_VERSION,
  PEERS_MAX,
  QUEUE_BYTES_MAX_DEFAULT,
  QUEUE_FRAMES_MAX_DEFAULT,
} from "./limits.ts";
import { peerIdOf, type PeerId, type TransportLog } from "./transport.ts";

/**
 * A node from genesis (validator or observer). The address is needed only for peers we dial
 * (lower key dials).
 */
export interface PeerSpec {
  readonly publicKey: Uint8Array;
  readonly host?: string;
  readonly port?: number;
}

export interface TransportOptions {
  readonly chainId: string;
  /** The hash of the genesis document both sides started from. */
  readonly genesisHash: Uint8Array;
  /** This validator's Ed25519 node key (from its key file). */
  readonly nodeKey: KeyPair;
  /**
   * The only keys allowed to connect: for a validator, genesis's validators and observers; for
   * an observer, the validators. Our own key may be listed.
   */
  readonly peers: readonly PeerSpec[];
  /** Per-peer outbound bound in bytes; at least one largest frame. */
  readonly queueBytesMax?: number;
  readonly queueFramesMax?: number;
}

export interface TransportModules {
  readonly log?: TransportLog;
  /** The shell's clock, for `PeerStatus.sinceMs` only. Defaults to Date.now. */
  readonly nowMs?: () => number;
}

export interface CheckedOptions {
  readonly selfKey: Uint8Array;
  readonly self: PeerId;
  /** Allowed peers (without ourselves), by id. */
  readonly peers: ReadonlyMap<PeerId, PeerSpec>;
  readonly handshake: Handshake;
  readonly queueBytesMax: number;
  readonly queueFramesMax: number;
}

const CHAIN_ID = new RegExp(`^[A-Za-z0-9._-]{1,${CHAIN_ID_BYTES_MAX}}$`);

export function checkTransportOptions(options: TransportOptions): CheckedOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("transport options: expected an object");
  }
  const { chainId, genesisHash, nodeKey } = options;
  if (typeof chainId !== "string") throw new TypeError("chainId: expected a string");
  if (!CHAIN_ID.test(chainId)) {
    throw new RangeError(`chainId: "${chainId}" must be 1–64 characters of A–Z, a–z, 0–9, . _ -`);
  }
  aBytes(genesisHash, HASH_BYTES, "genesisHash");
  if (typeof nodeKey !== "object" || nodeKey === null) {
    throw new TypeError("nodeKey: expected a key pair (loadKeyFile or generateKeyPair)");
  }
  if (nodeKey.type !== KeyType.Ed25519) {
    throw new RangeError("nodeKey: validator links need an Ed25519 node key, not P-256");
  }
  aBytes(nodeKey.publicKey, NODE_PUBLIC_KEY_BYTES, "nodeKey.publicKey");
  const self = peerIdOf(nodeKey.publicKey);

  if (!Array.isArray(options.peers)) throw new TypeError("peers: expected an array");
  if (options.peers.length > PEERS_MAX) {
    throw new RangeError(`peers: ${options.peers.length} listed, at most ${PEERS_MAX}`);
  }
  const peers = new Map<PeerId, PeerSpec>();
  for (const [i, spec] of options.peers.entries()) {
    aBytes(spec?.publicKey, NODE_PUBLIC_KEY_BYTES, `peers[${i}].publicKey`);
    const peer = peerIdOf(spec.publicKey);
    if (peer === self) continue;
    if (peers.has(peer)) throw new RangeError(`peers[${i}]: key ${peer} is listed twice`);
    if (spec.host !== undefined || spec.port !== undefined) aAddress(spec, `peers[${i}]`);
    peers.set(peer, spec);
  }

  const queueBytesMax = options.queueBytesMax ?? QUEUE_BYTES_MAX_DEFAULT;
  const frameMax = FRAME_HEADER_BYTES + FRAME_BYTES_MAX;
  if (!Number.isSafeInteger(queueBytesMax) || queueBytesMax < frameMax) {
    throw new RangeError(
      `queueBytesMax: ${queueBytesMax} must be an integer ≥ ${frameMax}, so that the largest frame fits`,
    );
  }
  const queueFramesMax = options.queueFramesMax ?? QUEUE_FRAMES_MAX_DEFAULT;
  if (!Number.isSafeInteger(queueFramesMax) || queueFramesMax < 1) {
    throw new RangeError(`queueFramesMax: ${queueFramesMax} must be a positive integer`);
  }
  return {
    selfKey: nodeKey.publicKey,
    self,
    peers,
    handshake: {
      protocolVersion: P2P_PROTOCOL_VERSION,
      chainId,
      genesisHash,
      publicKey: nodeKey.publicKey,
    },
    queueBytesMax,
    queueFramesMax,
  };
}

export interface Address {
  readonly host: string;
  readonly port: number;
}

export function aAddress(value: { host?: unknown; port?: unknown }, title: string): Address {
  const { host, port } = value;
  if (typeof host !== "string" || host.length === 0) {
    throw new TypeError(`${title}.host: expected a host name or IP address`);
  }
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
    throw new RangeError(`${title}.port: ${String(port)} is not a TCP port (0–65535)`);
  }
  return { host, port: port as number };
}

function aBytes(value: unknown, length: number, title: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${title}: expected a Uint8Array`);
  if (value.length !== length) {
    throw new RangeError(`${title}: expected ${length} bytes, got ${value.length}`);
  }
}
