/**
 * The ledger behind consensus's application interface (in the spirit of CometBFT's ABCI).
 *
 * Normally each block is executed once. `verifyBlock` executes a proposal speculatively and
 * keeps the result; `finalizeBlock` commits it when consensus decides that same payload, and
 * otherwise reverts it and executes the decided one. A proposer executes its own proposal while
 * building it, so its own verification is free. Reads that need the committed state (mempool
 * admission) go through `withCommittedState`, which reverts a held speculation; the block is then
 * executed again when it is finalized.
 *
 * appHash = taggedHash("tongbao/app", stateRoot ‖ receiptsRoot): what the next block header
 * carries, so a block commits to the state its parent produced and to its parent's results.
 */
import { taggedHashPair } from "@tongbao/codec";
import type { Application, FinalizeInput, ProposeInput, VerifyInput } from "@tongbao/consensus";
import {
  commitBlock,
  computeStateRoots,
  encodeSignedTransaction,
  executeBlock,
  receiptsRoot,
  revertBlock,
  type BlockExecution,
  type LedgerState,
  type SignedTransaction,
} from "@tongbao/ledger";
import { assert, bytesToHex } from "@tongbao/std";
import { decodeBlockPayload, encodeBlockPayload, payloadOverheadBytes } from "./block-payload.ts";
import { sha256 } from "@tongbao/codec";

export interface TransactionSource {
  /**
   * Candidates for a proposal at agreed time `view.nowMs`, in the order they should be
   * included, each one includable against `view` (checkIncludable). Not removed: they leave the
   * source when a block holding them commits.
   */
  take(
    limits: { maxTxs: number; maxBytes: number },
    view: { state: LedgerState; nowMs: number },
  ): SignedTransaction[];
}

export interface TransactionVerifier {
  /** True when the signature is valid. Implementations remember verified hashes. */
  verify(signed: SignedTransaction): boolean;
}

export interface LedgerApplicationOptions {
  readonly maxTxsPerBlock: number;
  readonly maxPayloadBytes: number;
}

export interface LedgerApplicationPorts {
  readonly state: LedgerState;
  readonly source: TransactionSource;
  readonly verifier: TransactionVerifier;
  /** Decodes a block's transaction, from memory when this node has decoded it before. */
  readonly decode?: (bytes: Uint8Array) => SignedTransaction;
  /** Called after a block is committed to the state, e.g. to prune the mempool and notify. */
  readonly onCommitted?: (committed: CommittedExecution) => void;
}

export interface CommittedExecution {
  readonly execution: BlockExecution;
  readonly transactions: readonly SignedTransaction[];
  readonly appHash: Uint8Array;
}

interface Speculation {
  readonly height: number;
  readonly timestampMs: number;
  readonly payloadHash: string;
  readonly execution: BlockExecution;
  readonly transactions: readonly SignedTransaction[];
}

export function appHashOf(stateRoot: Uint8Array, receiptsRootBytes: Uint8Array): Uint8Array {
  return taggedHashPair("tongbao/app", stateRoot, receiptsRootBytes);
}

/** The app hash of a state that no block has touched yet (genesis, or a restored snapshot). */
export function genesisAppHash(state: LedgerState): Uint8Array {
  return appHashOf(computeStateRoots(state).stateRoot, receiptsRoot([]));
}

export class LedgerApplication implements Application {
  private speculation: Speculation | undefined;

  constructor(
    private readonly options: LedgerApplicationOptions,
    private readonly ports: LedgerApplicationPorts,
  ) {}

  proposeBlock(input: ProposeInput): Uint8Array {
    this.dropSpeculation();
    const { state } = this.ports;
    // The payload adds a length prefix to each transaction and a small header: leave room for
    // them, so that a full selection still encodes within maxPayloadBytes.
    const maxTxs = this.options.maxTxsPerBlock;
    const candidates = this.ports.source.take(
      { maxTxs, maxBytes: this.options.maxPayloadBytes - payloadOverheadBytes(maxTxs) },
      { state, nowMs: input.timestampMs },
    );
    // One body per (signer, id), and a valid signature. Whether each can be included now is
    // left to executeBlock, which checks it again for every block anyway: the source offers only
    // what it found includable against this state and time, and the loop below drops any that
    // an earlier transaction of the block made impossible.
    const seen = new Set<string>();
    let chosen = candidates.filter((signed) => {
      if (seen.has(signed.key)) return false;
      seen.add(signed.key);
      return this.ports.verifier.verify(signed);
    });
    // Execution may still find one invalid (e.g. a signer opened earlier in this very block is
    // accepted, but one opened by a transaction that failed is not): drop it and try again.
    for (;;) {
      const result = executeBlock(state, chosen, {
        height: input.height,
        timestampMs: input.timestampMs,
      });
      if (result.valid) {
        const payload = encodeBlockPayload(chosen.map(encodeSignedTransaction));
        assert(payload.length <= this.options.maxPayloadBytes, "proposal within maxPayloadBytes");
        this.speculation = {
          height: input.height,
          timestampMs: input.timestampMs,
          payloadHash: hashHex(payload),
          execution: result.execution,
          transactions: chosen,
        };
        return payload;
      }
      assert(result.index >= 0, "a proposal within the block limits is never invalid as a whole");
      chosen = chosen.filter((_, i) => i !== result.index);
    }
  }

  /**
   * Runs `read` against the committed state: mempool admission and recheck, and queries, which
   * must never see a block that is only held for a vote (it may still lose). A held speculation
   * is reverted first and executed again when consensus finalizes it: at most one extra
   * execution per block, however many reads come in between.
   */
  withCommittedState<T>(read: (state: LedgerState) => T): T {
    this.dropSpeculation();
    return read(this.ports.state);
  }

  verifyBlock(input: VerifyInput): boolean {
    return this.speculate(input.height, input.timestampMs, input.payload);
  }

  /** Executes `payload` at (height, time) unless that very execution is already held. */
  private speculate(height: number, timestampMs: number, payload: Uint8Array): boolean {
    const input = { height, timestampMs, payload };
    const payloadHash = hashHex(input.payload);
    const current = this.speculation;
    if (
      current !== undefined &&
      current.height === input.height &&
      current.timestampMs === input.timestampMs &&
      current.payloadHash === payloadHash
    ) {
      return true;
    }
    this.dropSpeculation();
    if (input.payload.length > this.options.maxPayloadBytes) return false;
    let transactions: SignedTransaction[];
    try {
      transactions = decodeBlockPayload(input.payload, this.ports.decode);
    } catch {
      return false;
    }
    if (transactions.length > this.options.maxTxsPerBlock) return false;
    for (const signed of transactions) if (!this.ports.verifier.verify(signed)) return false;
    const result = executeBlock(this.ports.state, transactions, {
      height: input.height,
      timestampMs: input.timestampMs,
    });
    if (!result.valid) return false;
    this.speculation = {
      height: input.height,
      timestampMs: input.timestampMs,
      payloadHash,
      execution: result.execution,
      transactions,
    };
    return true;
  }

  finalizeBlock(input: FinalizeInput): Uint8Array {
    const verified = this.speculate(input.height, input.header.timestampMs, input.payload);
    // More than two thirds of the voting power executed this block and found it valid; if this
    // node disagrees, its ledger is not deterministic, and it must stop rather than fork.
    assert(verified, `committed block ${input.height} is invalid here: ledger determinism broken`);
    const speculation = this.speculation!;
    commitBlock(this.ports.state);
    this.speculation = undefined;
    const appHash = appHashOf(speculation.execution.stateRoot, speculation.execution.receiptsRoot);
    this.ports.onCommitted?.({
      execution: speculation.execution,
      transactions: speculation.transactions,
      appHash,
    });
    return appHash;
  }

  /**
   * Drops a held speculative execution, so that the state is the committed one again (e.g. to
   * admit transactions while a height is stalled). Costs a re-execution if that block is decided.
   */
  releaseSpeculation(): void {
    this.dropSpeculation();
  }

  private dropSpeculation(): void {
    if (this.speculation === undefined) return;
    revertBlock(this.ports.state);
    this.speculation = undefined;
  }
}

function hashHex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
