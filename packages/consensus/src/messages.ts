/**
 * The data consensus hashes, signs and sends: block headers, proposals, votes and the wire
 * envelope around them. Every encoding starts with a version byte and uses the codec's fixed
 * width integers, and every decoder refuses anything but the one canonical encoding
 * (docs/spec/consensus.md §3).
 */
import { DecodeError, Reader, Writer, decodeAll, taggedHash } from "@tongbao/codec";
import { assert } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import { PAYLOAD_BYTES_MAX, SIGNATURE_BYTES_MAX } from "./limits.ts";

export const ENCODING_VERSION = 1;
export const HASH_BYTES = 32;

const HEADER_TAG = "tongbao/consensus/header";
const PAYLOAD_TAG = "tongbao/consensus/payload";

/** The header of a block; its hash is the block id that votes name. */
export interface BlockHeader {
  readonly height: Height;
  /** The round in which this block was first proposed; a re-proposal keeps it. */
  readonly round: Round;
  /** Agreed time proposed by the block's creator (docs/spec/consensus.md, T1–T2). */
  readonly timestampMs: TimestampMs;
  /** Block id of the parent; for height 1, the genesis id. */
  readonly parentId: Uint8Array;
  readonly payloadHash: Uint8Array;
  /** The application's state hash after executing the parent (what finalizeBlock returned). */
  readonly appHash: Uint8Array;
  /** Index, in the validator set of this height, of the validator that created the block. */
  readonly proposerIndex: number;
}

/** A value of the algorithm: a header and the application's opaque payload. */
export interface Block {
  readonly header: BlockHeader;
  readonly payload: Uint8Array;
}

export type VoteType = "prevote" | "precommit";

export interface Vote {
  readonly type: VoteType;
  readonly height: Height;
  readonly round: Round;
  /** null is the algorithm's nil. */
  readonly blockId: Uint8Array | null;
  readonly validatorIndex: number;
}

export interface Proposal {
  readonly height: Height;
  readonly round: Round;
  /** The round of the polka that justifies re-proposing this block, or -1 for a fresh block. */
  readonly validRound: number;
  readonly blockId: Uint8Array;
  readonly proposerIndex: number;
}

export interface SignedVote {
  readonly vote: Vote;
  readonly signature: Uint8Array;
}

export interface SignedProposal {
  readonly proposal: Proposal;
  readonly signature: Uint8Array;
}

/** What validators send each other. A proposal travels with its block. */
export type ConsensusMessage =
  | { readonly kind: "proposal"; readonly signed: SignedProposal; readonly block: Block }
  | { readonly kind: "vote"; readonly signed: SignedVote };

const VOTE_TYPE_CODE: Record<VoteType, number> = { prevote: 1, precommit: 2 };
const MESSAGE_KIND_PROPOSAL = 1;
const MESSAGE_KIND_VOTE = 2;

export function payloadHashOf(payload: Uint8Array): Uint8Array {
  return taggedHash(PAYLOAD_TAG, payload);
}

export function blockIdOf(header: BlockHeader): Uint8Array {
  return taggedHash(HEADER_TAG, encodeHeader(header));
}

// ---- header ----

export function writeHeader(w: Writer, header: BlockHeader): void {
  w.u8(ENCODING_VERSION)
    .u53(header.height)
    .u32(header.round)
    .u53(header.timestampMs)
    .fixed(header.parentId, HASH_BYTES)
    .fixed(header.payloadHash, HASH_BYTES)
    .fixed(header.appHash, HASH_BYTES)
    .u16(header.proposerIndex);
}

export function readHeader(r: Reader): BlockHeader {
  r.tag([ENCODING_VERSION], "header version");
  return {
    height: r.u53("height") as Height,
    round: r.u32("round") as Round,
    timestampMs: r.u53("timestamp") as TimestampMs,
    parentId: r.fixed(HASH_BYTES, "parent id").slice(),
    payloadHash: r.fixed(HASH_BYTES, "payload hash").slice(),
    appHash: r.fixed(HASH_BYTES, "app hash").slice(),
    proposerIndex: r.u16("proposer index"),
  };
}

export function encodeHeader(header: BlockHeader): Uint8Array {
  const w = new Writer(128);
  writeHeader(w, header);
  return w.finish();
}

export function decodeHeader(bytes: Uint8Array): BlockHeader {
  return decodeAll(bytes, readHeader);
}

// ---- votes and proposals: the bytes that are signed ----

function writeVote(w: Writer, vote: Vote): void {
  w.u8(ENCODING_VERSION).u8(VOTE_TYPE_CODE[vote.type]).u53(vote.height).u32(vote.round);
  w.bool(vote.blockId !== null);
  if (vote.blockId !== null) w.fixed(vote.blockId, HASH_BYTES);
  w.u16(vote.validatorIndex);
}

function readVote(r: Reader): Vote {
  r.tag([ENCODING_VERSION], "vote version");
  const type: VoteType = r.tag([1, 2], "vote type") === 1 ? "prevote" : "precommit";
  const height = r.u53("height") as Height;
  const round = r.u32("round") as Round;
  const blockId = r.bool("has block") ? r.fixed(HASH_BYTES, "block id").slice() : null;
  const validatorIndex = r.u16("validator index");
  return { type, height, round, blockId, validatorIndex };
}

/** The canonical bytes of a vote: what `signingBytes(chainId, "vote", …)` frames and signs. */
export function encodeVote(vote: Vote): Uint8Array {
  const w = new Writer(64);
  writeVote(w, vote);
  return w.finish();
}

export function decodeVote(bytes: Uint8Array): Vote {
  return decodeAll(bytes, readVote);
}

function writeProposal(w: Writer, proposal: Proposal): void {
  assert(Number.isInteger(proposal.validRound) && proposal.validRound >= -1, "valid round");
  // validRound + 1 keeps the field unsigned: 0 encodes -1, so there is exactly one form.
  w.u8(ENCODING_VERSION)
    .u53(proposal.height)
    .u32(proposal.round)
    .u32(proposal.validRound + 1)
    .fixed(proposal.blockId, HASH_BYTES)
    .u16(proposal.proposerIndex);
}

function readProposal(r: Reader): Proposal {
  r.tag([ENCODING_VERSION], "proposal version");
  const height = r.u53("height") as Height;
  const round = r.u32("round") as Round;
  const validRound = r.u32("valid round") - 1;
  const blockId = r.fixed(HASH_BYTES, "block id").slice();
  const proposerIndex = r.u16("proposer index");
  return { height, round, validRound, blockId, proposerIndex };
}

/** The canonical bytes of a proposal: what `signingBytes(chainId, "proposal", …)` frames. */
export function encodeProposal(proposal: Proposal): Uint8Array {
  const w = new Writer(64);
  writeProposal(w, proposal);
  return w.finish();
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  return decodeAll(bytes, readProposal);
}

// ---- the wire envelope ----

export function encodeMessage(message: ConsensusMessage): Uint8Array {
  const w = new Writer(message.kind === "vote" ? 128 : 256 + message.block.payload.length);
  w.u8(ENCODING_VERSION);
  if (message.kind === "vote") {
    w.u8(MESSAGE_KIND_VOTE);
    writeVote(w, message.signed.vote);
    w.bytes(message.signed.signature, SIGNATURE_BYTES_MAX);
  } else {
    w.u8(MESSAGE_KIND_PROPOSAL);
    writeProposal(w, message.signed.proposal);
    w.bytes(message.signed.signature, SIGNATURE_BYTES_MAX);
    writeHeader(w, message.block.header);
    w.bytes(message.block.payload, PAYLOAD_BYTES_MAX);
  }
  return w.finish();
}

/** Decodes a message from a peer. Throws DecodeError for anything but canonical bytes. */
export function decodeMessage(bytes: Uint8Array): ConsensusMessage {
  return decodeAll(bytes, (r) => {
    r.tag([ENCODING_VERSION], "message version");
    const kind = r.tag([MESSAGE_KIND_PROPOSAL, MESSAGE_KIND_VOTE], "message kind");
    if (kind === MESSAGE_KIND_VOTE) {
      const vote = readVote(r);
      const signature = r.bytes(SIGNATURE_BYTES_MAX, "signature").slice();
      return { kind: "vote", signed: { vote, signature } };
    }
    const proposal = readProposal(r);
    const signature = r.bytes(SIGNATURE_BYTES_MAX, "signature").slice();
    const header = readHeader(r);
    const payload = r.bytes(PAYLOAD_BYTES_MAX, "payload").slice();
    return { kind: "proposal", signed: { proposal, signature }, block: { header, payload } };
  });
}

/** Height and round of any message, for routing before it is checked. */
export function messagePosition(message: ConsensusMessage): { height: Height; round: Round } {
  return message.kind === "vote" ? message.signed.vote : message.signed.proposal;
}

export { DecodeError };
