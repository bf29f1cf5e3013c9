/**
 * The first frame on every link, sent by both sides (channel 0):
 *
 *   u16 protocol version ‖ string(chain id, ≤ 64 bytes) ‖ genesis hash (32) ‖ node key (32)
 *
 * in the canonical encoding (docs/spec/encoding.md). It travels inside TLS, after each side has
 * checked the other's certificate key, so it cannot be forged; it stops a validator of another
 * network, or of this network's earlier genesis, or of another protocol version, from joining.
 * The node key must equal the certificate's key, so a peer cannot speak for another validator.
 *
 * Also here: the rules on a peer's key, shared by the socket and in-memory links.
 */
import { Reader, Writer, DecodeError, CHAIN_ID_BYTES_MAX } from "@tongbao/codec";
import { bytesToHex, compareBytes, equalBytes } from "@tongbao/std";
import { HASH_BYTES } from "@tongbao/types";
import { NODE_PUBLIC_KEY_BYTES } from "./certificate.ts";
import { peerIdOf, type PeerId } from "./transport.ts";

export interface Handshake {
  readonly protocolVersion: number;
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function encodeHandshake(handshake: Handshake): Uint8Array {
  return new Writer(160)
    .u16(handshake.protocolVersion)
    .string(handshake.chainId, CHAIN_ID_BYTES_MAX)
    .fixed(handshake.genesisHash, HASH_BYTES)
    .fixed(handshake.publicKey, NODE_PUBLIC_KEY_BYTES)
    .finish();
}

/** The peer's handshake, or the reason its bytes are not one. */
export function decodeHandshake(bytes: Uint8Array): Handshake | string {
  try {
    const reader = new Reader(bytes);
    // The version comes first and is checked before the rest is parsed: a later version may
    // lay the rest out differently, and the refusal should name the version, not a parse error.
    const protocolVersion = reader.u16("protocol version");
    const chainId = reader.string(CHAIN_ID_BYTES_MAX, "chain id");
    const genesisHash = reader.fixed(HASH_BYTES, "genesis hash").slice();
    const publicKey = reader.fixed(NODE_PUBLIC_KEY_BYTES, "node key").slice();
    reader.end();
    return { protocolVersion, chainId, genesisHash, publicKey };
  } catch (error) {
    if (error instanceof DecodeError) {
      const version = bytes.length >= 2 ? (bytes[0]! << 8) | bytes[1]! : null;
      return `malformed handshake (${error.message}); peer protocol version ${version ?? "?"}`;
    }
    throw error;
  }
}

/**
 * Why the peer's handshake is refused, or null. `certificateKey` is the key its TLS certificate
 * carries (in memory: the key it registered with).
 */
export function handshakeRefusal(
  local: Handshake,
  remote: Handshake,
  certificateKey: Uint8Array,
): string | null {
  if (remote.protocolVersion !== local.protocolVersion) {
    return `protocol version ${remote.protocolVersion}, we speak ${local.protocolVersion}`;
  }
  if (remote.chainId !== local.chainId) {
    return `chain id "${remote.chainId}", ours is "${local.chainId}"`;
  }
  if (!equalBytes(remote.genesisHash, local.genesisHash)) {
    return `genesis hash ${bytesToHex(remote.genesisHash)}, ours is ${bytesToHex(local.genesisHash)}`;
  }
  if (!equalBytes(remote.publicKey, certificateKey)) {
    return `handshake names key ${peerIdOf(remote.publicKey)} but the certificate carries ${peerIdOf(certificateKey)}`;
  }
  return null;
}

/**
 * Why a peer presenting `key` is refused on a link in `direction`, or null.
 *
 * One link per pair, by a rule both sides apply: the validator with the lower key (byte order)
 * dials, the higher one accepts. So two validators never race to connect to each other, and an
 * inbound link from a higher key is a misconfigured or stale peer.
 */
export function peerKeyRefusal(
  self: Uint8Array,
  allowed: ReadonlySet<PeerId>,
  key: Uint8Array,
  direction: "inbound" | "outbound",
  expected: PeerId | null,
): string | null {
  const peer = peerIdOf(key);
  if (!allowed.has(peer)) return `unknown key ${peer}: not a validator in genesis`;
  if (direction === "outbound" && expected !== null && peer !== expected) {
    return `dialled ${expected} but the certificate carries ${peer}`;
  }
  if (direction === "inbound" && compareBytes(key, self) > 0) {
    return `peer ${peer} has the higher key and must wait to be dialled`;
  }
  return null;
}

/** True if we open the link to `peer` (our key is the lower one). */
export function weDial(self: Uint8Array, peer: Uint8Array): boolean {
  return compareBytes(self, peer) < 0;
}
