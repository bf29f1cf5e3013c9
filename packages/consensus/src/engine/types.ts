/**
 * The engine's inputs (events) and outputs (actions). The shell — the node on real I/O or the
 * simulator in simulated time — turns actions into effects and effects back into events.
 * Every event carries the shell's clock reading; the engine never reads a clock.
 */
import type { Height, Round, TimestampMs } from "@tongbao/types";
import type { CommittedBlock } from "../certificate.ts";
import type { ConsensusMessage, SignedProposal, SignedVote } from "../messages.ts";
import type { ParentInfo } from "../ports.ts";
import type { SignRefusal } from "../safety/safety-module.ts";

/** The transport's name for the peer a message came from (not necessarily its signer). */
export type PeerId = string;

/** "commit": the commit delay ended. "catch-up": K2, the wait before fetching our height's block. */
export type TimeoutStep = "propose" | "prevote" | "precommit" | "commit" | "catch-up";

export type ConsensusEvent =
  /** Alg. 1 l.10: begin at the height after `parent`, in the round the safety data resumes. */
  | { readonly kind: "start"; readonly nowMs: TimestampMs }
  /** Bytes from a peer; the engine decodes and checks them. */
  | {
      readonly kind: "message";
      readonly nowMs: TimestampMs;
      readonly peer: PeerId;
      readonly bytes: Uint8Array;
    }
  /** A record written by an earlier `persist` action, fed back after a restart, before start. */
  | { readonly kind: "replay"; readonly nowMs: TimestampMs; readonly bytes: Uint8Array }
  /** A timer from `schedule-timeout` fired. Stale timeouts are ignored. */
  | {
      readonly kind: "timeout";
      readonly nowMs: TimestampMs;
      readonly height: Height;
      readonly round: Round;
      readonly step: TimeoutStep;
    }
  /** An encoded CommittedBlock fetched after a `request-block` action. */
  | {
      readonly kind: "block-fetched";
      readonly nowMs: TimestampMs;
      readonly peer: PeerId;
      readonly bytes: Uint8Array;
    };

export type Evidence =
  | { readonly kind: "duplicate-vote"; readonly first: SignedVote; readonly second: SignedVote }
  | {
      readonly kind: "duplicate-proposal";
      readonly first: SignedProposal;
      readonly second: SignedProposal;
    };

export type ConsensusAction =
  /**
   * Append `bytes` (an encoded message) to the write-ahead log of `height`. A durable record
   * holds our own signed message: it must be on disk before any later action in the same list
   * runs, because the next action releases that message. Records of received messages may be
   * buffered.
   */
  | {
      readonly kind: "persist";
      readonly height: Height;
      readonly bytes: Uint8Array;
      readonly durable: boolean;
    }
  /** Send to every other validator. The engine has already processed its own copy. */
  | { readonly kind: "broadcast"; readonly message: ConsensusMessage; readonly bytes: Uint8Array }
  | {
      readonly kind: "schedule-timeout";
      readonly height: Height;
      readonly round: Round;
      readonly step: TimeoutStep;
      readonly durationMs: number;
    }
  /**
   * A block is decided. The application has already executed it (`appHash`); the shell stores
   * block, certificate and the staged state in one atomic write and serves `bytes` (an encoded
   * CommittedBlock) to lagging peers.
   */
  | {
      readonly kind: "commit";
      readonly height: Height;
      readonly blockId: Uint8Array;
      readonly committed: CommittedBlock;
      readonly bytes: Uint8Array;
      readonly appHash: Uint8Array;
    }
  /**
   * Fetch the committed block of `height` (the one with `blockId`, if known) from one of
   * `peers`, and feed it back as `block-fetched`.
   */
  | {
      readonly kind: "request-block";
      readonly height: Height;
      readonly blockId: Uint8Array | null;
      readonly peers: readonly PeerId[];
    }
  /** The peer sent something no honest node sends; the message was dropped. */
  | { readonly kind: "peer-misbehaved"; readonly peer: PeerId; readonly reason: string }
  /** Two conflicting signed messages from one validator: proof for governance to act on. */
  | { readonly kind: "evidence"; readonly evidence: Evidence }
  /** The safety module refused to sign; the engine carries on without that message. */
  | {
      readonly kind: "signing-refused";
      readonly height: Height;
      readonly round: Round;
      readonly what: "proposal" | "prevote" | "precommit";
      readonly reason: SignRefusal;
    };

export type Step = "propose" | "prevote" | "precommit";

/** A read-only snapshot for checkers and logs. */
export interface EngineView {
  /** The last committed block: the parent of the one being decided. */
  readonly parent: ParentInfo;
  readonly height: Height;
  readonly round: Round;
  readonly step: Step;
  /** False before `start` and while waiting out `commitDelayMs`. */
  readonly roundStarted: boolean;
  readonly lockedRound: number;
  readonly lockedBlockId: Uint8Array | null;
  readonly validRound: number;
  readonly validBlockId: Uint8Array | null;
}
