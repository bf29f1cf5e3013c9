/**
 * What one round of the current height has received: proposals, prevotes and precommits, with
 * running power tallies so that every "2f+1" and "f+1" condition is a lookup. A validator's
 * first vote per type counts towards "of any kind" totals; a later vote of the same type for
 * another value (equivocation) is evidence, and also counts for that value, as Algorithm 1
 * counts messages: each validator at most once per value, for at most
 * VOTE_VALUES_PER_VALIDATOR_MAX values.
 */
import { assert, bytesToHex } from "@tongbao/std";
import { VOTE_VALUES_PER_VALIDATOR_MAX } from "../limits.ts";
import type { Block, SignedProposal, SignedVote } from "../messages.ts";
import type { PeerId } from "./types.ts";

/** Map key of a vote's value: the block id in hex, or NIL. */
export const NIL = "nil";

export function valueKey(blockId: Uint8Array | null): string {
  return blockId === null ? NIL : bytesToHex(blockId);
}

export interface VoteRecord {
  readonly signed: SignedVote;
  readonly peer: PeerId;
}

export class VoteTally {
  /** Each validator's first vote: what "of any kind" totals and replays go by. */
  readonly byValidator = new Map<number, VoteRecord>();
  /** Later votes of validators for other values than their first (equivocation), in order. */
  readonly conflicting: VoteRecord[] = [];
  /** Power per value key, in first-vote order. */
  readonly powerByValue = new Map<string, number>();
  /** Distinct validators' power: each counted once, whatever it voted. */
  totalPower = 0;
  /** The value keys each validator's votes are counted for. */
  private readonly valuesOf = new Map<number, Set<string>>();

  add(record: VoteRecord, power: number): void {
    const index = record.signed.vote.validatorIndex;
    const key = valueKey(record.signed.vote.blockId);
    this.byValidator.set(index, record);
    this.valuesOf.set(index, new Set([key]));
    this.powerByValue.set(key, (this.powerByValue.get(key) ?? 0) + power);
    this.totalPower += power;
  }

  /** True if a vote of this validator for this value is already counted. */
  has(index: number, key: string): boolean {
    return this.valuesOf.get(index)?.has(key) === true;
  }

  /**
   * Counts a conflicting vote (its validator already voted for another value) for its own
   * value. False when the validator already holds VOTE_VALUES_PER_VALIDATOR_MAX values, so an
   * equivocator cannot make us keep unbounded votes.
   */
  addConflicting(record: VoteRecord, power: number): boolean {
    const index = record.signed.vote.validatorIndex;
    const key = valueKey(record.signed.vote.blockId);
    const values = this.valuesOf.get(index);
    assert(values !== undefined && !values.has(key), "a conflicting vote follows a first vote");
    if (values.size >= VOTE_VALUES_PER_VALIDATOR_MAX) return false;
    values.add(key);
    this.conflicting.push(record);
    this.powerByValue.set(key, (this.powerByValue.get(key) ?? 0) + power);
    return true;
  }

  powerFor(key: string): number {
    return this.powerByValue.get(key) ?? 0;
  }

  /** Every counted vote: first votes, then conflicting ones. */
  *records(): IterableIterator<VoteRecord> {
    yield* this.byValidator.values();
    yield* this.conflicting;
  }

  /** The votes for one value, e.g. to build a certificate: at most one per validator. */
  votesFor(key: string): SignedVote[] {
    const out: SignedVote[] = [];
    for (const record of this.records()) {
      if (valueKey(record.signed.vote.blockId) === key) out.push(record.signed);
    }
    return out;
  }

  peersFor(key: string): PeerId[] {
    const out: PeerId[] = [];
    for (const record of this.records()) {
      if (valueKey(record.signed.vote.blockId) === key) out.push(record.peer);
    }
    return out;
  }
}

export interface ProposalRecord {
  readonly signed: SignedProposal;
  readonly block: Block;
  readonly blockKey: string;
  readonly bytes: Uint8Array;
}

export class RoundState {
  /** Distinct proposals from this round's proposer, in arrival order. */
  readonly proposals: ProposalRecord[] = [];
  readonly prevotes = new VoteTally();
  readonly precommits = new VoteTally();
  /** Validators that sent anything in this round, for the f+1 round skip (Alg. 1 l.55). */
  readonly senders = new Set<number>();
  senderPower = 0;
  /** "For the first time" guards of Alg. 1 l.34, l.36 and l.47. */
  prevoteTimeoutScheduled = false;
  polkaBlockHandled = false;
  precommitTimeoutScheduled = false;

  addSender(index: number, power: number): void {
    if (this.senders.has(index)) return;
    this.senders.add(index);
    this.senderPower += power;
  }
}
