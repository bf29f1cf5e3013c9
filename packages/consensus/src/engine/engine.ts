/**
 * The Tendermint algorithm (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus",
 * Algorithm 1, arXiv v3 line numbers) as a sans-I/O state machine: `step(event)` returns the
 * actions to perform and does nothing else — no I/O, no clock, no timers, no randomness.
 *
 * Each `upon` rule of the paper is a method named after its condition in docs/spec/consensus.md
 * (C1–C12). After every input the rules are re-evaluated until none fires, which is the paper's
 * "upon" semantics for a process that handles one input at a time.
 *
 * The application is called synchronously (docs/adr/0002-consensus-engine-shape.md); signing
 * goes through the safety module only.
 */
import { DecodeError } from "@tongbao/codec";
import { assert, equalBytes, unreachable } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import {
  certificateOf,
  decodeCommittedBlock,
  encodeCommittedBlock,
  verifyCommittedBlock,
  type CommitCertificate,
} from "../certificate.ts";
import {
  FUTURE_ROUNDS_MAX,
  NEXT_HEIGHT_BYTES_MAX,
  NEXT_HEIGHT_MESSAGES_MAX,
  PAYLOAD_BYTES_MAX,
  PROPOSALS_PER_ROUND_MAX,
  TIMESTAMP_DRIFT_MS_MAX,
} from "../limits.ts";
import {
  HASH_BYTES,
  blockIdOf,
  decodeMessage,
  decodeVote,
  encodeMessage,
  encodeProposal,
  encodeVote,
  messagePosition,
  payloadHashOf,
  type Block,
  type BlockHeader,
  type ConsensusMessage,
  type SignedProposal,
  type SignedVote,
  type Vote,
  type VoteType,
} from "../messages.ts";
import type { Application, ParentInfo, Verifier } from "../ports.ts";
import type { SafetyRules } from "../safety/safety-module.ts";
import { STEP_PRECOMMIT, STEP_PREVOTE } from "../safety/safety-data.ts";
import { aChainId, signingBytes } from "../signing.ts";
import type { Validator, ValidatorSet } from "../validator-set.ts";
import { NIL, RoundState, valueKey, type ProposalRecord } from "./round-state.ts";
import type {
  ConsensusAction,
  ConsensusEvent,
  EngineView,
  PeerId,
  Step,
  TimeoutStep,
} from "./types.ts";

/** Timeouts grow linearly with the round, so that after GST they eventually exceed delays. */
export interface TimeoutOptions {
  readonly proposeMs: number;
  readonly proposeDeltaMs: number;
  readonly prevoteMs: number;
  readonly prevoteDeltaMs: number;
  readonly precommitMs: number;
  readonly precommitDeltaMs: number;
}

/** CometBFT's defaults, which suit validators on one continent. */
export const DEFAULT_TIMEOUTS: TimeoutOptions = {
  proposeMs: 3000,
  proposeDeltaMs: 500,
  prevoteMs: 1000,
  prevoteDeltaMs: 500,
  precommitMs: 1000,
  precommitDeltaMs: 500,
};

export interface EngineOptions {
  readonly chainId: string;
  readonly validators: ValidatorSet;
  /** The last committed block (or genesis); the engine decides the height after it. */
  readonly parent: ParentInfo;
  readonly timeouts?: Partial<TimeoutOptions>;
  /** Defaults to TIMESTAMP_DRIFT_MS_MAX. */
  readonly timestampDriftMsMax?: number;
  /**
   * Pause between a commit and round 0 of the next height (CometBFT's timeout_commit), so that
   * blocks are not produced back to back when there is nothing to order. Default 0.
   */
  readonly commitDelayMs?: number;
  /**
   * DANGER: breaks safety. Prevote for proposals regardless of the lock (drops the lock
   * conjuncts of Alg. 1 l.23 and l.29). Exists only for the simulator's canary, which must
   * see agreement violated when this is set.
   */
  readonly unsafeSkipLockCheck?: boolean;
}

export interface EnginePorts {
  readonly application: Application;
  /** Absent, or holding a key outside the set: the engine follows without voting. */
  readonly safety?: SafetyRules;
  readonly verifier: Verifier;
}

/** The peer name used for records fed back from the write-ahead log. */
export const WAL_PEER: PeerId = "(wal)";

interface InboxItem {
  readonly peer: PeerId;
  readonly bytes: Uint8Array;
  readonly fromWal: boolean;
}

export class ConsensusEngine {
  private readonly chainId: string;
  private readonly validators: ValidatorSet;
  private readonly timeouts: TimeoutOptions;
  private readonly driftMsMax: number;
  private readonly commitDelayMs: number;
  private readonly unsafeSkipLockCheck: boolean;
  private readonly app: Application;
  private readonly safety: SafetyRules | undefined;
  private readonly verifier: Verifier;
  private readonly ownIndex: number | undefined;

  // Algorithm 1 state (l.1–9), for the current height.
  private parent: ParentInfo;
  private height: Height;
  private round: Round = 0 as Round;
  private stepName: Step = "propose";
  private locked: { round: number; blockKey: string; blockId: Uint8Array } | undefined;
  private valid: { round: number; blockId: Uint8Array; block: Block } | undefined;

  private started = false;
  private roundStarted = false;
  private rounds = new Map<number, RoundState>();
  /** Every block seen at this height, by id: proposals and fetched blocks. */
  private blocks = new Map<string, Block>();
  /** valid(v) is deterministic and may be costly, so each block is judged once. */
  private validity = new Map<string, boolean>();
  private requestedBlocks = new Set<string>();
  private catchUpRequestedAt: string | undefined;
  /** K2: the height a catch-up timeout is pending for. */
  private catchUpTimerHeight: number | undefined;
  /** Highest height each validator has shown us a signed message for, above ours. */
  private ahead = new Map<number, { height: number; peer: PeerId }>();
  private nextHeight: InboxItem[] = [];
  private nextHeightBytes = 0;

  // Per-step scratch: the input queue and the actions produced so far.
  private inbox: InboxItem[] = [];
  private actions: ConsensusAction[] = [];
  private nowMs: TimestampMs = 0 as TimestampMs;

  constructor(options: EngineOptions, ports: EnginePorts) {
    this.chainId = aChainId(options.chainId);
    this.validators = options.validators;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    for (const [name, value] of Object.entries(this.timeouts)) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`timeouts.${name}: expected a non-negative integer of ms`);
      }
    }
    this.driftMsMax = options.timestampDriftMsMax ?? TIMESTAMP_DRIFT_MS_MAX;
    this.commitDelayMs = options.commitDelayMs ?? 0;
    this.unsafeSkipLockCheck = options.unsafeSkipLockCheck === true;
    this.app = ports.application;
    this.safety = ports.safety;
    this.verifier = ports.verifier;
    this.ownIndex =
      ports.safety === undefined ? undefined : this.validators.indexOf(ports.safety.publicKey);
    this.parent = options.parent;
    this.height = (options.parent.height + 1) as Height;
    this.resumeFromSafetyData();
  }

  /** Handles one input and returns what the shell must do, in order. */
  step(event: ConsensusEvent): ConsensusAction[] {
    assert(this.inbox.length === 0, "step is not re-entrant");
    this.nowMs = event.nowMs;
    switch (event.kind) {
      case "start":
        this.onStart();
        break;
      case "message":
        this.inbox.push({ peer: event.peer, bytes: event.bytes, fromWal: false });
        break;
      case "replay":
        this.inbox.push({ peer: WAL_PEER, bytes: event.bytes, fromWal: true });
        break;
      case "timeout":
        this.onTimeout(event.height, event.round, event.step);
        break;
      case "block-fetched":
        this.onBlockFetched(event.peer, event.bytes);
        break;
      default:
        unreachable(event);
    }
    this.run();
    const out = this.actions;
    this.actions = [];
    return out;
  }

  view(): EngineView {
    return {
      parent: this.parent,
      height: this.height,
      round: this.round,
      step: this.stepName,
      roundStarted: this.roundStarted,
      lockedRound: this.locked?.round ?? -1,
      lockedBlockId: this.locked?.blockId ?? null,
      validRound: this.valid?.round ?? -1,
      validBlockId: this.valid?.blockId ?? null,
    };
  }

  /** Signed messages this node holds for the current height, for re-sending to a peer. */
  messagesForHeight(): Uint8Array[] {
    const out: Uint8Array[] = [];
    const ordered = [...this.rounds.entries()].sort(([a], [b]) => a - b);
    for (const [, rs] of ordered) {
      for (const record of rs.proposals) out.push(record.bytes);
      for (const tally of [rs.prevotes, rs.precommits]) {
        // Conflicting votes too: peers need them to see the polkas we see.
        for (const { signed } of tally.records()) {
          out.push(encodeMessage({ kind: "vote", signed }));
        }
      }
    }
    return out;
  }

  // ---- driving loop ----

  private run(): void {
    for (;;) {
      if (this.roundStarted && this.applyRules()) continue;
      const next = this.inbox.shift();
      if (next === undefined) return;
      this.receive(next);
    }
  }

  /** Fires at most one rule; true if one fired, so the caller evaluates again. */
  private applyRules(): boolean {
    if (this.ruleDecide()) return true;
    if (this.ruleRoundSkip()) return true;
    const rs = this.roundState(this.round);
    if (this.stepName === "propose") {
      if (this.ruleFreshProposal(rs)) return true;
      if (this.ruleProposalWithPolka(rs)) return true;
    }
    if (this.stepName === "prevote") {
      if (this.rulePrevoteTimeout(rs)) return true;
      if (this.rulePolkaNil(rs)) return true;
    }
    if (this.rulePolkaBlock(rs)) return true;
    return this.rulePrecommitTimeout(rs);
  }

  private onStart(): void {
    if (this.started) return;
    this.started = true;
    const last = this.safety?.data().last;
    const round = last !== undefined && last.height === this.height ? last.round : 0;
    this.restoreValidFromLock();
    this.startRound(round as Round);
    this.maybeScheduleCatchUp(); // WAL replay may have shown others ahead.
  }

  /**
   * Algorithm 1 keeps validRound ≥ lockedRound (l.36–43 set both together). A restarted
   * validator gets its lock back from the safety data; it must get the valid value with it, or
   * as a proposer it proposes a fresh block, which it then prevotes nil itself, instead of
   * re-proposing the block it is locked on: with the others unable to justify that block, the
   * height never ends (found by the simulator). The block comes from the replayed WAL: the
   * proposal was written before the durable precommit that locked us.
   */
  private restoreValidFromLock(): void {
    if (this.locked === undefined || this.valid !== undefined) return;
    const block = this.blocks.get(this.locked.blockKey);
    if (block === undefined) return;
    this.valid = { round: this.locked.round, blockId: this.locked.blockId, block };
  }

  /** A restarted validator resumes with the lock it signed (S5), never below it. */
  private resumeFromSafetyData(): void {
    const lock = this.safety?.data().lock;
    if (lock !== undefined && lock.height === this.height) {
      this.locked = { round: lock.round, blockKey: valueKey(lock.blockId), blockId: lock.blockId };
    }
  }

  // ---- C1 (Alg. 1 l.11–21): StartRound ----

  private startRound(round: Round): void {
    this.round = round;
    this.stepName = "propose";
    this.roundStarted = true;
    // The paper schedules this timeout only at non-proposers. Scheduling it everywhere changes
    // nothing when our proposal goes out (we prevote at once and the timeout finds step ≠
    // propose), and keeps a proposer whose signing was refused from waiting forever.
    this.scheduleTimeout("propose", round, this.timeouts.proposeMs, this.timeouts.proposeDeltaMs);
    if (
      this.ownIndex !== undefined &&
      this.validators.proposer(this.height, round) === this.ownIndex
    ) {
      this.propose();
    }
  }

  private propose(): void {
    assert(this.ownIndex !== undefined && this.safety !== undefined, "only a validator proposes");
    const rs = this.roundState(this.round);
    // Only this round's proposer may fill rs.proposals, and that is us: the proposal came back
    // from the WAL after a restart. Send the same one again rather than sign another.
    const own = rs.proposals[0];
    if (own !== undefined) {
      const message: ConsensusMessage = { kind: "proposal", signed: own.signed, block: own.block };
      this.actions.push({ kind: "broadcast", message, bytes: own.bytes });
      return;
    }
    const { block, validRound } =
      this.valid !== undefined
        ? { block: this.valid.block, validRound: this.valid.round }
        : { block: this.newBlock(), validRound: -1 };
    const blockId = blockIdOf(block.header);
    const proposal = {
      height: this.height,
      round: this.round,
      validRound,
      blockId,
      proposerIndex: this.ownIndex,
    };
    const result = this.safety.signProposal(proposal);
    if (!result.ok) {
      this.refused("proposal", result.reason);
      return;
    }
    const message: ConsensusMessage = {
      kind: "proposal",
      signed: { proposal, signature: result.signature },
      block,
    };
    const bytes = this.release(message);
    this.storeProposal(message.signed, block, bytes);
  }

  /** T1: the proposer's agreed time is its clock, but always after the parent's. */
  private newBlock(): Block {
    assert(this.ownIndex !== undefined, "only a validator proposes");
    const timestampMs = Math.max(this.parent.timestampMs + 1, this.nowMs) as TimestampMs;
    const payload = this.app.proposeBlock({
      height: this.height,
      round: this.round,
      timestampMs,
      parent: this.parent,
    });
    assert(payload.length <= PAYLOAD_BYTES_MAX, "application proposed an oversized payload");
    const header: BlockHeader = {
      height: this.height,
      round: this.round,
      timestampMs,
      parentId: this.parent.blockId,
      payloadHash: payloadHashOf(payload),
      appHash: this.parent.appHash,
      proposerIndex: this.ownIndex,
    };
    return { header, payload };
  }

  // ---- C2 (Alg. 1 l.22–27): a fresh proposal in step propose ----

  private ruleFreshProposal(rs: RoundState): boolean {
    const record = rs.proposals.find((p) => p.signed.proposal.validRound === -1);
    if (record === undefined) return false;
    const accept =
      this.isValid(record.block) &&
      this.isTimely(record.block) &&
      (this.unsafeSkipLockCheck ||
        this.locked === undefined ||
        this.locked.blockKey === record.blockKey);
    this.castVote("prevote", accept ? record.signed.proposal.blockId : null);
    this.stepName = "prevote";
    return true;
  }

  // ---- C3 (Alg. 1 l.28–33): a re-proposal justified by a polka of an earlier round ----

  private ruleProposalWithPolka(rs: RoundState): boolean {
    for (const record of rs.proposals) {
      const vr = record.signed.proposal.validRound;
      if (vr < 0 || vr >= this.round) continue;
      const polka = this.rounds.get(vr)?.prevotes.powerFor(record.blockKey) ?? 0;
      if (!this.validators.hasQuorum(polka)) continue;
      const accept =
        this.isValid(record.block) &&
        (this.unsafeSkipLockCheck ||
          this.locked === undefined ||
          this.locked.round <= vr ||
          this.locked.blockKey === record.blockKey);
      this.castVote("prevote", accept ? record.signed.proposal.blockId : null);
      this.stepName = "prevote";
      return true;
    }
    return false;
  }

  // ---- C4 (Alg. 1 l.34–35): 2f+1 prevotes of any kind ----

  private rulePrevoteTimeout(rs: RoundState): boolean {
    if (rs.prevoteTimeoutScheduled || !this.validators.hasQuorum(rs.prevotes.totalPower)) {
      return false;
    }
    rs.prevoteTimeoutScheduled = true;
    this.scheduleTimeout(
      "prevote",
      this.round,
      this.timeouts.prevoteMs,
      this.timeouts.prevoteDeltaMs,
    );
    return true;
  }

  // ---- C5 (Alg. 1 l.36–43): a polka for a valid proposed block: lock and precommit ----

  private rulePolkaBlock(rs: RoundState): boolean {
    if (rs.polkaBlockHandled || this.stepName === "propose") return false;
    for (const [key, power] of rs.prevotes.powerByValue) {
      if (key === NIL || !this.validators.hasQuorum(power)) continue;
      const record = rs.proposals.find((p) => p.blockKey === key);
      if (record === undefined || !this.isValid(record.block)) continue;
      rs.polkaBlockHandled = true;
      const blockId = record.signed.proposal.blockId;
      if (this.stepName === "prevote") {
        this.locked = { round: this.round, blockKey: key, blockId };
        this.castVote("precommit", blockId);
        this.stepName = "precommit";
      }
      this.valid = { round: this.round, blockId, block: record.block };
      return true;
    }
    return false;
  }

  // ---- C6 (Alg. 1 l.44–46): a polka for nil ----

  private rulePolkaNil(rs: RoundState): boolean {
    if (!this.validators.hasQuorum(rs.prevotes.powerFor(NIL))) return false;
    this.castVote("precommit", null);
    this.stepName = "precommit";
    return true;
  }

  // ---- C7 (Alg. 1 l.47–48): 2f+1 precommits of any kind ----

  private rulePrecommitTimeout(rs: RoundState): boolean {
    if (rs.precommitTimeoutScheduled || !this.validators.hasQuorum(rs.precommits.totalPower)) {
      return false;
    }
    rs.precommitTimeoutScheduled = true;
    const { precommitMs, precommitDeltaMs } = this.timeouts;
    this.scheduleTimeout("precommit", this.round, precommitMs, precommitDeltaMs);
    return true;
  }

  // ---- C8 (Alg. 1 l.49–54): 2f+1 precommits for a valid block in any round: decide ----

  private ruleDecide(): boolean {
    const ordered = [...this.rounds.entries()].sort(([a], [b]) => a - b);
    for (const [, { precommits: tally }] of ordered) {
      for (const [key, power] of tally.powerByValue) {
        if (key === NIL || !this.validators.hasQuorum(power)) continue;
        const block = this.blocks.get(key);
        if (block === undefined) {
          // The paper waits for the proposal; we also ask for the block, since peers that
          // precommitted it hold it. Any block with this id will do: the id fixes the content.
          const votes = tally.votesFor(key);
          this.requestBlock(key, votes[0]?.vote.blockId ?? null, tally.peersFor(key));
          continue;
        }
        if (!this.isValid(block)) continue;
        this.decide(block, certificateOf(tally.votesFor(key)));
        return true;
      }
    }
    return false;
  }

  // ---- C9 (Alg. 1 l.55–56): f+1 of the power is in a later round: join it ----

  private ruleRoundSkip(): boolean {
    let target = -1;
    for (const [round, rs] of this.rounds) {
      if (round > this.round && round > target && this.validators.exceedsOneThird(rs.senderPower)) {
        target = round;
      }
    }
    if (target < 0) return false;
    this.startRound(target as Round);
    return true;
  }

  // ---- C10–C12 (Alg. 1 l.57–67): timeouts; and the commit delay ----

  private onTimeout(height: Height, round: Round, step: TimeoutStep): void {
    if (height !== this.height || !this.started) return;
    switch (step) {
      case "commit":
        if (!this.roundStarted) this.startRound(0 as Round);
        return;
      case "catch-up": {
        // K2
        this.catchUpTimerHeight = undefined;
        const { power, peers } = this.aheadAt(this.height + 1);
        if (power === 0) return;
        this.actions.push({ kind: "request-block", height: this.height, blockId: null, peers });
        this.maybeScheduleCatchUp();
        return;
      }
      case "propose": // C10
        if (this.roundStarted && round === this.round && this.stepName === "propose") {
          this.castVote("prevote", null);
          this.stepName = "prevote";
        }
        break;
      case "prevote": // C11
        if (this.roundStarted && round === this.round && this.stepName === "prevote") {
          this.castVote("precommit", null);
          this.stepName = "precommit";
        }
        break;
      case "precommit": // C12
        if (this.roundStarted && round === this.round) this.startRound((round + 1) as Round);
        break;
      default:
        unreachable(step);
    }
    // A timeout means this height is not finishing on its own; if others have moved on we
    // probably missed its decision (K1).
    this.maybeRequestCatchUp(this.height + 1);
  }

  // ---- deciding and moving to the next height ----

  private decide(block: Block, certificate: CommitCertificate): void {
    const blockId = blockIdOf(block.header);
    assert(equalBytes(certificate.blockId, blockId), "certificate for the decided block");
    const appHash = this.app.finalizeBlock({
      height: this.height,
      blockId,
      header: block.header,
      payload: block.payload,
      certificate,
    });
    assert(appHash.length === HASH_BYTES, "finalizeBlock must return a 32-byte hash");
    const committed = { block, certificate };
    this.actions.push({
      kind: "commit",
      height: this.height,
      blockId,
      committed,
      bytes: encodeCommittedBlock(committed),
      appHash,
    });
    this.parent = {
      height: this.height,
      blockId,
      timestampMs: block.header.timestampMs,
      appHash,
    };
    this.enterHeight((this.height + 1) as Height);
  }

  private enterHeight(height: Height): void {
    this.height = height;
    this.round = 0 as Round;
    this.stepName = "propose";
    this.locked = undefined;
    this.valid = undefined;
    this.rounds = new Map();
    this.blocks = new Map();
    this.validity = new Map();
    this.requestedBlocks = new Set();
    for (const [index, seen] of this.ahead) if (seen.height <= height) this.ahead.delete(index);
    this.inbox.push(...this.nextHeight);
    this.nextHeight = [];
    this.nextHeightBytes = 0;
    this.roundStarted = false;
    if (!this.started) return;
    // Still two heights behind after this commit: fetch the next block rather than wait.
    this.maybeRequestCatchUp(height + 2);
    if (this.commitDelayMs > 0) {
      this.actions.push({
        kind: "schedule-timeout",
        height,
        round: 0 as Round,
        step: "commit",
        durationMs: this.commitDelayMs,
      });
    } else {
      this.startRound(0 as Round);
    }
  }

  // ---- K1: catch-up ----

  private onBlockFetched(peer: PeerId, bytes: Uint8Array): void {
    let committed;
    try {
      committed = decodeCommittedBlock(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.misbehaved(peer, `malformed committed block: ${error.message}`);
      return;
    }
    // Blocks of other heights answer requests we no longer need, or cannot be checked yet.
    if (committed.block.header.height !== this.height) return;
    const verdict = verifyCommittedBlock({
      chainId: this.chainId,
      validators: this.validators,
      parent: this.parent,
      committed,
      verifier: this.verifier,
    });
    if (!verdict.ok) {
      this.misbehaved(peer, `committed block rejected: ${verdict.reason}`);
      return;
    }
    const key = valueKey(committed.certificate.blockId);
    this.blocks.set(key, committed.block);
    if (!this.isValid(committed.block)) {
      this.misbehaved(peer, "certified block fails validation");
      return;
    }
    this.decide(committed.block, committed.certificate);
  }

  private noteAhead(index: number, height: number, peer: PeerId): void {
    const seen = this.ahead.get(index);
    if (seen === undefined || seen.height < height) this.ahead.set(index, { height, peer });
    // Two heights ahead cannot be explained by our commit being slightly late.
    this.maybeRequestCatchUp(this.height + 2);
    this.maybeScheduleCatchUp();
  }

  /**
   * K1: asks for our height's block when f+1 of the power shows messages at `threshold` or
   * above, at most once per (height, round).
   */
  private maybeRequestCatchUp(threshold: number): void {
    const marker = `${this.height}/${this.round}`;
    if (this.catchUpRequestedAt === marker) return;
    const { power, peers } = this.aheadAt(threshold);
    if (!this.validators.exceedsOneThird(power)) return;
    this.catchUpRequestedAt = marker;
    this.actions.push({ kind: "request-block", height: this.height, blockId: null, peers });
  }

  /** The power and peers of validators that have shown messages at `threshold` or above. */
  private aheadAt(threshold: number): { power: number; peers: PeerId[] } {
    let power = 0;
    const peers: PeerId[] = [];
    for (const validator of this.validators.validators) {
      const seen = this.ahead.get(validator.index);
      if (seen === undefined || seen.height < threshold) continue;
      power += validator.power;
      peers.push(seen.peer);
    }
    return { power, peers };
  }

  /**
   * K2: some validator is at a later height. If we are still at this height a precommit timeout
   * later, fetch its block from those validators, and again each further timeout while that
   * holds. Without this, a node one height behind whose round has no timer running (it holds no
   * quorum of votes of any kind, because the others left) waits forever, and so does a node
   * whose single request was lost (found by the simulator). One validator ahead is enough: a
   * fetched block carries its proof (the certificate), and the timeout paces the requests, so a
   * faulty validator claiming a later height costs one request per timeout.
   */
  private maybeScheduleCatchUp(): void {
    if (!this.started || this.catchUpTimerHeight === this.height) return;
    if (this.aheadAt(this.height + 1).power === 0) return;
    this.catchUpTimerHeight = this.height;
    this.actions.push({
      kind: "schedule-timeout",
      height: this.height,
      round: this.round,
      step: "catch-up",
      durationMs: this.timeouts.precommitMs,
    });
  }

  private requestBlock(key: string, blockId: Uint8Array | null, peers: PeerId[]): void {
    if (this.requestedBlocks.has(key)) return;
    this.requestedBlocks.add(key);
    this.actions.push({ kind: "request-block", height: this.height, blockId, peers });
  }

  // ---- receiving messages (M1–M6) ----

  private receive(item: InboxItem): void {
    let message: ConsensusMessage;
    try {
      message = decodeMessage(item.bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.misbehaved(item.peer, `malformed message: ${error.message}`);
      return;
    }
    const { height, round } = messagePosition(message);
    if (height < this.height) return; // M1: late, harmless after a commit.
    const index =
      message.kind === "vote"
        ? message.signed.vote.validatorIndex
        : message.signed.proposal.proposerIndex;
    const validator = this.validators.at(index);
    if (validator === undefined) {
      this.misbehaved(item.peer, `unknown validator index ${index}`); // M2
      return;
    }
    if (height > this.height) {
      this.receiveAhead(item, message, validator);
      return;
    }
    if (round > this.round + FUTURE_ROUNDS_MAX) return; // M3: outside the round window.
    if (message.kind === "vote") this.receiveVote(item, message.signed, validator);
    else this.receiveProposal(item, message.signed, message.block, validator);
  }

  /** M4: messages of later heights are checked, hint at catch-up, and the next height's wait. */
  private receiveAhead(item: InboxItem, message: ConsensusMessage, validator: Validator): void {
    if (!this.signatureValid(message, validator)) {
      this.misbehaved(item.peer, "bad signature");
      return;
    }
    const { height } = messagePosition(message);
    this.noteAhead(validator.index, height, item.peer);
    if (height !== this.height + 1) return;
    const fits =
      this.nextHeight.length < NEXT_HEIGHT_MESSAGES_MAX &&
      this.nextHeightBytes + item.bytes.length <= NEXT_HEIGHT_BYTES_MAX;
    if (!fits) return;
    this.nextHeight.push(item);
    this.nextHeightBytes += item.bytes.length;
  }

  private receiveVote(item: InboxItem, signed: SignedVote, validator: Validator): void {
    const { vote } = signed;
    const rs = this.roundState(vote.round);
    const tally = vote.type === "prevote" ? rs.prevotes : rs.precommits;
    if (tally.has(vote.validatorIndex, valueKey(vote.blockId))) return; // A duplicate from gossip.
    if (!this.signatureValid({ kind: "vote", signed }, validator)) {
      this.misbehaved(item.peer, "bad signature");
      return;
    }
    const existing = tally.byValidator.get(vote.validatorIndex);
    if (existing !== undefined) {
      // M5: equivocation. The pair is the proof; the new vote also counts for its own value,
      // as the paper counts messages (see VOTE_VALUES_PER_VALIDATOR_MAX).
      this.actions.push({
        kind: "evidence",
        evidence: { kind: "duplicate-vote", first: existing.signed, second: signed },
      });
      if (!tally.addConflicting({ signed, peer: item.peer }, validator.power)) return;
    } else {
      tally.add({ signed, peer: item.peer }, validator.power);
      rs.addSender(validator.index, validator.power);
    }
    if (!item.fromWal) this.persist(item.bytes, false);
  }

  private receiveProposal(
    item: InboxItem,
    signed: SignedProposal,
    block: Block,
    validator: Validator,
  ): void {
    const { proposal } = signed;
    const problem = this.proposalProblem(signed, block);
    if (problem !== undefined) {
      this.misbehaved(item.peer, problem);
      return;
    }
    const rs = this.roundState(proposal.round);
    const key = valueKey(proposal.blockId);
    const duplicate = rs.proposals.some(
      (p) => p.blockKey === key && p.signed.proposal.validRound === proposal.validRound,
    );
    if (duplicate) return;
    if (!this.signatureValid({ kind: "proposal", signed, block }, validator)) {
      this.misbehaved(item.peer, "bad signature");
      return;
    }
    const first = rs.proposals[0];
    if (first !== undefined) {
      // M5: the proposer signed two proposals for one round.
      this.actions.push({
        kind: "evidence",
        evidence: { kind: "duplicate-proposal", first: first.signed, second: signed },
      });
    }
    if (rs.proposals.length >= PROPOSALS_PER_ROUND_MAX) return;
    this.storeProposal(signed, block, item.bytes);
    if (!item.fromWal) this.persist(item.bytes, false);
  }

  /** M6: checks that need no signature: right proposer, consistent block, sane valid round. */
  private proposalProblem(signed: SignedProposal, block: Block): string | undefined {
    const { proposal } = signed;
    const { header } = block;
    if (proposal.proposerIndex !== this.validators.proposer(proposal.height, proposal.round)) {
      return "proposal from a validator that is not the round's proposer";
    }
    if (proposal.validRound >= proposal.round) return "valid round not below the round";
    if (header.height !== proposal.height) return "block height differs from the proposal's";
    if (header.round > proposal.round) return "block from a later round than its proposal";
    if (!equalBytes(blockIdOf(header), proposal.blockId)) return "block id does not match header";
    if (!equalBytes(payloadHashOf(block.payload), header.payloadHash)) {
      return "payload does not match its hash";
    }
    return undefined;
  }

  private storeProposal(signed: SignedProposal, block: Block, bytes: Uint8Array): void {
    const rs = this.roundState(signed.proposal.round);
    const blockKey = valueKey(signed.proposal.blockId);
    rs.proposals.push({ signed, block, blockKey, bytes } satisfies ProposalRecord);
    const proposer = this.validators.at(signed.proposal.proposerIndex);
    assert(proposer !== undefined, "stored proposals come from known validators");
    rs.addSender(proposer.index, proposer.power);
    if (!this.blocks.has(blockKey)) this.blocks.set(blockKey, block);
  }

  private signatureValid(message: ConsensusMessage, validator: Validator): boolean {
    const [purpose, payload] =
      message.kind === "vote"
        ? (["vote", encodeVote(message.signed.vote)] as const)
        : (["proposal", encodeProposal(message.signed.proposal)] as const);
    return this.verifier.verify({
      publicKey: validator.publicKey,
      ...(validator.keyType === undefined ? {} : { keyType: validator.keyType }),
      message: signingBytes(this.chainId, purpose, payload),
      signature: message.signed.signature,
    });
  }

  // ---- validity (V1) and timeliness (T2) ----

  /** valid(v) of the paper: deterministic, so every honest validator reaches the same verdict. */
  private isValid(block: Block): boolean {
    const key = valueKey(blockIdOf(block.header));
    const cached = this.validity.get(key);
    if (cached !== undefined) return cached;
    const { header } = block;
    const verdict =
      header.height === this.height &&
      equalBytes(header.parentId, this.parent.blockId) &&
      equalBytes(header.appHash, this.parent.appHash) &&
      header.timestampMs > this.parent.timestampMs &&
      header.proposerIndex === this.validators.proposer(this.height, header.round) &&
      this.app.verifyBlock({
        height: this.height,
        payload: block.payload,
        timestampMs: header.timestampMs,
        parent: this.parent,
      });
    this.validity.set(key, verdict);
    return verdict;
  }

  /**
   * T2: a freshly proposed block is created in this round and stamped near our clock. Only the
   * prevote of C2 looks at it: a re-proposed block keeps its old timestamp and is justified by
   * its polka, and deciding never depends on a local clock.
   */
  private isTimely(block: Block): boolean {
    const { header } = block;
    return (
      header.round === this.round && Math.abs(header.timestampMs - this.nowMs) <= this.driftMsMax
    );
  }

  // ---- output helpers ----

  private castVote(type: VoteType, blockId: Uint8Array | null): void {
    if (this.ownIndex === undefined || this.safety === undefined) return;
    const rs = this.roundState(this.round);
    const tally = type === "prevote" ? rs.prevotes : rs.precommits;
    const replayed = tally.byValidator.get(this.ownIndex);
    if (replayed !== undefined) {
      // The WAL gave us back our vote for this step: it stands, even if re-evaluating now (with
      // a later clock) would choose otherwise. Send it again rather than ask for a signature,
      // which the safety module refuses for a different value or once a later step is signed.
      const message: ConsensusMessage = { kind: "vote", signed: replayed.signed };
      this.actions.push({ kind: "broadcast", message, bytes: encodeMessage(message) });
      return;
    }
    const vote = {
      type,
      height: this.height,
      round: this.round,
      blockId,
      validatorIndex: this.ownIndex,
    };
    let result = this.safety.signVote(vote);
    let cast: Vote = vote;
    if (!result.ok && result.reason === "conflicting") {
      // Our vote for this step was signed, but its WAL record was lost (a crash between the
      // safety module's save and the WAL write). The safety data holds that vote's bytes: it
      // stands, as a replayed one would. Without it we would stay silent for the round, and a
      // network with no spare validator would wait forever for our vote.
      const earlier = this.earlierVote(type);
      if (earlier !== undefined) {
        cast = earlier;
        result = this.safety.signVote(earlier);
      }
    }
    if (!result.ok) {
      this.refused(type, result.reason);
      return;
    }
    const signed = { vote: cast, signature: result.signature };
    this.release({ kind: "vote", signed });
    const self = this.validators.at(this.ownIndex);
    assert(self !== undefined, "own index is in the set");
    tally.add({ signed, peer: WAL_PEER }, self.power);
    rs.addSender(self.index, self.power);
  }

  /** The vote the safety module last signed, if it is ours for this height, round and step. */
  private earlierVote(type: VoteType): Vote | undefined {
    const last = this.safety?.data().last;
    if (last === undefined || last.height !== this.height || last.round !== this.round) {
      return undefined;
    }
    if (last.step !== (type === "prevote" ? STEP_PREVOTE : STEP_PRECOMMIT)) return undefined;
    let vote: Vote;
    try {
      vote = decodeVote(last.payload);
    } catch (error) {
      if (error instanceof DecodeError) return undefined;
      throw error;
    }
    const ours =
      vote.type === type &&
      vote.height === this.height &&
      vote.round === this.round &&
      vote.validatorIndex === this.ownIndex;
    return ours ? vote : undefined;
  }

  /** Persist-before-send: the durable WAL record precedes the broadcast in the action list. */
  private release(message: ConsensusMessage): Uint8Array {
    const bytes = encodeMessage(message);
    this.persist(bytes, true);
    this.actions.push({ kind: "broadcast", message, bytes });
    return bytes;
  }

  private persist(bytes: Uint8Array, durable: boolean): void {
    this.actions.push({ kind: "persist", height: this.height, bytes, durable });
  }

  private scheduleTimeout(step: TimeoutStep, round: Round, baseMs: number, deltaMs: number): void {
    const durationMs = baseMs + round * deltaMs;
    this.actions.push({ kind: "schedule-timeout", height: this.height, round, step, durationMs });
  }

  private refused(what: "proposal" | VoteType, reason: "regression" | "conflicting"): void {
    this.actions.push({
      kind: "signing-refused",
      height: this.height,
      round: this.round,
      what,
      reason,
    });
  }

  private misbehaved(peer: PeerId, reason: string): void {
    this.actions.push({ kind: "peer-misbehaved", peer, reason });
  }

  private roundState(round: number): RoundState {
    let rs = this.rounds.get(round);
    if (rs === undefined) {
      rs = new RoundState();
      this.rounds.set(round, rs);
    }
    return rs;
  }
}
