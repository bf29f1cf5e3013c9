/**
 * Submit→final latency of one load step: each payment's submission moment by hash, matched
 * against the moment a commit that includes it is seen. Payments the system refused are
 * counted by reason and never get a latency; payments still waiting when the step gives up are
 * counted as lost.
 */
import { summarizeLatencies, type CommitBatch, type LatencySummary } from "./stats.ts";

export interface StepOutcome {
  readonly submitted: number;
  readonly committed: number;
  /** Committed with a result code other than ok (0): final, but the payment failed. */
  readonly failed: number;
  /** Refused at submission, by error code. */
  readonly refused: Readonly<Record<string, number>>;
  /** Accepted but not seen committed before the step gave up waiting. */
  readonly lost: number;
  readonly latency: LatencySummary;
  /** When payments of this step were seen final, a batch per commit (a block, or one payment). */
  readonly commits: readonly CommitBatch[];
}

export class LatencyRecorder {
  private readonly submittedAt = new Map<string, number>();
  private readonly latenciesMs: number[] = [];
  private readonly refusedByCode = new Map<string, number>();
  private readonly commits: CommitBatch[] = [];
  private submittedCount = 0;
  private failedCount = 0;

  /** Records the moment these payments were handed to the system. */
  submitted(hashes: Iterable<string>, atMs: number): void {
    for (const hash of hashes) {
      if (this.submittedAt.has(hash)) throw new Error(`payment ${hash} submitted twice`);
      this.submittedAt.set(hash, atMs);
      this.submittedCount++;
    }
  }

  /** The system refused this payment: it will not commit, and has no latency. */
  refused(hash: string, code: string): void {
    if (!this.submittedAt.delete(hash)) return;
    this.refusedByCode.set(code, (this.refusedByCode.get(code) ?? 0) + 1);
  }

  /**
   * Payments seen final at `atMs` (`codes[i]` is hashes[i]'s result code when known; 0 is ok).
   * Hashes of other steps or other clients are ignored. Returns how many were this step's.
   */
  committed(
    hashes: readonly string[],
    atMs: number,
    codes?: readonly (number | undefined)[],
  ): number {
    let ours = 0;
    hashes.forEach((hash, i) => {
      const at = this.submittedAt.get(hash);
      if (at === undefined) return;
      this.submittedAt.delete(hash);
      this.latenciesMs.push(atMs - at);
      const code = codes?.[i];
      if (code !== undefined && code !== 0) this.failedCount++;
      ours++;
    });
    if (ours > 0) this.commits.push({ atMs, count: ours });
    return ours;
  }

  /** Submitted, neither refused nor committed yet. */
  get waiting(): number {
    return this.submittedAt.size;
  }

  outcome(): StepOutcome {
    return {
      submitted: this.submittedCount,
      committed: this.latenciesMs.length,
      failed: this.failedCount,
      refused: Object.fromEntries(this.refusedByCode),
      lost: this.submittedAt.size,
      latency: summarizeLatencies(this.latenciesMs),
      commits: [...this.commits],
    };
  }
}
