/**
 * A fixed pseudo-random history of blocks, built from a seeded Prng (never Math.random), so
 * that any two processes that replay it must arrive at the same state root at every height.
 */
import { Prng, bytesToHex } from "@tongbao/std";
import { applyBlock, type BlockExecution, type LedgerState } from "../src/index.ts";
import { TestLedger } from "./fixtures.ts";
import { HistoryGenerator } from "./random-history.ts";

export const REPLAY_SEED = 0x70_6e_62_61;
export const REPLAY_BLOCKS = 50;

export interface ReplayLine {
  readonly height: number;
  readonly stateRoot: string;
  readonly receiptsRoot: string;
}

/** Builds and applies the history; calls `onBlock` after each committed block. */
export function replayHistory(
  seed: number = REPLAY_SEED,
  blocks: number = REPLAY_BLOCKS,
  onBlock: (state: LedgerState, execution: BlockExecution) => void = () => {},
): ReplayLine[] {
  const ledger = new TestLedger();
  const generator = new HistoryGenerator(new Prng(seed), {
    notIncludable: false,
    txsPerBlockMax: 12,
  });
  const lines: ReplayLine[] = [];
  for (let i = 0; i < blocks; i++) {
    const timestampMs = ledger.nowMs + generator.advanceMs();
    const txs = generator.block(ledger.state, timestampMs);
    const execution = applyBlock(ledger.state, txs, {
      height: ledger.state.height + 1,
      timestampMs,
    });
    ledger.nowMs = timestampMs;
    generator.committed(txs);
    onBlock(ledger.state, execution);
    lines.push({
      height: execution.height,
      stateRoot: bytesToHex(execution.stateRoot),
      receiptsRoot: bytesToHex(execution.receiptsRoot),
    });
  }
  return lines;
}
