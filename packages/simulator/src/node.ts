/**
 * One simulated validator process: the production consensus engine and safety module, the
 * ledger behind LedgerApplication, the mempool, and a SimStorage disk. The simulator feeds it
 * events and performs the actions it returns; the node itself touches only its own disk.
 *
 * A crash throws away everything but the disk. A boot rebuilds the node from the disk the way
 * the real node restarts: the ledger by replaying the committed blocks from genesis through
 * `applyBlock`, the engine from the last committed block, the WAL records of the current height
 * (fed as `replay` events) and the same safety store.
 */
import {
  ConsensusEngine,
  SafetyModule,
  decodeCommittedBlock,
  type Application,
  type ConsensusAction,
  type ConsensusEvent,
  type EngineView,
  type ParentInfo,
  type SafetyData,
  type TimeoutOptions,
} from "@tongbao/consensus";
import { applyBlock, encodeSignedTransaction, type LedgerState } from "@tongbao/ledger";
import { Mempool, type AdmitResult } from "@tongbao/mempool";
import {
  CachingTransactionVerifier,
  LedgerApplication,
  appHashOf,
  decodeBlockPayload,
  type CommittedExecution,
} from "@tongbao/node";
import { assert, bytesToHex, equalBytes, type Prng } from "@tongbao/std";
import type { Height, TimestampMs } from "@tongbao/types";
import { consensusSigner, consensusVerifier } from "./keys.ts";
import { SimStorage } from "./storage.ts";
import { SIM_EPOCH_MS, genesisState, type World } from "./world.ts";

/**
 * honest: runs the production code and is held to every checker. twin: shares a validator key
 * with another node (Aptos twins), so together they are one Byzantine validator. byzantine:
 * runs the production code with misbehaviour layered on its outputs.
 */
export type NodeKind = "honest" | "twin" | "byzantine";

export interface NodeConfig {
  readonly id: number;
  /** Also the node's PeerId on the network, e.g. "v2" or "v2'" for a twin. */
  readonly name: string;
  readonly validatorIndex: number;
  readonly kind: NodeKind;
  /** The node's clock reads simulated time plus this. */
  readonly clockSkewMs: number;
  readonly timeouts?: Partial<TimeoutOptions>;
  readonly commitDelayMs: number;
  readonly unsafeSkipLockCheck: boolean;
  readonly maxTxsPerBlock: number;
  readonly maxPayloadBytes: number;
}

/** What the node needs from the simulator around it. */
export interface NodeHost {
  /** The node admitted a transaction: gossip it to peers. */
  gossipTransaction(node: SimNode, bytes: Uint8Array): void;
  /** Lets Byzantine nodes wrap their application; honest nodes get the identity. */
  application(node: SimNode, app: LedgerApplication): Application;
  /** Every save of the node's safety data, before it is stored. */
  safetySaved(node: SimNode, previous: SafetyData | undefined, next: SafetyData): void;
  /** A block was executed and committed to the ledger state, which is now exactly that. */
  executed(node: SimNode, height: number): void;
}

export interface BootResult {
  readonly actions: ConsensusAction[];
  /** Heights whose replayed app hash differs from the one stored at commit (should be none). */
  readonly replayMismatches: readonly number[];
}

interface Runtime {
  readonly state: LedgerState;
  readonly app: LedgerApplication;
  readonly mempool: Mempool;
  readonly txVerifier: CachingTransactionVerifier;
  readonly engine: ConsensusEngine;
}

export interface NodeStats {
  boots: number;
  admitted: number;
  steps: number;
}

export class SimNode {
  readonly storage: SimStorage;
  alive = false;
  /** Bumped by every crash, so that events addressed to an earlier life are dropped. */
  incarnation = 0;
  readonly stats: NodeStats = { boots: 0, admitted: 0, steps: 0 };
  /**
   * Filled by LedgerApplication's onCommitted during a step and consumed by the commit actions
   * of that step, in order (one step may decide several heights: buffered next-height messages).
   */
  private executions: CommittedExecution[] = [];
  private runtime: Runtime | undefined;
  /** The clock reading of the event being handled. */
  private nowMs = 0;

  constructor(
    readonly config: NodeConfig,
    private readonly world: World,
    private readonly host: NodeHost,
  ) {
    this.storage = new SimStorage((previous, next) => host.safetySaved(this, previous, next));
  }

  get id(): number {
    return this.config.id;
  }

  get name(): string {
    return this.config.name;
  }

  get kind(): NodeKind {
    return this.config.kind;
  }

  get honest(): boolean {
    return this.config.kind === "honest";
  }

  /** The node's clock at simulated time `simMs`. */
  clock(simMs: number): TimestampMs {
    return (SIM_EPOCH_MS + simMs + this.config.clockSkewMs) as TimestampMs;
  }

  /** Committed height as stored on disk (survives crashes). */
  get height(): number {
    return this.storage.height;
  }

  get state(): LedgerState {
    return this.live().state;
  }

  get mempool(): Mempool {
    return this.live().mempool;
  }

  get app(): LedgerApplication {
    return this.live().app;
  }

  view(): EngineView {
    return this.live().engine.view();
  }

  messagesForHeight(): Uint8Array[] {
    return this.live().engine.messagesForHeight();
  }

  /** Rebuilds the node from its disk and starts the engine; returns the actions to perform. */
  boot(simMs: number): BootResult {
    assert(!this.alive, "boot a node that is down");
    this.stats.boots++;
    const nowMs = this.clock(simMs);
    this.nowMs = nowMs;
    const { state, parent, replayMismatches } = this.replayBlocks();
    const txVerifier = new CachingTransactionVerifier(this.world.chainId);
    const mempool = new Mempool(
      { chainId: this.world.chainId },
      {
        verifySignature: (signed) => txVerifier.verify(signed),
        onAdmitted: (signed) => {
          this.stats.admitted++;
          this.host.gossipTransaction(this, encodeSignedTransaction(signed));
        },
      },
    );
    const app = new LedgerApplication(
      { maxTxsPerBlock: this.config.maxTxsPerBlock, maxPayloadBytes: this.config.maxPayloadBytes },
      {
        state,
        source: mempool,
        verifier: txVerifier,
        onCommitted: (committed) => {
          this.executions.push(committed);
          mempool.removeCommitted(committed.transactions);
          mempool.recheck({ state, nowMs: this.nowMs });
          this.host.executed(this, committed.execution.height);
        },
      },
    );
    const key = this.world.validatorKeys[this.config.validatorIndex];
    assert(key !== undefined, "node's validator index is in the set");
    const safety = new SafetyModule(
      { chainId: this.world.chainId },
      { signer: consensusSigner(key, this.world.scheme), store: this.storage.safety },
    );
    const engine = new ConsensusEngine(
      {
        chainId: this.world.chainId,
        validators: this.world.validatorSet,
        parent,
        ...(this.config.timeouts === undefined ? {} : { timeouts: this.config.timeouts }),
        commitDelayMs: this.config.commitDelayMs,
        unsafeSkipLockCheck: this.config.unsafeSkipLockCheck,
      },
      {
        application: this.host.application(this, app),
        safety,
        verifier: consensusVerifier(this.world.scheme, this.world.validatorKeys),
      },
    );
    this.runtime = { state, app, mempool, txVerifier, engine };
    this.alive = true;
    const actions: ConsensusAction[] = [];
    for (const bytes of this.storage.walRecords(parent.height + 1)) {
      actions.push(...this.step({ kind: "replay", nowMs, bytes }));
    }
    actions.push(...this.step({ kind: "start", nowMs }));
    return { actions, replayMismatches };
  }

  crash(prng: Prng): void {
    assert(this.alive, "crash a node that is up");
    this.alive = false;
    this.incarnation++;
    this.runtime = undefined;
    this.executions = [];
    this.storage.crash(prng);
  }

  /** The execution behind the next commit action of the current step. */
  takeExecution(): CommittedExecution | undefined {
    return this.executions.shift();
  }

  step(event: ConsensusEvent): ConsensusAction[] {
    const { engine } = this.live();
    this.nowMs = event.nowMs;
    this.stats.steps++;
    return engine.step(event);
  }

  /** Admission against the committed state, as the gateway and gossip paths do. */
  admit(bytes: Uint8Array, simMs: number): AdmitResult {
    const { app, mempool } = this.live();
    const nowMs = this.clock(simMs);
    this.nowMs = nowMs;
    return app.withCommittedState((state) => mempool.admit(bytes, { state, nowMs }));
  }

  /** Ledger state from genesis plus every stored block, as the node restarts for now. */
  private replayBlocks(): {
    state: LedgerState;
    parent: ParentInfo;
    replayMismatches: number[];
  } {
    const state = genesisState(this.world);
    let parent = this.world.genesisParent;
    const replayMismatches: number[] = [];
    for (const stored of this.storage.blocks) {
      const { block } = decodeCommittedBlock(stored.bytes);
      const execution = applyBlock(state, decodeBlockPayload(block.payload), {
        height: stored.height,
        timestampMs: block.header.timestampMs,
      });
      const appHash = appHashOf(execution.stateRoot, execution.receiptsRoot);
      if (!equalBytes(appHash, stored.appHash)) replayMismatches.push(stored.height);
      parent = {
        height: stored.height as Height,
        blockId: stored.blockId,
        timestampMs: block.header.timestampMs,
        appHash: stored.appHash,
      };
    }
    return { state, parent, replayMismatches };
  }

  private live(): Runtime {
    assert(this.runtime !== undefined, `node ${this.name} is down`);
    return this.runtime;
  }

  describe(): string {
    if (this.runtime === undefined) return `${this.name} down at height ${this.height}`;
    const v = this.runtime.engine.view();
    const lock = v.lockedBlockId === null ? "" : ` locked r${v.lockedRound}`;
    return `${this.name} h${v.height} r${v.round} ${v.step}${lock} (stored ${this.height}, parent ${bytesToHex(v.parent.blockId).slice(0, 8)})`;
  }
}
