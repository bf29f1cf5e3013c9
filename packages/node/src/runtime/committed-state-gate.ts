/**
 * Runs work that must see the committed ledger state: mempool admission (the mempool asserts it)
 * and reads served to clients.
 *
 * The ledger application executes a proposal when it votes on it and keeps that execution until
 * consensus decides (ADR 0003): for most of a height the state object holds uncommitted effects.
 * Work that arrives then waits here and runs at the next moment the state is committed — right
 * after a block commits (inside the engine's step, before the next proposal is executed), or
 * between steps when no execution is held. If the height stalls (no quorum), waiting work would
 * wait forever; after `waitMsMax` the gate asks the application to drop its speculation (it
 * re-executes the block if that block is decided), runs the work, and lets consensus go on.
 */
import type { LedgerState } from "@tongbao/ledger";
import { assert } from "@tongbao/std";

export interface CommittedStateGateOptions {
  /** Weight (e.g. transactions) that may wait; beyond it `tryRun` refuses new work. */
  readonly weightMax: number;
  /** Longest wait before the speculation is dropped to let work through. */
  readonly waitMsMax: number;
}

export interface CommittedStateGatePorts {
  readonly state: LedgerState;
  /** Drops the application's speculative execution, leaving the committed state. */
  releaseSpeculation(): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

interface Waiting {
  readonly weight: number;
  readonly run: () => void;
  readonly cancel: (error: Error) => void;
}

export class CommittedStateGate {
  private readonly waiting: Waiting[] = [];
  private weight = 0;
  private timer: unknown = undefined;
  private closed = false;
  private draining = false;

  constructor(
    private readonly options: CommittedStateGateOptions,
    private readonly ports: CommittedStateGatePorts,
  ) {
    assert(options.weightMax > 0 && options.waitMsMax > 0, "gate bounds are positive");
  }

  /** Work waiting for the committed state, by weight. */
  get waitingWeight(): number {
    return this.weight;
  }

  /**
   * Runs `task` against the committed state: now if possible, else at the next chance.
   * Returns undefined (and does not run it) when `weight` more would exceed the bound.
   */
  tryRun<T>(weight: number, task: () => T): Promise<T> | undefined {
    if (this.closed) return Promise.reject(new Error("the node is stopping"));
    if (this.waiting.length === 0 && !this.ports.state.blockInProgress) {
      try {
        return Promise.resolve(task());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.weight + weight > this.options.weightMax) return undefined;
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        weight,
        run: () => {
          try {
            resolve(task());
          } catch (error) {
            reject(error);
          }
        },
        cancel: reject,
      });
      this.weight += weight;
      this.timer ??= this.ports.setTimer(() => this.expire(), this.options.waitMsMax);
    });
  }

  /** Call whenever the state may be committed: runs everything waiting if it is. */
  drain(): void {
    if (this.draining || this.waiting.length === 0 || this.ports.state.blockInProgress) return;
    this.draining = true;
    try {
      // Work queued by the tasks themselves runs in this pass too, still on committed state.
      while (this.waiting.length > 0) {
        const next = this.waiting.shift()!;
        this.weight -= next.weight;
        next.run();
        assert(!this.ports.state.blockInProgress, "gated work must not execute blocks");
      }
    } finally {
      this.draining = false;
    }
    this.stopTimer();
  }

  /** Refuses new work and fails what waits. */
  close(): void {
    this.closed = true;
    this.stopTimer();
    for (const item of this.waiting.splice(0)) item.cancel(new Error("the node is stopping"));
    this.weight = 0;
  }

  private expire(): void {
    this.timer = undefined;
    if (this.waiting.length === 0 || this.closed) return;
    if (this.ports.state.blockInProgress) this.ports.releaseSpeculation();
    this.drain();
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    this.ports.clearTimer(this.timer);
    this.timer = undefined;
  }
}
