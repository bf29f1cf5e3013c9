/**
 * Every size, count and delay of the validator links, each with its reason. Relationships are
 * asserted at load, so a change that breaks one fails at start-up.
 */
import { assert } from "@tongbao/std";

/** Bumped when the framing or handshake changes; peers speaking another version are refused. */
export const P2P_PROTOCOL_VERSION = 1;

/** u32 length (of channel byte + payload) followed by the channel byte. */
export const FRAME_HEADER_BYTES = 5;

/**
 * The largest frame body (channel byte + payload) either side accepts. The largest message is a
 * block: a proposal or a committed block of at most 4 MiB of payload (consensus
 * PAYLOAD_BYTES_MAX) plus header and a certificate of up to 128 signatures. 16 MiB holds that
 * four times over, leaving room for a later catch-up response carrying several blocks, while a
 * peer can make us hold at most 16 MiB of a half-received frame per link (~0.5 GiB for 30
 * peers). A longer length prefix is a protocol violation: the link is closed before any of the
 * body is read. The node asserts that its largest message fits.
 */
export const FRAME_BYTES_MAX = 16 * 1024 * 1024;

/** The largest payload `send` accepts: the frame body minus its channel byte. */
export const FRAME_PAYLOAD_BYTES_MAX = FRAME_BYTES_MAX - 1;

/**
 * Before the handshake completes, frames are limited to the handshake's own size (version,
 * chain id of at most 64 bytes, genesis hash, node key: at most 134 bytes), so a peer that has not yet
 * shown the right chain cannot make us buffer megabytes.
 */
export const HANDSHAKE_FRAME_BYTES_MAX = 256;

/**
 * Bytes waiting in one peer's outbound queue (frame headers included). Two full frames: a
 * broadcast shares one payload buffer among all peers' queues, so this bounds accounting per
 * peer while the memory actually held is mostly shared. A peer that falls this far behind is
 * not keeping up with consensus.
 */
export const QUEUE_BYTES_MAX_DEFAULT = 2 * FRAME_BYTES_MAX;

/**
 * Frames waiting in one peer's outbound queue: about two seconds of transaction gossip at
 * 4,000 frames per second, or ~90 rounds of all-to-all votes among 30 validators.
 */
export const QUEUE_FRAMES_MAX_DEFAULT = 8_192;

/**
 * Bytes handed to the socket ahead of the kernel. Beyond this, frames wait in our queue, where
 * the drop policy applies and `peers()` can see them; below it, the socket always has data to
 * send, so loopback and LAN links stay busy.
 */
export const SOCKET_BUFFER_BYTES_TARGET = 256 * 1024;

/** TCP connect + TLS handshake + our handshake frame; a peer slower than this is not healthy. */
export const HANDSHAKE_TIMEOUT_MS_DEFAULT = 10_000;

/** First redial delay after a link drops or a dial fails. */
export const RECONNECT_DELAY_MS_MIN_DEFAULT = 100;

/**
 * The redial delay doubles per failed attempt up to this cap, so a restarted validator is
 * reached within about five seconds while a dead one costs one dial every few seconds.
 */
export const RECONNECT_DELAY_MS_MAX_DEFAULT = 5_000;

/**
 * After refusing a peer or closing a link for a protocol violation we half-close (TLS
 * close_notify, TCP FIN) and discard what the peer still sends for up to this long, so that it
 * reads our handshake and logs its own reason instead of a connection reset.
 */
export const REFUSAL_LINGER_MS = 1_000;

/** TCP keepalive probes start after this much silence, to notice a peer whose host vanished. */
export const KEEPALIVE_DELAY_MS = 10_000;

/**
 * Inbound connections that have not finished the handshake. They are not yet attributable to a
 * validator, so they are bounded separately from the allowed peers.
 */
export const HANDSHAKING_LINKS_MAX = 32;

/** Mirrors consensus VALIDATORS_MAX: the allowed set comes from genesis's validators. */
export const PEERS_MAX = 128;

assert(HANDSHAKE_FRAME_BYTES_MAX < FRAME_BYTES_MAX, "the handshake limit is the smaller one");
assert(FRAME_BYTES_MAX <= 0xffffffff, "the frame length is a u32");
assert(
  QUEUE_BYTES_MAX_DEFAULT >= FRAME_HEADER_BYTES + FRAME_BYTES_MAX,
  "an empty queue must accept the largest frame",
);
assert(
  RECONNECT_DELAY_MS_MIN_DEFAULT <= RECONNECT_DELAY_MS_MAX_DEFAULT,
  "reconnect delays are ordered",
);
