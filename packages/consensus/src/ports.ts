/**
 * The ports through which consensus reaches the world. The engine calls them synchronously from
 * `step`, so each implementation must return without waiting on I/O (docs/adr/0002).
 */
import type { Height, Round, TimestampMs } from "@tongbao/types";
import type { BlockHeader } from "./messages.ts";
import type { CommitCertificate } from "./certificate.ts";

/** What the engine knows about the last committed block: the parent of the block being decided. */
export interface ParentInfo {
  /** 0 for genesis. */
  readonly height: Height;
  /** For genesis, an id the operators agree on (e.g. the hash of the genesis document). */
  readonly blockId: Uint8Array;
  readonly timestampMs: TimestampMs;
  /** The application's state hash after executing this block (or the genesis state). */
  readonly appHash: Uint8Array;
}

export interface ProposeInput {
  readonly height: Height;
  readonly round: Round;
  /** The agreed time the new block will carry; the application may use it to expire entries. */
  readonly timestampMs: TimestampMs;
  readonly parent: ParentInfo;
}

export interface VerifyInput {
  readonly height: Height;
  readonly payload: Uint8Array;
  readonly timestampMs: TimestampMs;
  readonly parent: ParentInfo;
}

export interface FinalizeInput {
  readonly height: Height;
  readonly blockId: Uint8Array;
  readonly header: BlockHeader;
  readonly payload: Uint8Array;
  readonly certificate: CommitCertificate;
}

/**
 * The only way consensus reaches the ledger (in the spirit of CometBFT's ABCI). Implemented by
 * the node; the simulator and tests pass their own.
 */
export interface Application {
  /** Builds a payload for a new block. May be nondeterministic (mempool contents). */
  proposeBlock(input: ProposeInput): Uint8Array;
  /**
   * Must be deterministic: the same input gives the same verdict at every validator, because a
   * block that some honest validators reject and others accept stalls the height.
   */
  verifyBlock(input: VerifyInput): boolean;
  /**
   * Executes a committed block and returns the 32-byte state hash that the next header carries.
   * Must be deterministic. The node stages the state changes here and writes them together
   * with the block when it runs the matching `commit` action.
   */
  finalizeBlock(input: FinalizeInput): Uint8Array;
}

/** Holds a private key. Only the safety module is given one. */
export interface Signer {
  readonly publicKey: Uint8Array;
  /** e.g. "ed25519"; undefined means the network's default scheme. */
  readonly keyType?: string;
  sign(message: Uint8Array): Uint8Array;
}

export interface VerifyRequest {
  readonly publicKey: Uint8Array;
  readonly keyType?: string;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/** Checks other validators' signatures. Returns false (never throws) for a bad signature. */
export interface Verifier {
  verify(request: VerifyRequest): boolean;
}
