/**
 * ValidatorNode: the composition root of one node — a validator, or an observer (a genesis
 * `observers` entry: it follows consensus and stores every block but never signs, see
 * docs/spec/consensus.md). It wires the pure parts — consensus
 * engine, ledger application, mempool — to a real clock, disk (LMDB) and network (mutual-TLS
 * links), and runs the engine's actions:
 *
 *   persist          → consensus WAL (a durable record is synced before the next action runs)
 *   broadcast        → p2p Consensus channel
 *   schedule-timeout → setTimeout, fed back as a timeout event; cancelled on stop
 *   commit           → block store (block, certificate, app hash, receipts: one synced write),
 *                      WAL pruned, then the onCommitted listeners
 *   request-block    → BlockRequest to a peer (retried on another), answered with BlockResponse
 *
 * Restart (ADR 0004): genesis state, then every stored block through the ledger (checking each
 * app hash), then the engine from the last block with the WAL records of the next height
 * replayed before `start`. Peers re-send their current height's messages when we reconnect,
 * and we re-send ours to them.
 *
 * An observer runs the same engine without a safety module, so it has nothing to sign with:
 * it reaches each commit from the validators' proposals and votes, which they send it as they
 * send each other. Validators drop consensus messages and block responses from observers
 * before their engine sees them; the engine would refuse them anyway, since no validator's key
 * signed them.
 *
 * Everything this node holds hangs off the instance — no module-level state — so N nodes can
 * run in one process (each with its own logger and data directory).
 */
import { join } from "node:path";
import { DecodeError } from "@tongbao/codec";
import {
  ConsensusEngine,
  PAYLOAD_BYTES_MAX,
  SafetyModule,
  blockIdOf,
  decodeCommittedBlock,
  decodeMessage,
  encodeProposal,
  signingBytes,
  type BlockHeader,
  type ConsensusAction,
  type ConsensusEvent,
  type ParentInfo,
  type SignedProposal,
  type TimeoutOptions,
} from "@tongbao/consensus";
import { VerifierPool, type KeyPair, type VerifyItem } from "@tongbao/crypto";
import {
  applyBlock,
  createGenesisState,
  encodeSignedTransaction,
  type BlockExecution,
  type LedgerState,
  type SignedTransaction,
} from "@tongbao/ledger";
import {
  ADMIT_BATCH_ITEMS_MAX,
  Mempool,
  type AdmitResult,
  type MempoolOptions,
} from "@tongbao/mempool";
import {
  Channel,
  TcpTransport,
  type PeerId,
  type Transport,
  type TransportLogEntry,
  type TransportOptions,
} from "@tongbao/p2p";
import { AssertionError, assert, bytesToHex, equalBytes } from "@tongbao/std";
import { openStorage, type BlockStore, type Storage } from "@tongbao/storage";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import { decodeBlockPayload } from "../app/block-payload.ts";
import {
  LedgerApplication,
  appHashOf,
  type CommittedExecution,
} from "../app/ledger-application.ts";
import { CachingTransactionVerifier } from "../app/transaction-verifier.ts";
import { DecodedTransactions } from "../app/decoded-transactions.ts";
import { CommittedStateGate } from "./committed-state-gate.ts";
import { EnvelopeBook } from "../travel-rule/envelope-book.ts";
import { TravelRuleRelay } from "../travel-rule/relay.ts";
import { encodeReceipts } from "./receipts.ts";
import { ValidatorSignatureVerifier, nodeSigner } from "./consensus-keys.ts";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.ts";
import {
  genesisParent,
  memberOf,
  type HostPort,
  type NetworkGenesis,
  type NetworkMember,
  type NetworkValidator,
  type NodeRole,
} from "./genesis.ts";
import type { Logger } from "./logger.ts";
import {
  GOSSIP_BATCH_TXS_MAX,
  decodeBlockRequest,
  decodeTransactionBatch,
  encodeBlockRequest,
  encodeTransactionBatch,
} from "./wire.ts";

/**
 * Transactions per block. A block of 10,000 transfers executes in well under the propose
 * timeout here, and at ~200 B each its payload (2 MiB) stays far inside PAYLOAD_BYTES_MAX.
 * Every validator must use the same value: a proposal above another's limit is refused by it.
 */
export const BLOCK_TXS_MAX = 10_000;
/** Consensus's own bound on a block's payload. */
export const BLOCK_PAYLOAD_BYTES_MAX = PAYLOAD_BYTES_MAX;
/**
 * Transactions waiting for the committed state (see CommittedStateGate). Two full blocks: more
 * than that cannot be included before the wait ends, so the submitter is told to come back.
 */
export const ADMISSION_WAITING_TXS_MAX = 2 * BLOCK_TXS_MAX;
/**
 * How long admission waits for a commit before the held speculation is dropped. Blocks commit
 * several times a second when the network is healthy, so only a stalled height waits this long.
 */
export const ADMISSION_WAIT_MS_MAX = 2_000;
/**
 * Transactions whose signatures wait to be verified. A second admission bound, ahead of the
 * gate: a node that receives more than it can verify says "busy" instead of queueing without end.
 */
export const ADMISSION_VERIFYING_TXS_MAX = 2 * BLOCK_TXS_MAX;
/**
 * Signature verification runs in slices of at most this long between other events, so that a
 * consensus message waits at most about this long behind admission work.
 */
export const ADMISSION_SLICE_MS = 5;
/** Locally submitted transactions are gossiped after at most this delay, many per frame. */
export const GOSSIP_FLUSH_MS = 5;
/** The kind byte of an encoded consensus vote message (docs/spec/consensus.md §3). */
const MESSAGE_KIND_VOTE = 2;
/** The kind byte of an encoded proposal, which carries its block. */
const MESSAGE_KIND_PROPOSAL = 1;
/** Rounds remembered as preverified; heights move on long before this many rounds pass. */
const PREVERIFIED_ROUNDS_MAX = 1_024;
/** A step (with its actions) slower than this is logged: it delays every message behind it. */
export const SLOW_STEP_MS = 100;
/**
 * A peer whose latest vote is for the height we committed this long ago is treated as stuck
 * there and sent that block. Peers normally vote for the next height within a commit delay
 * and a round trip; a spurious offer costs one block sent and is ignored by its engine.
 */
export const PEER_BEHIND_MS = 1_000;
/** A block request unanswered after this long goes to the next peer. */
export const FETCH_RETRY_MS = 1_000;
/** Attempts per requested height before waiting for the engine to ask again. */
export const FETCH_ATTEMPTS_MAX = 20;

export interface ValidatorNodeOptions {
  readonly genesis: NetworkGenesis;
  /** This node's Ed25519 node key: one of genesis's validators' or observers'. */
  readonly nodeKey: KeyPair;
  /** Where the node keeps its blocks, WAL and safety data (created if missing). */
  readonly dataDir: string;
  /** Where to accept peers; defaults to this validator's address in genesis. */
  readonly listen?: HostPort;
  readonly timeouts?: Partial<TimeoutOptions>;
  /** Pause after each commit before the next height's round 0 (consensus commitDelayMs). */
  readonly commitDelayMs?: number;
  readonly mempool?: Partial<Omit<MempoolOptions, "chainId">>;
  /** Longest p2p redial delay; the transport's default when absent. */
  readonly reconnectDelayMsMax?: number;
  /**
   * Worker threads that verify submitted and gossiped signatures off the event loop (default
   * VERIFIER_THREADS_DEFAULT). 0 verifies on the event loop, in slices between other events.
   */
  readonly verifierThreads?: number;
}

/** One worker: verification leaves the event loop, so consensus never waits behind a batch. */
export const VERIFIER_THREADS_DEFAULT = 1;

export interface ValidatorNodeModules {
  readonly logger: Logger;
  /** Wall clock in ms since 1970. Defaults to Date.now. */
  readonly clock?: () => number;
  /**
   * Called once when the node halts on a bug (an AssertionError, or any error while running
   * consensus actions). The node has already logged it with context and stopped its timers.
   * The node process exits non-zero here; by default the error is rethrown.
   */
  readonly onFatal?: (error: unknown) => void;
  /**
   * Called after each stored block replayed by `open` (a restart rebuilds the ledger from
   * genesis, which takes a while on a long chain): `height` of `of` blocks done.
   */
  readonly onReplayProgress?: (progress: ReplayProgress) => void;
  /** Builds the p2p transport; defaults to TcpTransport. Tests pass a MemoryTransport. */
  readonly createTransport?: (
    options: TransportOptions & { readonly listen: HostPort },
    log: (entry: TransportLogEntry) => void,
  ) => Transport;
}

export interface ReplayProgress {
  readonly height: number;
  readonly of: number;
}

export interface PeerHealth {
  readonly name: string;
  readonly role: NodeRole;
  readonly connected: boolean;
  /** When a frame last arrived from the peer (ms since 1970); null if never. */
  readonly lastSeenMs: number | null;
}

/** What the API's /healthz and /readyz need. */
export interface NodeHealth {
  readonly height: number;
  /** When this node last committed a block (ms since 1970); null before the first. */
  readonly lastCommitMs: number | null;
  readonly peers: readonly PeerHealth[];
}

/** A block this node has committed and stored. */
export interface CommittedBlockInfo {
  readonly height: Height;
  readonly round: Round;
  readonly blockId: Uint8Array;
  /** The decided header (what LedgerServices.onCommitted indexes). */
  readonly header: BlockHeader;
  readonly timestampMs: TimestampMs;
  /** The name of the validator that proposed it. */
  readonly proposer: string;
  /** The app hash after this block (the next header carries it). */
  readonly appHash: Uint8Array;
  readonly transactions: readonly SignedTransaction[];
  /** Receipts (one per transaction, in order), roots and expired holds. */
  readonly execution: BlockExecution;
}

export type CommittedListener = (block: CommittedBlockInfo) => void;

/** A fuller picture than NodeHealth, for the CLI and tests. */
export interface NodeStatus extends NodeHealth {
  readonly name: string;
  readonly role: NodeRole;
  readonly chainId: string;
  /** Hex app hash after `height`. */
  readonly appHash: string;
  readonly round: number;
  readonly mempoolTxs: number;
  readonly admissionWaitingTxs: number;
  /** Transaction signatures actually verified (not answered from the cache) since start. */
  readonly signaturesVerified: number;
  /**
   * Of those, the ones checked for proposals that carried transactions this node had not seen
   * (by the verifier threads, ahead of admission): what gossip did not bring in time.
   */
  readonly proposalSignaturesVerified: number;
  /** Decoded transactions kept for the blocks expected to hold them (DecodedTransactions). */
  readonly decodedTxs: number;
  readonly p2p: string;
}

/**
 * What a gateway (the API server of packages/node/src/services) gets from the node it is
 * attached to. Reads of the ledger go through `readCommitted`: the state object holds a
 * speculative execution for much of each height.
 */
export interface NodeAccess {
  readonly genesis: NetworkGenesis;
  /** Who this node is: a validator or an observer. */
  readonly self: NetworkMember;
  /** This node as a validator of genesis; undefined on an observer. */
  readonly validator: NetworkValidator | undefined;
  readonly logger: Logger;
  /** The ledger state; between commits it may hold a speculative block — prefer readCommitted. */
  readonly ledger: LedgerState;
  readonly mempool: Mempool;
  readonly blocks: BlockStore;
  /** Travel-rule envelopes: this node's store and its exchange with the peers. */
  readonly travelRule: TravelRuleRelay;
  submit(bytes: Uint8Array): Promise<AdmitResult>;
  submitBatch(items: readonly (Uint8Array | SignedTransaction)[]): Promise<AdmitResult[]>;
  readCommitted<T>(read: (state: LedgerState) => T): Promise<T>;
  /**
   * Settles once no committed block waits for its durable write, and its listeners have run: a
   * block's transactions leave the mempool when it executes, and are indexed only then.
   * Undefined when no block is being written, so a caller waits (and times) only when it must.
   */
  whenStored(): Promise<void> | undefined;
  /** The node's cached signature check: a transaction verified here is not verified again. */
  verifySignature(signed: SignedTransaction): boolean;
  /**
   * Checks the signatures of `transactions` ahead of their admission, off the event loop when
   * the node has verifier threads, remembering the valid ones so that admission and block
   * validation do not check them again. Needs no ledger state, so it runs while a block is in
   * progress. Settles without checking when the node is busy or has no verifier threads.
   */
  preverify(transactions: readonly SignedTransaction[]): Promise<void>;
  /**
   * Busy answers for a batch of `count` that admission would refuse as a whole anyway, its
   * backlog (transactions being checked, or waiting for the committed state) being full: so that
   * an overloaded node refuses at once, before decoding and checking what it cannot take.
   * Undefined when there is room.
   */
  admissionBusy(count: number): AdmitResult[] | undefined;
  onCommitted(listener: CommittedListener): () => void;
  nodeHealth(): NodeHealth;
}

/** A running gateway the node closes when it stops. */
export interface Gateway {
  /** Where clients reach it, e.g. "http://127.0.0.1:8080". */
  readonly url: string;
  close(): Promise<void>;
}

/** A transaction on its way to the mempool: its bytes, or what this node decoded from them. */
type AdmissionItem = Uint8Array | SignedTransaction;

interface VerifyJob {
  /** Bytes until the slice that verifies an item puts what it decoded in its place. */
  readonly items: AdmissionItem[];
  readonly local: boolean;
  next: number;
  readonly resolve: (results: AdmitResult[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Fetch {
  readonly height: number;
  readonly request: Uint8Array;
  readonly peers: PeerId[];
  attempt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class ValidatorNode {
  readonly genesis: NetworkGenesis;
  readonly self: NetworkMember;
  /** This node as a validator of genesis; undefined on an observer. */
  readonly validator: NetworkValidator | undefined;
  readonly logger: Logger;
  readonly ledger: LedgerState;
  readonly mempool: Mempool;
  readonly storage: Storage;
  readonly travelRule: TravelRuleRelay;
  private readonly clock: () => number;
  private readonly onFatal: ((error: unknown) => void) | undefined;
  private readonly verifier: CachingTransactionVerifier;
  private readonly decoded = new DecodedTransactions();
  private readonly verifierPool: VerifierPool | undefined;
  private readonly app: LedgerApplication;
  private readonly engine: ConsensusEngine;
  private readonly transport: Transport;
  private readonly gate: CommittedStateGate;
  private readonly lock: DataDirLock;
  /** Every other node this one may link to: validators, and observers on a validator. */
  private readonly byPeer: ReadonlyMap<PeerId, NetworkMember>;
  private readonly parentAtOpen: ParentInfo;

  private readonly listeners = new Set<CommittedListener>();
  private readonly timers = new Map<ReturnType<typeof setTimeout>, number>();
  private readonly lastSeen = new Map<PeerId, number>();
  /** The highest height each peer has voted at. */
  private readonly peerVotes = new Map<PeerId, number>();
  /** The last block offered to each peer, so a burst of its votes costs one send. */
  private readonly offered = new Map<PeerId, { height: number; atMs: number }>();
  private peersBehindTimer: ReturnType<typeof setInterval> | undefined;
  private readonly finalized: CommittedExecution[] = [];
  private readonly inbox: ConsensusEvent[] = [];
  private gossip: Uint8Array[] = [];
  private gossipTimer: ReturnType<typeof setTimeout> | undefined;
  private fetch: Fetch | undefined;
  private gateway: Gateway | undefined;
  private stepping = false;
  /**
   * Settles when the block being stored is durable and the node has acted on it. Meanwhile the
   * engine is not stepped (nothing is signed for the next height) and client reads wait; the
   * event loop serves everything else while LMDB's write thread syncs (ADR 0004).
   */
  private storing: Promise<void> | undefined;
  /** Proposals whose signatures the verifier pool is checking: the engine waits for them. */
  private preverifying = 0;
  /** "height/round" of the proposals preverified (see awaitsProposal). */
  private readonly preverifiedRounds = new Set<string>();
  /** Validators' signatures: the engine's verifier, and the proposal lane's (awaitsProposal). */
  private readonly validatorSignatures = new ValidatorSignatureVerifier();
  private proposalSignaturesVerified = 0;
  private listening = false;
  private admittingLocal = false;
  private readonly verifying: VerifyJob[] = [];
  private verifyingTxs = 0;
  private verifyScheduled = false;
  private state: "opened" | "running" | "stopping" | "stopped" | "failed" = "opened";
  private committedHeight: number;
  private committedAppHash: Uint8Array;
  private lastCommitMs: number | null = null;
  private stopped: Promise<void> | undefined;

  /**
   * Opens the data directory, restores the ledger by replaying the stored blocks, and builds
   * the engine. Nothing is sent or scheduled until `start`.
   */
  static async open(
    options: ValidatorNodeOptions,
    modules: ValidatorNodeModules,
  ): Promise<ValidatorNode> {
    const { genesis, nodeKey } = options;
    const self = memberOf(genesis, nodeKey.publicKey);
    if (self === undefined) {
      throw new RangeError(
        `node key ${bytesToHex(nodeKey.publicKey)} is neither a validator nor an observer of ` +
          `${genesis.chainId}: start the node with the key file that was written for it`,
      );
    }
    const lock = await lockDataDir(options.dataDir);
    let storage: Storage | undefined;
    try {
      storage = await openStorage({
        dir: join(options.dataDir, "db"),
        chainId: genesis.chainId,
        genesisHash: genesis.genesisHash,
      });
      const ledger = createGenesisState(genesis.ledgerConfig);
      const parent = replayBlocks(
        genesis,
        ledger,
        storage.blocks,
        modules.logger,
        modules.onReplayProgress,
      );
      return new ValidatorNode(options, modules, { self, lock, storage, ledger, parent });
    } catch (error) {
      await storage?.close();
      await lock.release();
      throw error;
    }
  }

  private constructor(
    private readonly options: ValidatorNodeOptions,
    modules: ValidatorNodeModules,
    opened: {
      self: NetworkMember;
      lock: DataDirLock;
      storage: Storage;
      ledger: LedgerState;
      parent: ParentInfo;
    },
  ) {
    const { genesis } = options;
    this.genesis = genesis;
    this.self = opened.self;
    this.validator =
      opened.self.role === "validator"
        ? genesis.validators.find((v) => v.peerId === opened.self.peerId)
        : undefined;
    this.logger = modules.logger;
    this.clock = modules.clock ?? Date.now;
    this.onFatal = modules.onFatal;
    this.lock = opened.lock;
    this.storage = opened.storage;
    this.ledger = opened.ledger;
    this.parentAtOpen = opened.parent;
    this.committedHeight = opened.parent.height;
    this.committedAppHash = opened.parent.appHash;
    this.byPeer = new Map(
      linkedMembers(genesis, opened.self)
        .filter((m) => m.peerId !== opened.self.peerId)
        .map((m) => [m.peerId, m]),
    );

    this.verifier = new CachingTransactionVerifier(genesis.chainId);
    const threads = options.verifierThreads ?? VERIFIER_THREADS_DEFAULT;
    this.verifierPool = threads > 0 ? new VerifierPool({ threads }) : undefined;
    this.mempool = new Mempool(
      { ...options.mempool, chainId: genesis.chainId },
      {
        verifySignature: (signed) => this.verifier.verify(signed),
        onAdmitted: (signed) => this.onAdmitted(signed),
      },
    );
    this.app = new LedgerApplication(
      { maxTxsPerBlock: BLOCK_TXS_MAX, maxPayloadBytes: BLOCK_PAYLOAD_BYTES_MAX },
      {
        state: this.ledger,
        source: this.mempool,
        verifier: this.verifier,
        decode: (bytes) => this.decoded.decode(bytes),
        onCommitted: (committed) => this.onFinalized(committed),
      },
    );
    this.gate = new CommittedStateGate(
      { weightMax: ADMISSION_WAITING_TXS_MAX, waitMsMax: ADMISSION_WAIT_MS_MAX },
      {
        state: this.ledger,
        releaseSpeculation: () => {
          this.logger.warn(
            { height: this.committedHeight + 1 },
            "no commit for a while: dropping the speculative execution to admit transactions",
          );
          this.app.releaseSpeculation();
        },
        setTimer: (callback, ms) => setTimeout(() => this.guard(callback), ms),
        clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
    );
    // An observer gets no safety module: without one the engine cannot sign anything.
    const safety =
      this.validator === undefined
        ? undefined
        : new SafetyModule(
            { chainId: genesis.chainId },
            { signer: nodeSigner(options.nodeKey), store: this.storage.safety },
          );
    this.engine = new ConsensusEngine(
      {
        chainId: genesis.chainId,
        validators: genesis.validatorSet,
        parent: opened.parent,
        ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
        ...(options.commitDelayMs === undefined ? {} : { commitDelayMs: options.commitDelayMs }),
      },
      {
        application: this.app,
        ...(safety === undefined ? {} : { safety }),
        verifier: this.validatorSignatures,
      },
    );

    const transportOptions = {
      chainId: genesis.chainId,
      genesisHash: genesis.genesisHash,
      nodeKey: options.nodeKey,
      peers: linkedMembers(genesis, this.self).map((m) => ({
        publicKey: m.publicKey,
        host: m.address.host,
        port: m.address.port,
      })),
      listen: options.listen ?? this.self.address,
      ...(options.reconnectDelayMsMax === undefined
        ? {}
        : { reconnectDelayMsMax: options.reconnectDelayMsMax }),
    };
    const log = (entry: TransportLogEntry) => this.logTransport(entry);
    this.transport =
      modules.createTransport?.(transportOptions, log) ??
      new TcpTransport(transportOptions, { log, nowMs: this.clock });
    this.transport.onMessage((peer, channel, bytes) =>
      this.guard(() => this.onMessage(peer, channel, bytes)),
    );
    this.transport.onPeerConnected((peer) => this.guard(() => this.onPeerConnected(peer)));
    this.travelRule = new TravelRuleRelay(
      {
        chainId: genesis.chainId,
        travelRuleKeys: genesis.travelRuleKeys,
        travelRuleSm2Keys: genesis.travelRuleSm2Keys,
      },
      new EnvelopeBook(this.storage.documents),
      {
        send: (peer, channel, bytes) => this.transport.send(peer, channel, bytes),
        connectedPeers: () =>
          this.transport
            .peers()
            .filter((p) => p.connected)
            .map((p) => p.peer),
      },
      this.logger.child({ component: "travel-rule" }),
    );
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Replays the WAL into the engine, starts it, then starts listening and dialling peers. */
  async start(): Promise<void> {
    assert(this.state === "opened", "a node starts once");
    this.state = "running";
    const next = (this.parentAtOpen.height + 1) as Height;
    const records = this.storage.wal.records(next);
    for (const bytes of records) this.dispatch({ kind: "replay", nowMs: this.now(), bytes });
    this.dispatch({ kind: "start", nowMs: this.now() });
    this.peersBehindTimer = setInterval(
      () => this.guard(() => this.checkPeersBehind()),
      PEER_BEHIND_MS,
    );
    try {
      await this.transport.start();
      this.listening = true;
    } catch (error) {
      await this.stop();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES") {
        const { host, port } = this.options.listen ?? this.self.address;
        throw new Error(
          `cannot listen for peers on ${host}:${port} (${code}): another node or program uses ` +
            `that port — stop it, or give this ${this.self.role} another address in genesis`,
        );
      }
      throw error;
    }
    this.logger.info(
      {
        role: this.self.role,
        height: this.committedHeight,
        walRecords: records.length,
        p2p: this.p2pAddress(),
        validators: this.genesis.validators.length,
        observers: this.genesis.observers.length,
      },
      "node started",
    );
  }

  /** Stops consensus timers, closes the gateway, flushes the WAL, closes links and storage. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    const failed = this.state === "failed";
    this.state = "stopping";
    this.clearTimers();
    this.gate.close();
    this.travelRule.close();
    for (const job of this.verifying.splice(0)) job.reject(new Error("the node is stopping"));
    this.verifyingTxs = 0;
    const gateway = this.gateway;
    this.gateway = undefined;
    this.listening = false;
    try {
      await gateway?.close();
    } catch (error) {
      this.logger.error({ err: error }, "the gateway did not close cleanly");
    }
    try {
      await this.storing; // Storage.close waits for it too; the WAL flush must come after it.
      if (!failed) this.storage.wal.flush();
    } finally {
      await this.verifierPool?.close();
      await this.transport.stop();
      await this.storage.close();
      await this.lock.release();
      this.state = "stopped";
      this.logger.info({ height: this.committedHeight }, "node stopped");
    }
  }

  // ---- what other layers use ------------------------------------------------------------------

  /** Admits one encoded signed transaction (and gossips it if accepted). */
  async submit(bytes: Uint8Array): Promise<AdmitResult> {
    const [result] = await this.submitBatch([bytes]);
    return result!;
  }

  /**
   * Admits up to ADMIT_BATCH_ITEMS_MAX transactions, each answered as the mempool answers.
   * Signatures are verified here, at once; admission itself waits for the committed state.
   * An item may be a transaction the caller already decoded (the gateway does): it is not
   * decoded again.
   */
  submitBatch(items: readonly AdmissionItem[]): Promise<AdmitResult[]> {
    if (items.length > ADMIT_BATCH_ITEMS_MAX) {
      throw new RangeError(
        `submitBatch: ${items.length} items; at most ${ADMIT_BATCH_ITEMS_MAX} per batch — split it`,
      );
    }
    return this.admit(items, true);
  }

  /**
   * Runs `read` against the committed ledger state, waiting for it while a block is in progress
   * (at most about a block, or ADMISSION_WAIT_MS_MAX on a stalled height). `read` must not
   * change the state or keep references into it: copy what it returns.
   */
  readCommitted<T>(read: (state: LedgerState) => T): Promise<T> {
    const pending = this.gate.tryRun(0, () => read(this.ledger));
    assert(pending !== undefined, "reads have no weight and always fit");
    return pending.then((value) => this.onceStored(value));
  }

  /**
   * `value` once no committed block is waiting for its durable write: the committed state holds
   * a block as soon as it is executed, and no client hears of it before it is on disk.
   */
  private async onceStored<T>(value: T): Promise<T> {
    while (this.storing !== undefined) await this.storing;
    return value;
  }

  /** Called after each block is stored, in height order. Returns a function that unsubscribes. */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nodeHealth(): NodeHealth {
    const connected = new Set(
      this.transport
        .peers()
        .filter((p) => p.connected)
        .map((p) => p.peer),
    );
    return {
      height: this.committedHeight,
      lastCommitMs: this.lastCommitMs,
      peers: [...this.byPeer.values()].map((m) => ({
        name: m.name,
        role: m.role,
        connected: connected.has(m.peerId),
        lastSeenMs: this.lastSeen.get(m.peerId) ?? null,
      })),
    };
  }

  status(): NodeStatus {
    const view = this.engine.view();
    return {
      ...this.nodeHealth(),
      name: this.self.name,
      role: this.self.role,
      chainId: this.genesis.chainId,
      appHash: bytesToHex(this.committedAppHash),
      round: view.round,
      mempoolTxs: this.mempool.size,
      admissionWaitingTxs: this.gate.waitingWeight + this.verifyingTxs,
      signaturesVerified: this.verifier.verifications,
      proposalSignaturesVerified: this.proposalSignaturesVerified,
      decodedTxs: this.decoded.size,
      p2p: this.p2pAddress(),
    };
  }

  /** "host:port" the p2p listener is bound to (after start). */
  p2pAddress(): string {
    if (this.transport instanceof TcpTransport && this.listening) {
      const { host, port } = this.transport.address;
      return `${host}:${port}`;
    }
    const { host, port } = this.options.listen ?? this.self.address;
    return `${host}:${port}`;
  }

  /**
   * The hook for the API server: `start` gets the node's ledger, mempool, block store, health
   * and submission, and returns the running gateway, which the node closes when it stops.
   */
  async attachGateway(start: (access: NodeAccess) => Promise<Gateway>): Promise<Gateway> {
    assert(this.gateway === undefined, "one gateway per node");
    const gateway = await start(this.access());
    this.gateway = gateway;
    this.logger.info({ url: gateway.url }, "gateway attached");
    return gateway;
  }

  access(): NodeAccess {
    return {
      genesis: this.genesis,
      self: this.self,
      validator: this.validator,
      logger: this.logger,
      ledger: this.ledger,
      mempool: this.mempool,
      blocks: this.storage.blocks,
      travelRule: this.travelRule,
      submit: (bytes) => this.submit(bytes),
      submitBatch: (items) => this.submitBatch(items),
      readCommitted: (read) => this.readCommitted(read),
      whenStored: () => (this.storing === undefined ? undefined : this.onceStored(undefined)),
      verifySignature: (signed) => this.verifier.verify(signed),
      preverify: (transactions) => this.preverify(transactions),
      admissionBusy: (count) => this.admissionBusy(count),
      onCommitted: (listener) => this.onCommitted(listener),
      nodeHealth: () => this.nodeHealth(),
    };
  }

  // ---- admission and gossip ------------------------------------------------------------------

  /**
   * Admission in two stages. First the signatures are verified (the expensive part, cached for
   * admission and block validation) in slices of ADMISSION_SLICE_MS between other events, so
   * that consensus messages never wait behind a large batch. Then the batch is admitted against
   * the committed state, which is cheap, through the gate.
   */
  private admit(items: readonly AdmissionItem[], local: boolean): Promise<AdmitResult[]> {
    if (this.state !== "running") return Promise.reject(new Error("the node is not running"));
    if (this.verifyingFull(items.length)) {
      return Promise.resolve(this.busy(items.length, this.verifyingTxs));
    }
    if (this.verifierPool !== undefined)
      return this.admitAfterPool(this.verifierPool, items, local);
    return new Promise((resolve, reject) => {
      this.verifying.push({ items: [...items], local, next: 0, resolve, reject });
      this.verifyingTxs += items.length;
      this.scheduleVerify();
    });
  }

  /**
   * The worker-thread path: the signatures of transactions not pooled yet are verified by the
   * pool, valid ones are remembered by the caching verifier (so admission and block validation
   * find them verified), then the batch enters the gate as in the sliced path.
   */
  private async admitAfterPool(
    pool: VerifierPool,
    items: readonly AdmissionItem[],
    local: boolean,
  ): Promise<AdmitResult[]> {
    // Decoded once here and handed to the mempool as such; a malformed item stays bytes, and
    // the mempool answers it.
    const decoded = items.map((item) => this.decodedOrBytes(item));
    await this.verifyInPool(
      pool,
      decoded.filter((item): item is SignedTransaction => !(item instanceof Uint8Array)),
      items.length,
    );
    if (this.state !== "running") throw new Error("the node is not running");
    return new Promise((resolve, reject) => {
      this.enterGate({ items: decoded, local, next: decoded.length, resolve, reject });
    });
  }

  /**
   * The gateway's early check (NodeAccess.preverify): the batch's signatures go to the pool as
   * it arrives, not after the block in progress; its admission then finds them checked. Over the
   * bound of transactions being verified it checks nothing: admission answers busy.
   */
  private async preverify(transactions: readonly SignedTransaction[]): Promise<void> {
    const pool = this.verifierPool;
    if (pool === undefined || this.state !== "running") return;
    if (this.verifyingFull(transactions.length)) return;
    try {
      await this.verifyInPool(pool, transactions, transactions.length);
    } catch {
      // A pool that closed or failed meanwhile fails the admission that follows, which says so.
    }
  }

  /**
   * NodeAccess.admissionBusy: the batch would pass a bound that makes admission refuse a whole
   * batch as busy — transactions being checked, or waiting for the committed state — so its
   * signatures would be checked for nothing. A full pool is not one of them: the mempool answers
   * each transaction (a resubmission is still answered known or committed).
   */
  private admissionBusy(count: number): AdmitResult[] | undefined {
    const waiting = this.gate.waitingWeight;
    if (!this.verifyingFull(count) && waiting + count <= ADMISSION_WAITING_TXS_MAX)
      return undefined;
    return this.busy(count, this.verifyingTxs + waiting);
  }

  /** True when `count` more would take the transactions being checked past their bound. */
  private verifyingFull(count: number): boolean {
    return this.verifyingTxs + count > ADMISSION_VERIFYING_TXS_MAX;
  }

  /**
   * Has the pool check the signatures among `transactions` not pooled or checked already (a
   * block holding one may have come before its gossip did), and remembers its answers.
   * `weight` counts toward the bound on transactions being verified while this runs.
   */
  private async verifyInPool(
    pool: VerifierPool,
    transactions: readonly SignedTransaction[],
    weight: number,
  ): Promise<void> {
    this.verifyingTxs += weight;
    try {
      const pending = transactions.filter(
        (signed) => !this.mempool.has(signed.hash) && !this.verifier.answered(signed),
      );
      // Asked again as each goes to a worker: a block that holds it may have come meanwhile and
      // had it checked, and once is enough.
      const valid = await pool.verifyWanted(
        pending.map((signed) => this.verifyItemOf(signed)),
        (i) => !this.verifier.answered(pending[i]!),
      );
      this.rememberChecked(pending, valid);
    } finally {
      this.verifyingTxs -= weight;
    }
  }

  private verifyItemOf(signed: SignedTransaction): VerifyItem {
    return {
      chainId: this.genesis.chainId,
      purpose: "tx",
      payload: signed.body,
      keyType: signed.tx.keyType,
      publicKey: signed.tx.publicKey,
      signature: signed.signature,
    };
  }

  /**
   * Counts the pool's checks and remembers their answers (undefined: dropped, not checked).
   * Returns how many were checked.
   */
  private rememberChecked(
    transactions: readonly SignedTransaction[],
    valid: readonly (boolean | undefined)[],
  ): number {
    let checked = 0;
    valid.forEach((ok, i) => {
      if (ok === undefined) return;
      checked++;
      const { hash, signature } = transactions[i]!;
      if (ok) this.verifier.remember(hash, signature);
      else this.verifier.rememberInvalid(hash, signature);
    });
    this.verifier.verifications += checked;
    return checked;
  }

  private scheduleVerify(): void {
    if (this.verifyScheduled || this.verifying.length === 0) return;
    this.verifyScheduled = true;
    setImmediate(() => this.guard(() => this.verifySlice()));
  }

  private verifySlice(): void {
    this.verifyScheduled = false;
    if (this.state !== "running") return;
    const deadline = performance.now() + ADMISSION_SLICE_MS;
    while (this.verifying.length > 0) {
      const job = this.verifying[0]!;
      while (job.next < job.items.length && performance.now() < deadline) {
        // The decoded transaction goes on to the mempool, which then need not decode it again.
        job.items[job.next] = this.precheck(job.items[job.next]!);
        job.next++;
      }
      if (job.next < job.items.length) break;
      this.verifying.shift();
      this.verifyingTxs -= job.items.length;
      this.enterGate(job);
    }
    this.scheduleVerify();
  }

  /**
   * Verifies the signature of a transaction not pooled yet (the verifier remembers it); returns
   * it decoded, or its bytes when they do not decode (the mempool answers those).
   */
  private precheck(item: AdmissionItem): AdmissionItem {
    const signed = this.decodedOrBytes(item);
    if (signed instanceof Uint8Array) return signed;
    if (!this.mempool.has(signed.hash)) this.verifier.verify(signed);
    return signed;
  }

  private enterGate(job: VerifyJob): void {
    const { items, local } = job;
    const pending = this.gate.tryRun(items.length, () => {
      this.admittingLocal = local;
      try {
        return this.mempool.admitBatch(items, { state: this.ledger, nowMs: this.now() });
      } catch (error) {
        // A bug in admission halts the node, whoever submitted.
        if (error instanceof AssertionError) this.fail(error, { during: "admission" });
        throw error;
      } finally {
        this.admittingLocal = false;
      }
    });
    if (pending === undefined) {
      this.forgetUnpooled(items);
      job.resolve(this.busy(items.length, this.gate.waitingWeight));
    } else {
      pending.then((results) => {
        this.forgetUnpooled(items);
        job.resolve(results);
      }, job.reject);
    }
  }

  /**
   * Forgets the decoded transactions admission did not pool (refused, committed already, or
   * turned away as busy): no block is expected to hold them soon, and under a flood of refused
   * transactions they would fill the cache. One the pool holds stays, even when this copy was
   * refused as known: the pooled copy shares its entry.
   */
  private forgetUnpooled(items: readonly AdmissionItem[]): void {
    for (const item of items) {
      if (!(item instanceof Uint8Array) && !this.mempool.has(item.hash)) this.decoded.forget(item);
    }
  }

  /**
   * The decoded transaction, or the bytes themselves when they do not decode. Remembered, so
   * that the block that holds it finds it decoded.
   */
  private decodedOrBytes(item: AdmissionItem): AdmissionItem {
    if (!(item instanceof Uint8Array)) {
      this.decoded.remember(item);
      return item;
    }
    try {
      const signed = this.decoded.decode(item);
      this.decoded.remember(signed);
      return signed;
    } catch (error) {
      if (error instanceof DecodeError) return item;
      throw error;
    }
  }

  private busy(count: number, waiting: number): AdmitResult[] {
    const retryAfterMs = this.mempool.retryAfterMs;
    const message =
      `${waiting} transactions are already waiting for admission at this node; ` +
      `retry in ${retryAfterMs} ms`;
    return Array.from({ length: count }, () => ({
      status: "busy" as const,
      code: "mempool_full" as const,
      retryAfterMs,
      message,
    }));
  }

  private onAdmitted(signed: SignedTransaction): void {
    // Validators are connected all to all: a transaction from a peer was sent to every peer by
    // its origin, so only our own submissions are gossiped (and the pool after a reconnect).
    if (!this.admittingLocal) return;
    this.gossip.push(encodeSignedTransaction(signed));
    if (this.gossip.length >= GOSSIP_BATCH_TXS_MAX) this.flushGossip();
    else
      this.gossipTimer ??= setTimeout(() => this.guard(() => this.flushGossip()), GOSSIP_FLUSH_MS);
  }

  private flushGossip(): void {
    if (this.gossipTimer !== undefined) clearTimeout(this.gossipTimer);
    this.gossipTimer = undefined;
    const batch = this.gossip;
    this.gossip = [];
    if (batch.length === 0 || this.state !== "running") return;
    this.transport.broadcast(Channel.Transactions, encodeTransactionBatch(batch));
  }

  // ---- the engine ----------------------------------------------------------------------------

  /** Steps the engine with `event` (and anything queued behind it), performing the actions. */
  private dispatch(event: ConsensusEvent): void {
    if (this.state !== "running") return;
    this.inbox.push(event);
    this.stepInbox();
  }

  /** Steps the engine through the inbox, pausing while a committed block is being stored. */
  private stepInbox(): void {
    if (this.stepping || this.storing !== undefined || this.preverifying > 0) return;
    this.stepping = true;
    let current: ConsensusEvent | undefined;
    try {
      while (
        this.storing === undefined &&
        this.preverifying === 0 &&
        (current = this.inbox.shift()) !== undefined &&
        this.state === "running"
      ) {
        const started = performance.now();
        const actions = this.engine.step(current);
        this.perform(actions);
        const ms = performance.now() - started;
        if (ms > SLOW_STEP_MS) {
          this.logger.warn(
            { event: current.kind, ms: Math.round(ms), actions: actions.map((a) => a.kind) },
            "slow consensus step",
          );
        }
      }
    } catch (error) {
      this.fail(error, { event: current?.kind, height: this.engine.view().height });
      return;
    } finally {
      this.stepping = false;
    }
    this.gate.drain();
  }

  /** Performs `actions` from `from` on; a commit defers the rest until its block is durable. */
  private perform(actions: readonly ConsensusAction[], from = 0): void {
    for (let i = from; i < actions.length; i++) {
      const action = actions[i]!;
      switch (action.kind) {
        case "persist":
          this.storage.wal.append(action.height, action.bytes, action.durable);
          break;
        case "broadcast":
          this.transport.broadcast(Channel.Consensus, action.bytes);
          break;
        case "schedule-timeout": {
          const { height, round, step } = action;
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.dispatch({ kind: "timeout", nowMs: this.now(), height, round, step });
          }, action.durationMs);
          this.timers.set(timer, height);
          break;
        }
        case "commit":
          this.commit(action, () => this.perform(actions, i + 1));
          return;
        case "request-block":
          this.requestBlock(action.height, action.blockId, action.peers);
          break;
        case "peer-misbehaved":
          this.logger.warn(
            { peer: this.nameOf(action.peer), reason: action.reason },
            "peer misbehaved",
          );
          break;
        case "evidence": {
          const { evidence } = action;
          const height =
            evidence.kind === "duplicate-vote"
              ? evidence.first.vote.height
              : evidence.first.proposal.height;
          this.logger.error(
            { kind: evidence.kind, height },
            "a validator signed two conflicting messages",
          );
          break;
        }
        case "signing-refused":
          this.logger.warn(
            {
              height: action.height,
              round: action.round,
              what: action.what,
              reason: action.reason,
            },
            "the safety module refused to sign",
          );
          break;
        default: {
          const never: never = action;
          assert(false, `unknown action ${String(never)}`);
        }
      }
    }
  }

  /** LedgerApplication.onCommitted: the state is committed (inside the engine's step). */
  private onFinalized(committed: CommittedExecution): void {
    this.finalized.push(committed);
    for (const signed of committed.transactions) this.decoded.forget(signed);
    this.mempool.removeCommitted(committed.transactions);
    this.mempool.recheck({ state: this.ledger, nowMs: this.now() });
    // The one moment inside a height when the state is surely committed: let waiting work in
    // before the next proposal is executed.
    this.gate.drain();
  }

  /**
   * Stores the block durably off the event loop (block, pointer and WAL prune in one write),
   * then acts on it: the committed height moves, listeners (clients) hear of it, and `rest` —
   * the step's remaining actions — runs, before the engine is stepped again.
   */
  private commit(action: Extract<ConsensusAction, { kind: "commit" }>, rest: () => void): void {
    const finalized = this.finalized.shift();
    assert(
      finalized !== undefined && finalized.execution.height === action.height,
      `commit of ${action.height} without its execution`,
    );
    assert(
      equalBytes(finalized.appHash, action.appHash),
      "the committed app hash is the executed one",
    );
    const durable = this.storage.commitBlock({
      height: action.height,
      blockId: action.blockId,
      committedBytes: action.bytes,
      appHash: action.appHash,
      receiptsBytes: encodeReceipts(finalized.execution.receipts),
    });
    this.clearTimers(action.height);
    this.storing = durable.then(
      () => {
        this.storing = undefined;
        this.guard(() => {
          this.committed(action, finalized);
          if (this.state !== "running") return;
          rest();
          this.stepInbox();
        });
      },
      (error: unknown) => {
        this.storing = undefined;
        this.fail(error, { height: action.height, storing: true });
      },
    );
  }

  /** The block of `action` is durable: the node acts on it. */
  private committed(
    action: Extract<ConsensusAction, { kind: "commit" }>,
    finalized: CommittedExecution,
  ): void {
    this.committedHeight = action.height;
    this.committedAppHash = action.appHash;
    this.lastCommitMs = this.clock();
    if (this.state !== "running") return; // Stopping: nobody left to tell.
    if (this.fetch !== undefined && this.fetch.height <= action.height) this.endFetch();
    const { header } = action.committed.block;
    const info: CommittedBlockInfo = {
      height: action.height,
      round: header.round,
      blockId: action.blockId,
      header,
      timestampMs: header.timestampMs,
      proposer: this.genesis.validators.find((v) =>
        equalBytes(v.publicKey, this.genesis.validatorSet.at(header.proposerIndex)!.publicKey),
      )!.name,
      appHash: action.appHash,
      transactions: finalized.transactions,
      execution: finalized.execution,
    };
    this.logger.info(
      {
        height: info.height,
        round: info.round,
        txs: info.transactions.length,
        proposer: info.proposer,
        appHash: bytesToHex(action.appHash).slice(0, 16),
        mempool: this.mempool.size,
      },
      "committed",
    );
    for (const listener of this.listeners) {
      try {
        listener(info);
      } catch (error) {
        if (error instanceof AssertionError) throw error;
        this.logger.error({ err: error, height: info.height }, "an onCommitted listener failed");
      }
    }
  }

  // ---- catch-up ------------------------------------------------------------------------------

  private requestBlock(
    height: number,
    blockId: Uint8Array | null,
    hinted: readonly PeerId[],
  ): void {
    if (this.fetch?.height === height) return; // Already asking; the retry timer moves on.
    this.endFetch();
    // The engine names the peers a vote came from, which includes "(wal)" for our own and
    // replayed votes: only other validators can be asked.
    const asked = hinted.filter((p) => this.byPeer.get(p)?.role === "validator");
    const others = this.genesis.validators
      .map((v) => v.peerId)
      .filter((p) => p !== this.self.peerId && !asked.includes(p));
    this.fetch = {
      height,
      request: encodeBlockRequest({ height: height as Height, blockId }),
      peers: [...asked, ...others],
      attempt: 0,
      timer: undefined,
    };
    this.logger.debug({ height, peers: asked.map((p) => this.nameOf(p)) }, "requesting a block");
    this.sendFetch();
  }

  private sendFetch(): void {
    const fetch = this.fetch;
    if (fetch === undefined || this.state !== "running") return;
    if (fetch.attempt >= FETCH_ATTEMPTS_MAX || fetch.height <= this.committedHeight) {
      this.endFetch();
      return;
    }
    // Try each peer in turn, among those connected now when there are any.
    const connected = new Set(
      this.transport
        .peers()
        .filter((p) => p.connected)
        .map((p) => p.peer),
    );
    const live = fetch.peers.filter((p) => connected.has(p));
    const candidates = live.length > 0 ? live : fetch.peers;
    const peer = candidates[fetch.attempt % candidates.length];
    fetch.attempt++;
    if (peer !== undefined) this.transport.send(peer, Channel.BlockRequest, fetch.request);
    fetch.timer = setTimeout(() => this.guard(() => this.sendFetch()), FETCH_RETRY_MS);
  }

  private endFetch(): void {
    if (this.fetch?.timer !== undefined) clearTimeout(this.fetch.timer);
    this.fetch = undefined;
  }

  /**
   * Has the verifier pool check the signatures of a proposal's transactions that this node has
   * not checked (those that reached the proposer and have not come here by gossip yet), ahead of
   * the admission work waiting in the pool, and holds the engine until it answers. Checked by
   * the block's validation instead, they take the event loop for as long as a few hundred
   * signatures take, and nothing else moves meanwhile. Admission's own requests for the same
   * transactions are dropped as they come up (VerifierPool.verifyWanted).
   *
   * Only a proposal the engine would consider is worth the wait: for the height in progress (or
   * the next), signed by that round's proposer, and the first such for its round (a proposer
   * that signs two is reported by the engine). Anything else goes straight to the engine.
   *
   * PERF: the engine decodes the message again (a copy of its payload), and the block's
   * validation looks each transaction up again in `decoded` and the verifier: about a
   * microsecond per transaction, against the signature checks this saves.
   */
  private preverifyProposal(bytes: Uint8Array): void {
    const pool = this.verifierPool;
    if (pool === undefined || bytes[1] !== MESSAGE_KIND_PROPOSAL) return;
    let transactions: SignedTransaction[];
    try {
      const message = decodeMessage(bytes);
      if (message.kind !== "proposal" || !this.awaitsProposal(message.signed)) return;
      transactions = decodeBlockPayload(message.block.payload, (tx) => this.decoded.decode(tx));
    } catch (error) {
      if (error instanceof DecodeError) return; // The engine refuses it.
      throw error;
    }
    const unknown = transactions.filter((signed) => !this.verifier.answered(signed));
    if (unknown.length === 0) return;
    // Decoded once: the block's validation finds them here (they leave when it commits).
    for (const signed of unknown) this.decoded.remember(signed);
    this.preverifying++;
    pool
      .verifyWanted(
        unknown.map((signed) => this.verifyItemOf(signed)),
        (i) => !this.verifier.answered(unknown[i]!),
        { first: true },
      )
      .then(
        (valid) => {
          this.proposalSignaturesVerified += this.rememberChecked(unknown, valid);
        },
        (error: unknown) => {
          // The block's validation checks them itself: slower, never wrong.
          if (this.state === "running") {
            this.logger.warn({ err: error }, "the verifier pool failed on a proposal");
          }
        },
      )
      .finally(() => {
        this.preverifying--;
        this.guard(() => this.stepInbox());
      });
  }

  /**
   * True for the first validly signed proposal of a round, of the height in progress or the
   * next, by that round's proposer.
   */
  private awaitsProposal(signed: SignedProposal): boolean {
    const { proposal } = signed;
    // The next height's too: a node still finishing a height gets the next proposal early.
    const height = this.engine.view().height;
    const set = this.genesis.validatorSet;
    if (proposal.height !== height && proposal.height !== height + 1) return false;
    if (proposal.proposerIndex !== set.proposer(proposal.height, proposal.round)) return false;
    const round = `${proposal.height}/${proposal.round}`;
    if (this.preverifiedRounds.has(round)) return false;
    const proposer = set.at(proposal.proposerIndex)!;
    const valid = this.validatorSignatures.verify({
      publicKey: proposer.publicKey,
      message: signingBytes(this.genesis.chainId, "proposal", encodeProposal(proposal)),
      signature: signed.signature,
    });
    if (!valid) return false;
    if (this.preverifiedRounds.size >= PREVERIFIED_ROUNDS_MAX) this.preverifiedRounds.clear();
    this.preverifiedRounds.add(round);
    return true;
  }

  /**
   * Peers still deciding a height we have committed get the committed block (with its
   * certificate) unasked; the engine checks the certificate. The engine's own catch-up waits
   * until more than a third of the power is ahead, so without this a peer that missed the last
   * precommits of a height the others have left can wait forever: e.g. one validator ahead,
   * two behind and one down leaves no quorum at either height, and the two behind, holding too
   * few precommits to time out, fall silent. So the height of each peer's latest vote is kept:
   * a vote below our last committed height gets that block at once, and a peer whose latest
   * vote is for our last committed height gets it once we have held that height for
   * PEER_BEHIND_MS (checked once a second). Offers are limited to one per peer and height per
   * PEER_BEHIND_MS.
   */
  private notePeerVote(peer: PeerId, bytes: Uint8Array): void {
    // Votes only: every validator sends them at each height, and they are small to decode.
    if (bytes[1] !== MESSAGE_KIND_VOTE) return;
    let height: number;
    try {
      const message = decodeMessage(bytes);
      if (message.kind !== "vote") return;
      height = message.signed.vote.height;
    } catch (error) {
      if (error instanceof DecodeError) return; // The engine reports it.
      throw error;
    }
    const known = this.peerVotes.get(peer);
    if (known === undefined || height > known) this.peerVotes.set(peer, height);
    // Behind by more than the block we just committed (e.g. it restarted): help at once.
    if (height < this.committedHeight) this.offerBlock(peer, height);
  }

  private checkPeersBehind(): void {
    if (this.state !== "running" || this.lastCommitMs === null) return;
    if (this.clock() - this.lastCommitMs < PEER_BEHIND_MS) return;
    for (const [peer, height] of this.peerVotes) {
      if (height === this.committedHeight) this.offerBlock(peer, height);
    }
  }

  private offerBlock(peer: PeerId, height: number): void {
    if (height < 1) return;
    const nowMs = this.clock();
    const last = this.offered.get(peer);
    if (last !== undefined && last.height === height && nowMs - last.atMs < PEER_BEHIND_MS) return;
    const stored = this.storage.blocks.loadCommitted(height as Height);
    if (stored === undefined) return;
    this.offered.set(peer, { height, atMs: nowMs });
    this.logger.debug(
      { peer: this.nameOf(peer), height },
      "offering a committed block to a peer behind",
    );
    this.transport.send(peer, Channel.BlockResponse, stored.committedBytes);
  }

  private serveBlock(peer: PeerId, bytes: Uint8Array): void {
    let request;
    try {
      request = decodeBlockRequest(bytes);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.logger.warn({ peer: this.nameOf(peer), reason: error.message }, "bad block request");
      return;
    }
    if (request.height > this.committedHeight) return; // We do not have it yet.
    const stored = this.storage.blocks.loadCommitted(request.height);
    if (stored === undefined) return;
    if (request.blockId !== null && !equalBytes(request.blockId, stored.blockId)) return;
    this.transport.send(peer, Channel.BlockResponse, stored.committedBytes);
  }

  // ---- the links -----------------------------------------------------------------------------

  private onMessage(peer: PeerId, channel: Channel, bytes: Uint8Array): void {
    if (this.state !== "running") return;
    this.lastSeen.set(peer, this.clock());
    if (!this.acceptsFrom(peer, channel)) return;
    switch (channel) {
      case Channel.Consensus:
        this.notePeerVote(peer, bytes);
        this.preverifyProposal(bytes);
        this.dispatch({ kind: "message", nowMs: this.now(), peer, bytes });
        break;
      case Channel.BlockResponse:
        this.dispatch({ kind: "block-fetched", nowMs: this.now(), peer, bytes });
        break;
      case Channel.BlockRequest:
        this.serveBlock(peer, bytes);
        break;
      case Channel.TravelRule:
        this.travelRule.onMessage(peer, bytes);
        break;
      case Channel.Transactions: {
        let items: Uint8Array[];
        try {
          items = decodeTransactionBatch(bytes);
        } catch (error) {
          if (!(error instanceof DecodeError)) throw error;
          this.logger.warn(
            { peer: this.nameOf(peer), reason: error.message },
            "bad transaction gossip",
          );
          return;
        }
        this.admit(items, false).catch((error: unknown) => {
          // Refused because the node is stopping: nothing to do. Anything else is a bug.
          if (this.state === "running") this.fail(error, { peer: this.nameOf(peer) });
        });
        break;
      }
      default: {
        const never: never = channel;
        assert(false, `unknown channel ${String(never)}`);
      }
    }
  }

  /**
   * An observer has no say in consensus: what it sends as a proposal, a vote or a committed
   * block never reaches the engine (which would refuse it anyway, since no validator's key
   * signed it). It may ask for blocks and forward transactions.
   */
  private acceptsFrom(peer: PeerId, channel: Channel): boolean {
    if (this.byPeer.get(peer)?.role !== "observer") return true;
    if (channel !== Channel.Consensus && channel !== Channel.BlockResponse) return true;
    this.logger.warn(
      { peer: this.nameOf(peer), channel },
      "dropped a consensus frame from an observer: observers do not vote",
    );
    return false;
  }

  /** A (re)connected peer may have missed anything: re-send this height's messages and the pool. */
  private onPeerConnected(peer: PeerId): void {
    if (this.state !== "running") return;
    this.lastSeen.set(peer, this.clock());
    for (const bytes of this.engine.messagesForHeight()) {
      this.transport.send(peer, Channel.Consensus, bytes);
    }
    let batch: Uint8Array[] = [];
    for (const signed of this.mempool.transactions()) {
      batch.push(encodeSignedTransaction(signed));
      if (batch.length === GOSSIP_BATCH_TXS_MAX) {
        this.transport.send(peer, Channel.Transactions, encodeTransactionBatch(batch));
        batch = [];
      }
    }
    if (batch.length > 0)
      this.transport.send(peer, Channel.Transactions, encodeTransactionBatch(batch));
  }

  private logTransport(entry: TransportLogEntry): void {
    switch (entry.kind) {
      case "listening":
        this.logger.debug({ address: entry.address }, "p2p listening");
        break;
      case "connected":
        this.logger.info(
          { peer: this.nameOf(entry.peer), direction: entry.direction },
          "peer connected",
        );
        break;
      case "disconnected":
        this.logger.info(
          { peer: this.nameOf(entry.peer), reason: entry.reason },
          "peer disconnected",
        );
        break;
      case "refused":
        this.logger.warn(
          {
            peer: entry.peer === null ? null : this.nameOf(entry.peer),
            remote: entry.remote,
            reason: entry.reason,
          },
          "peer refused",
        );
        break;
      case "link-failed":
        // Routine while peers start or restart: the dialler retries with backoff.
        this.logger.debug(
          {
            peer: entry.peer === null ? null : this.nameOf(entry.peer),
            reason: entry.reason,
            retryInMs: entry.retryInMs,
          },
          "link failed",
        );
        break;
      default: {
        const never: never = entry;
        assert(false, `unknown transport log entry ${String(never)}`);
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private now(): TimestampMs {
    return this.clock() as TimestampMs;
  }

  private nameOf(peer: PeerId): string {
    return this.byPeer.get(peer)?.name ?? peer.slice(0, 16);
  }

  /** Timers of heights up to `height` (all when absent). */
  private clearTimers(height = Number.MAX_SAFE_INTEGER): void {
    for (const [timer, timerHeight] of this.timers) {
      if (timerHeight > height) continue;
      clearTimeout(timer);
      this.timers.delete(timer);
    }
    if (height === Number.MAX_SAFE_INTEGER) {
      this.endFetch();
      if (this.peersBehindTimer !== undefined) clearInterval(this.peersBehindTimer);
      this.peersBehindTimer = undefined;
      if (this.gossipTimer !== undefined) clearTimeout(this.gossipTimer);
      this.gossipTimer = undefined;
    }
  }

  /** Runs a callback from a socket or timer; anything it throws halts the node. */
  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.fail(error, {});
    }
  }

  /** A bug or a broken disk: log with context, stop running, and hand the error on. */
  private fail(error: unknown, context: Record<string, unknown>): void {
    if (this.state === "failed" || this.state === "stopped") return;
    this.state = "failed";
    this.clearTimers();
    this.logger.fatal(
      {
        err: error,
        assertion: error instanceof AssertionError,
        committedHeight: this.committedHeight,
        engine: viewForLog(this.engine),
        ...context,
      },
      "node halted",
    );
    if (this.onFatal !== undefined) this.onFatal(error);
    else
      queueMicrotask(() => {
        throw error;
      });
  }
}

/**
 * The nodes this one links to (itself included, which the transport skips): a validator links
 * to every validator and every observer, an observer to the validators only — observers learn
 * everything from the validators and have nothing to tell each other.
 */
function linkedMembers(genesis: NetworkGenesis, self: NetworkMember): NetworkMember[] {
  const validators: NetworkMember[] = genesis.validators.map((v) => ({
    ...v,
    role: "validator",
  }));
  if (self.role === "observer") return validators;
  return [...validators, ...genesis.observers.map((o) => ({ ...o, role: "observer" as const }))];
}

function viewForLog(engine: ConsensusEngine): Record<string, unknown> {
  const view = engine.view();
  return {
    height: view.height,
    round: view.round,
    step: view.step,
    lockedRound: view.lockedRound,
    validRound: view.validRound,
  };
}

/**
 * Rebuilds the ledger from genesis by executing the stored blocks in order, checking each
 * block's id and the app hash it produces against what was stored when it committed.
 * Returns the last block as the engine's parent.
 */
function replayBlocks(
  genesis: NetworkGenesis,
  ledger: LedgerState,
  blocks: BlockStore,
  logger: Logger,
  onProgress: ((progress: ReplayProgress) => void) | undefined,
): ParentInfo {
  let parent = genesisParent(genesis);
  const last = blocks.lastHeight();
  for (const stored of blocks.range(1 as Height, last)) {
    const { block } = decodeCommittedBlock(stored.committedBytes);
    const { header } = block;
    assert(
      header.height === stored.height,
      `stored block ${stored.height} holds height ${header.height}`,
    );
    assert(
      equalBytes(blockIdOf(header), stored.blockId),
      `stored block ${stored.height}: id mismatch`,
    );
    assert(
      equalBytes(header.parentId, parent.blockId),
      `stored block ${stored.height}: not on its parent`,
    );
    assert(
      equalBytes(header.appHash, parent.appHash),
      `stored block ${stored.height} was decided on another app hash than replay produced`,
    );
    const execution = applyBlock(ledger, decodeBlockPayload(block.payload), {
      height: header.height,
      timestampMs: header.timestampMs,
    });
    const appHash = appHashOf(execution.stateRoot, execution.receiptsRoot);
    assert(
      equalBytes(appHash, stored.appHash),
      `replaying block ${stored.height} gives app hash ${bytesToHex(appHash)}, but ` +
        `${bytesToHex(stored.appHash)} was stored: the ledger is not deterministic or the data is damaged`,
    );
    parent = {
      height: header.height,
      blockId: stored.blockId,
      timestampMs: header.timestampMs,
      appHash,
    };
    onProgress?.({ height: header.height, of: last });
  }
  if (last > 0) logger.info({ height: last }, "ledger restored from stored blocks");
  return parent;
}
