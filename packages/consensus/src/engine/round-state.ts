/**
 * What one round of the current height has received: proposals, prevotes and precommits, with
 * running power tallies so that every "2f+1" and "f+1" condition is a lookup. At most one vote
 * per validator per type is counted (the first); later conflicting ones become evidence.
 */
import { bytesToHex } from "@tongbao/std";
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
  readonly byValidator = new Map<number, VoteRecord>();
  /** Power per value key, in first-vote order. */
  readonly powerByValue = new Map<string, number>();
  totalPower = 0;

  add(record: VoteRecord, power: number): void {
    const index = record.signed.vote.validatorIndex;
    const key = valueKey(record.signed.vote.blockId);
    this.byValidator.set(index, record);
    this.powerByValue.set(key, (this.powerByValue.get(key) ?? 0) + power);
    this.totalPower += power;
  }

  powerFor(key: string): number {
    return this.powerByValue.get(key) ?? 0;
  }

  /** The votes for one value, e.g. to build a certificate. */
  votesFor(key: string): SignedVote[] {
    const out: SignedVote[] = [];
    for (const record of this.byValidator.values()) {
      if (valueKey(record.signed.vote.blockId) === key) out.push(record.signed);
    }
    return out;
  }

  peersFor(key: string): PeerId[] {
    const out: PeerId[] = [];
    for (const record of this.byValidator.values()) {
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
