/**
 * The checkers (TigerBeetle's state checker in spirit). They run as things happen — at every
 * commit, every broadcast and every safety save — so that a violation is reported at the moment
 * it occurs, with the simulated time and the node, rather than discovered at the end.
 *
 * Only honest nodes are held to them: twins and Byzantine nodes may do anything, and a
 * validator that has a twin counts as one Byzantine validator.
 */
import {
  blockIdOf,
  comparePositions,
  decodeMessage,
  encodeProposal,
  encodeVote,
  payloadHashOf,
  verifyCertificate,
  type ConsensusAction,
  type SafetyData,
  type Verifier,
} from "@tongbao/consensus";
import { checkInvariants } from "@tongbao/ledger";
import type { CommittedExecution } from "@tongbao/node";
import { bytesToHex, equalBytes } from "@tongbao/std";
import { conservationProblems } from "./conservation.ts";
import type { SimNode } from "./node.ts";
import { RemittanceChecker } from "./remittance-checker.ts";
import type { World } from "./world.ts";

export type ViolationKind =
  /** Two honest nodes committed different blocks at one height. */
  | "agreement"
  /** A committed block whose certificate or header does not check out. */
  | "validity"
  /** Honest nodes computed different app hashes or state roots for one height. */
  | "divergence"
  /** checkInvariants found a problem, a currency's supply changed, or money appeared or vanished. */
  | "invariants"
  /** A settled remittance whose legs do not balance, or that broke the rules it ran under. */
  | "remittance"
  /** One (signer, id) committed at two heights. */
  | "double-inclusion"
  /** An honest validator signed two different messages for one (height, round, step). */
  | "equivocation"
  /** An honest safety store was asked to save a position below the last one. */
  | "safety-regression"
  /** A restarted node's replayed ledger disagrees with what it stored. */
  | "replay"
  /** A node threw: an assertion in production code, or a bug in the simulator. */
  | "node-error"
  /** On links that never corrupted a packet, an honest node reported an honest peer. */
  | "false-report"
  /** Honest nodes did not progress after the network healed. */
  | "liveness";

export class SimulationViolation extends Error {
  override name = "SimulationViolation";

  constructor(
    readonly seed: number,
    readonly kind: ViolationKind,
    readonly detail: string,
    readonly simMs: number,
    readonly replay: string,
  ) {
    super(`seed ${seed}: ${kind} violated at ${simMs} ms: ${detail}\n  replay: ${replay}`);
  }
}

/** The first honest commit of each height: what every other honest node must match. */
interface CanonicalBlock {
  readonly blockId: Uint8Array;
  readonly appHash: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly timestampMs: number;
  readonly by: string;
}

export interface CheckerStats {
  commitsChecked: number;
  invariantChecks: number;
  /** Transactions in the canonical chain, and those whose receipt is ok. */
  transactions: number;
  payments: number;
  /** Remittances settled in the canonical chain. */
  remittances: number;
}

export type Report = (kind: ViolationKind, detail: string) => never;

export class Checkers {
  private readonly canonical: CanonicalBlock[] = [];
  private readonly included = new Map<string, number>();
  /** (validator, height, round, step) → the bytes an honest validator signed there. */
  private readonly signed = new Map<string, string>();
  private stateCheckedHeight = 0;
  readonly stats: CheckerStats = {
    commitsChecked: 0,
    invariantChecks: 0,
    transactions: 0,
    payments: 0,
    remittances: 0,
  };
  readonly remittances: RemittanceChecker;

  constructor(
    private readonly world: World,
    private readonly verifier: Verifier,
    private readonly report: Report,
    /** Run the full-state invariant scan on every honest commit, or only on the first per height. */
    private readonly invariantsOnEveryCommit: boolean,
  ) {
    this.remittances = new RemittanceChecker(world, report);
  }

  /** Height of the longest prefix any honest node has committed. */
  get height(): number {
    return this.canonical.length;
  }

  blockIdAt(height: number): Uint8Array | undefined {
    return this.canonical[height - 1]?.blockId;
  }

  onCommit(
    node: SimNode,
    action: Extract<ConsensusAction, { kind: "commit" }>,
    execution: CommittedExecution | undefined,
  ): void {
    if (!node.honest) return;
    this.stats.commitsChecked++;
    const { height, blockId, committed, appHash } = action;
    const where = `${node.name} at height ${height}`;
    if (execution === undefined) this.report("node-error", `${where}: commit without execution`);
    this.checkValidity(node, action);
    const known = this.canonical[height - 1];
    const stateRoot = execution.execution.stateRoot;
    if (known === undefined) {
      if (height !== this.canonical.length + 1) {
        this.report("validity", `${where}: committed before height ${this.canonical.length + 1}`);
      }
      this.canonical.push({
        blockId,
        appHash,
        stateRoot,
        timestampMs: committed.block.header.timestampMs,
        by: node.name,
      });
      this.recordTransactions(height, execution);
    } else {
      if (!equalBytes(known.blockId, blockId)) {
        this.report(
          "agreement",
          `${where} committed ${short(blockId)}, but ${known.by} committed ${short(known.blockId)}`,
        );
      }
      if (!equalBytes(known.appHash, appHash) || !equalBytes(known.stateRoot, stateRoot)) {
        this.report(
          "divergence",
          `${where}: app hash ${short(appHash)} / state root ${short(stateRoot)}, ` +
            `but ${known.by} has ${short(known.appHash)} / ${short(known.stateRoot)}`,
        );
      }
    }
  }

  /**
   * Right after a block is committed to a node's ledger, whose state is then exactly that
   * height's: the full scan on every honest node, or on the first to reach each height.
   */
  onExecuted(node: SimNode, height: number): void {
    if (!node.honest) return;
    if (!this.invariantsOnEveryCommit && height <= this.stateCheckedHeight) return;
    this.stateCheckedHeight = Math.max(this.stateCheckedHeight, height);
    this.checkState(node, height);
  }

  /**
   * The full scan: invariants, the incremental root against one rebuilt, supply, and the
   * simulator's own count of where each currency's money is (balances, pending, quote holds).
   */
  checkState(node: SimNode, height: number): void {
    this.stats.invariantChecks++;
    const state = node.state;
    const problems = checkInvariants(state);
    for (const [code, supply] of this.world.supply) {
      const now = state.currencies.get(code)?.supply;
      if (now !== supply) problems.push(`${code} supply ${now} differs from genesis ${supply}`);
    }
    problems.push(...conservationProblems(state, this.world.supply));
    if (problems.length > 0) {
      this.report("invariants", `${node.name} at height ${height}: ${problems.join("; ")}`);
    }
  }

  /** Every message an honest node sends is its own: no two may differ at one position. */
  onBroadcast(node: SimNode, bytes: Uint8Array): void {
    if (!node.honest) return;
    const message = decodeMessage(bytes);
    const [position, payload] =
      message.kind === "vote"
        ? [
            `${message.signed.vote.validatorIndex}/${message.signed.vote.height}/${message.signed.vote.round}/${message.signed.vote.type}`,
            encodeVote(message.signed.vote),
          ]
        : [
            `${message.signed.proposal.proposerIndex}/${message.signed.proposal.height}/${message.signed.proposal.round}/proposal`,
            encodeProposal(message.signed.proposal),
          ];
    const hex = bytesToHex(payload);
    const before = this.signed.get(position);
    if (before === undefined) this.signed.set(position, hex);
    else if (before !== hex) {
      this.report("equivocation", `${node.name} signed two different messages at ${position}`);
    }
  }

  /** S1 at the storage level: what an honest safety module saves never goes back. */
  onSafetySave(node: SimNode, previous: SafetyData | undefined, next: SafetyData): void {
    if (!node.honest || previous?.last === undefined) return;
    if (next.last === undefined) {
      this.report("safety-regression", `${node.name} saved safety data without a position`);
    }
    const order = comparePositions(next.last, previous.last);
    if (order < 0 || (order === 0 && !equalBytes(next.last.payload, previous.last.payload))) {
      const at = (p: typeof next.last) => `${p.height}/${p.round}/${p.step}`;
      this.report(
        "safety-regression",
        `${node.name} saved ${at(next.last)} after ${at(previous.last)}`,
      );
    }
  }

  private checkValidity(node: SimNode, action: Extract<ConsensusAction, { kind: "commit" }>) {
    const { height, blockId, committed } = action;
    const { header, payload } = committed.block;
    const { certificate } = committed;
    const where = `${node.name} at height ${height}`;
    const problem = (() => {
      if (header.height !== height || certificate.height !== height) return "height mismatch";
      if (!equalBytes(blockIdOf(header), blockId)) return "block id is not the header's";
      if (!equalBytes(certificate.blockId, blockId)) return "certificate is for another block";
      if (!equalBytes(payloadHashOf(payload), header.payloadHash)) return "payload hash mismatch";
      const parent = height === 1 ? undefined : this.canonical[height - 2];
      const parentId = parent?.blockId ?? this.world.genesisParent.blockId;
      const parentApp = parent?.appHash ?? this.world.genesisParent.appHash;
      const parentTime = parent?.timestampMs ?? this.world.genesisParent.timestampMs;
      if (height > 1 && parent === undefined) return "no honest parent committed";
      if (!equalBytes(header.parentId, parentId)) return "does not extend the agreed parent";
      if (!equalBytes(header.appHash, parentApp)) return "app hash is not the parent's";
      if (header.timestampMs <= parentTime) return "agreed time did not increase";
      const verdict = verifyCertificate({
        chainId: this.world.chainId,
        validators: this.world.validatorSet,
        certificate,
        verifier: this.verifier,
      });
      return verdict.ok ? undefined : `certificate: ${verdict.reason}`;
    })();
    if (problem !== undefined) this.report("validity", `${where}: ${problem}`);
  }

  private recordTransactions(height: number, execution: CommittedExecution): void {
    const { transactions, execution: result } = execution;
    transactions.forEach((signed, i) => {
      const earlier = this.included.get(signed.key);
      if (earlier !== undefined) {
        this.report(
          "double-inclusion",
          `transaction ${signed.hash} committed at heights ${earlier} and ${height}`,
        );
      }
      this.included.set(signed.key, height);
      this.stats.transactions++;
      if (result.receipts[i]?.code === 0) this.stats.payments++;
    });
    this.remittances.onBlock(height, transactions, result);
    this.stats.remittances = this.remittances.stats.settled;
  }
}

function short(bytes: Uint8Array): string {
  return bytesToHex(bytes).slice(0, 12);
}
