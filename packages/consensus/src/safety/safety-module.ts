/**
 * The safety module: the only holder of the validator's signing key. It signs proposals and
 * votes built from structured input (never arbitrary bytes) and refuses anything that could
 * make this validator equivocate, also across restarts (docs/spec/consensus.md, S1–S5):
 *
 * - S1: it signs positions (height, round, step) in strictly increasing order;
 * - S2: a repeated request for the last position with the same bytes gets the same signature;
 * - S3: a request for the last position with different bytes (a conflicting vote) is refused;
 * - S4: a request for an earlier position is refused;
 * - S5: the new position, its bytes and the lock are saved before the key is used.
 *
 * The lock is recorded here (signing a precommit for a block is the act of locking) so that a
 * restarted engine resumes with it; the engine, not this module, applies the locking rule.
 */
import { equalBytes } from "@tongbao/std";
import { encodeProposal, encodeVote, type Proposal, type Vote } from "../messages.ts";
import type { Signer } from "../ports.ts";
import { aChainId, signingBytes, type SigningPurpose } from "../signing.ts";
import {
  STEP_PRECOMMIT,
  STEP_PREVOTE,
  STEP_PROPOSAL,
  comparePositions,
  type SafetyData,
  type SafetyStore,
  type SignedPosition,
} from "./safety-data.ts";

export type SignRefusal = "regression" | "conflicting";

export type SignResult =
  | { readonly ok: true; readonly signature: Uint8Array }
  | { readonly ok: false; readonly reason: SignRefusal };

/** What the engine needs from a safety module; a remote signer could implement it too. */
export interface SafetyRules {
  readonly publicKey: Uint8Array;
  readonly keyType?: string;
  /** The persisted state, for an engine resuming after a restart. */
  data(): SafetyData;
  signProposal(proposal: Proposal): SignResult;
  signVote(vote: Vote): SignResult;
}

export interface SafetyModuleOptions {
  readonly chainId: string;
}

export interface SafetyModulePorts {
  readonly signer: Signer;
  readonly store: SafetyStore;
}

export class SafetyModule implements SafetyRules {
  private readonly chainId: string;
  private readonly signer: Signer;
  private readonly store: SafetyStore;
  private current: SafetyData;
  /** The signature for `current.last`, while this process still holds it. */
  private lastSignature: Uint8Array | undefined;

  constructor(options: SafetyModuleOptions, ports: SafetyModulePorts) {
    this.chainId = aChainId(options.chainId);
    this.signer = ports.signer;
    this.store = ports.store;
    this.current = ports.store.load() ?? {};
  }

  get publicKey(): Uint8Array {
    return this.signer.publicKey;
  }

  get keyType(): string | undefined {
    return this.signer.keyType;
  }

  data(): SafetyData {
    return this.current;
  }

  signProposal(proposal: Proposal): SignResult {
    const position = { height: proposal.height, round: proposal.round, step: STEP_PROPOSAL };
    return this.sign(position, "proposal", encodeProposal(proposal), this.current.lock);
  }

  signVote(vote: Vote): SignResult {
    const step = vote.type === "prevote" ? STEP_PREVOTE : STEP_PRECOMMIT;
    const position = { height: vote.height, round: vote.round, step };
    const lock =
      vote.type === "precommit" && vote.blockId !== null
        ? { height: vote.height, round: vote.round, blockId: vote.blockId }
        : this.current.lock;
    return this.sign(position, "vote", encodeVote(vote), lock);
  }

  private sign(
    position: SignedPosition,
    purpose: SigningPurpose,
    payload: Uint8Array,
    lock: SafetyData["lock"],
  ): SignResult {
    const last = this.current.last;
    if (last !== undefined) {
      const order = comparePositions(position, last);
      if (order < 0) return { ok: false, reason: "regression" }; // S4
      if (order === 0) {
        if (!equalBytes(payload, last.payload)) return { ok: false, reason: "conflicting" }; // S3
        // S2. After a restart the signature is gone from memory; signing the same bytes again
        // is safe (Ed25519 even gives the same signature), as nothing new is agreed to.
        this.lastSignature ??= this.signer.sign(signingBytes(this.chainId, purpose, payload));
        return { ok: true, signature: this.lastSignature };
      }
    }
    // S1 and S5: persist the new position and lock, and only then use the key.
    const next: SafetyData = {
      last: { ...position, payload },
      ...(lock === undefined ? {} : { lock }),
    };
    this.store.save(next);
    this.current = next;
    // Cleared first: if the signer throws, no older signature may answer for this position.
    this.lastSignature = undefined;
    this.lastSignature = this.signer.sign(signingBytes(this.chainId, purpose, payload));
    return { ok: true, signature: this.lastSignature };
  }
}
