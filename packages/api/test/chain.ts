/**
 * A single-validator chain for API and client tests: the real ledger, mempool, LedgerServices
 * and an in-memory block store, with blocks produced by calling LedgerApplication's propose,
 * verify and finalize directly — what consensus would do with one validator, without consensus.
 *
 * After each block the harness does what the node runtime does: hands the committed block to
 * LedgerServices.onCommitted (with its header and id) and saves it, with a commit certificate
 * signed by the one validator, to the block store.
 *
 * Time is a counter: admission sees `nowMs`, and each block advances it by a second.
 */
import { sign as nodeSign } from "node:crypto";
import assert from "node:assert/strict";
import {
  blockIdOf,
  encodeCommittedBlock,
  encodeVote,
  payloadHashOf,
  signingBytes,
  type BlockHeader,
} from "@tongbao/consensus";
import { sha256 } from "@tongbao/codec";
import {
  computeStateRoots,
  createGenesisState,
  encodeSignedTransaction,
  type LedgerState,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import { Mempool, type AdmitResult, type MempoolOptions } from "@tongbao/mempool";
import {
  CachingTransactionVerifier,
  LedgerApplication,
  LedgerServices,
  encodeReceiptsBytes,
  genesisAppHash,
  type CommittedBlockInfo,
  type CommittedExecution,
  type NodeHealth,
} from "@tongbao/node";
import { MemoryBlockStore } from "@tongbao/storage";
import { bytesToHex } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import {
  GENESIS_TIME_MS,
  keys,
  testGenesis,
  type TestKey,
  type TxOptions,
} from "../../ledger/test/fixtures.ts";
import { CHAIN_ID, signTx, transfer } from "../../mempool/test/helpers.ts";

export { CHAIN_ID, GENESIS_TIME_MS, keys, signTx, transfer, type TestKey, type TxOptions };

/** The validator that signs every block's certificate. */
const VALIDATOR = keys.hkBank;

export const TEST_HEALTH: NodeHealth = {
  validators: () => [
    {
      index: 0,
      name: "hk-bank",
      publicKey: VALIDATOR.publicKey,
      votingPower: 1,
      self: true,
      connected: true,
    },
  ],
  readiness: () => ({ ready: true }),
};

export interface ChainOptions {
  readonly mempool?: Partial<MempoolOptions>;
  readonly committedStateWaitMs?: number;
  readonly health?: NodeHealth;
  /** The runtime's durable-write wait (LedgerServicesPorts.stored); none by default. */
  readonly stored?: () => Promise<void> | undefined;
  /** The runtime's early signature check (LedgerServicesPorts.preverify); none by default. */
  readonly preverify?: (transactions: readonly SignedTransaction[]) => Promise<void>;
  /** The runtime's early busy answer (LedgerServicesPorts.admissionBusy); none by default. */
  readonly admissionBusy?: (count: number) => AdmitResult[] | undefined;
}

export class TestChain {
  readonly state: LedgerState;
  readonly mempool: Mempool;
  readonly blocks = new MemoryBlockStore();
  readonly services: LedgerServices;
  readonly app: LedgerApplication;
  readonly verifier = new CachingTransactionVerifier(CHAIN_ID);
  /** Admission's clock; each block is stamped one second later. */
  nowMs = GENESIS_TIME_MS + 500;

  private lastBlockId = sha256(new TextEncoder().encode("tongbao-test genesis"));
  private lastAppHash: Uint8Array;
  private lastHeight = 0;
  private lastTimestampMs = GENESIS_TIME_MS;
  private committed: CommittedExecution | undefined;
  /** Finalized blocks' encoded bytes, until `store` saves them. */
  private readonly unstored = new Map<number, Uint8Array>();

  constructor(options: ChainOptions = {}) {
    this.state = createGenesisState(testGenesis());
    this.lastAppHash = genesisAppHash(this.state);
    this.mempool = new Mempool(
      { chainId: CHAIN_ID, ...options.mempool },
      { verifySignature: (signed) => this.verifier.verify(signed) },
    );
    this.services = new LedgerServices(
      {
        chainId: CHAIN_ID,
        ...(options.committedStateWaitMs === undefined
          ? {}
          : { committedStateWaitMs: options.committedStateWaitMs }),
      },
      {
        state: this.state,
        mempool: this.mempool,
        blocks: this.blocks,
        clock: { nowMs: () => this.nowMs },
        health: options.health ?? TEST_HEALTH,
        ...(options.stored === undefined ? {} : { stored: options.stored }),
        ...(options.preverify === undefined ? {} : { preverify: options.preverify }),
        ...(options.admissionBusy === undefined ? {} : { admissionBusy: options.admissionBusy }),
      },
    );
    this.app = new LedgerApplication(
      { maxTxsPerBlock: 1_000, maxPayloadBytes: 1 << 20 },
      {
        state: this.state,
        source: this.mempool,
        verifier: this.verifier,
        onCommitted: (committed) => {
          this.committed = committed;
        },
      },
    );
  }

  /** Proposes a block from the mempool, verifies, finalizes and stores it; returns it. */
  produceBlock(): CommittedBlockInfo {
    const info = this.executeBlock().finalize();
    this.store(info);
    return info;
  }

  /**
   * The first step of produceBlock: the next block is proposed and executed, so the state holds
   * it in progress. `finalize` commits it without indexing or storing it; `store` does the rest.
   */
  executeBlock(): { finalize(): CommittedBlockInfo } {
    // From the harness's own record of the last commit: the state may hold a speculative block.
    const height = (this.lastHeight + 1) as Height;
    const timestampMs = (this.lastTimestampMs + 1000) as TimestampMs;
    this.nowMs = Math.max(this.nowMs, timestampMs);
    const parent = {
      height: this.lastHeight as Height,
      blockId: this.lastBlockId,
      timestampMs: this.lastTimestampMs as TimestampMs,
      appHash: this.lastAppHash,
    };
    const payload = this.app.proposeBlock({ height, round: 0 as Round, timestampMs, parent });
    if (!this.app.verifyBlock({ height, payload, timestampMs, parent })) {
      throw new Error("the harness proposed a block it does not accept");
    }
    return { finalize: () => this.finalize(height, timestampMs, payload) };
  }

  private finalize(
    height: Height,
    timestampMs: TimestampMs,
    payload: Uint8Array,
  ): CommittedBlockInfo {
    const header: BlockHeader = {
      height,
      round: 0 as Round,
      timestampMs,
      parentId: this.lastBlockId,
      payloadHash: payloadHashOf(payload),
      appHash: this.lastAppHash,
      proposerIndex: 0,
    };
    const blockId = blockIdOf(header);
    const vote = encodeVote({
      type: "precommit",
      height,
      round: 0 as Round,
      blockId,
      validatorIndex: 0,
    });
    const signature = new Uint8Array(
      nodeSign(null, signingBytes(CHAIN_ID, "vote", vote), VALIDATOR.privateKey),
    );
    const certificate = {
      height,
      round: 0 as Round,
      blockId,
      signatures: [{ validatorIndex: 0, signature }],
    };
    this.committed = undefined;
    const appHash = this.app.finalizeBlock({ height, blockId, header, payload, certificate });
    const committed = this.committed as CommittedExecution | undefined;
    if (committed === undefined) throw new Error("finalizeBlock did not report the commit");
    this.lastBlockId = blockId;
    this.lastAppHash = appHash;
    this.lastHeight = height;
    this.lastTimestampMs = timestampMs;
    this.unstored.set(height, encodeCommittedBlock({ block: { header, payload }, certificate }));
    return { ...committed, blockId, header };
  }

  /** What the runtime does once a block is committed: index and notify, then persist. */
  store(info: CommittedBlockInfo): void {
    assert(
      this.unstored.has(info.execution.height),
      `block ${info.execution.height} is finalized and not yet stored`,
    );
    this.services.onCommitted(info);
    this.blocks.saveCommitted({
      height: info.header.height,
      blockId: info.blockId,
      committedBytes: this.unstored.get(info.execution.height)!,
      appHash: info.appHash,
      receiptsBytes: encodeReceiptsBytes(info.execution.receipts),
    });
    this.unstored.delete(info.execution.height);
  }

  /** What "nothing changed" means for bad-input tests: state root, height, pooled hashes. */
  fingerprint(): string {
    const pooled = [...this.mempool.transactions()].map((signed) => signed.hash).join(",");
    const root = bytesToHex(computeStateRoots(this.state).stateRoot);
    return `${this.state.height}/${root}/${pooled}`;
  }

  /** A transfer of HKD minor units, signed for this chain. */
  payment(
    from: TestKey,
    to: TestKey,
    amountMinor: bigint,
    options: TxOptions = {},
  ): SignedTransaction {
    return signTx(from, [transfer(to.account, amountMinor)], {
      validUntilMs: this.nowMs + 3_600_000,
      ...options,
    });
  }

  sign(from: TestKey, operations: Operation[], options: TxOptions = {}): SignedTransaction {
    return signTx(from, operations, { validUntilMs: this.nowMs + 3_600_000, ...options });
  }
}

export function hexOf(signed: SignedTransaction): string {
  return bytesToHex(encodeSignedTransaction(signed));
}
