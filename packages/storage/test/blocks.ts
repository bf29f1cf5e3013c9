/**
 * Test fixtures: committed blocks that are real CommittedBlock encodings (so a reader can decode
 * them and recompute their id), generated deterministically from (seed, height) so that a
 * checker can rebuild exactly what a writer saved.
 */
import { taggedHash } from "@tongbao/codec";
import {
  blockIdOf,
  decodeCommittedBlock,
  encodeCommittedBlock,
  payloadHashOf,
  type BlockHeader,
} from "@tongbao/consensus";
import { Prng, equalBytes } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import type { StorageIdentity, StoredBlock } from "../src/index.ts";

export const IDENTITY: StorageIdentity = {
  chainId: "tongbao-storage-test",
  genesisHash: taggedHash("test/genesis", new Uint8Array(0)),
};

export const h = (n: number): Height => n as Height;

const T0 = 1_704_067_200_000;

export interface BlockOptions {
  readonly seed?: number;
  /** Payload length; drawn from the seed (0–4 KiB) when absent. */
  readonly payloadBytes?: number;
  readonly receipts?: boolean;
}

/** The block a writer with `seed` saves at `height`: the same bytes every time. */
export function blockAt(height: number, options: BlockOptions = {}): StoredBlock {
  const prng = new Prng((options.seed ?? 1) * 1_000_003 + height);
  const payload = prng.bytes(options.payloadBytes ?? prng.int(4096));
  const header: BlockHeader = {
    height: height as Height,
    round: 0 as Round,
    timestampMs: (T0 + height * 1000) as TimestampMs,
    parentId: taggedHash("test/parent", prng.bytes(8)),
    payloadHash: payloadHashOf(payload),
    appHash: prng.bytes(32),
    proposerIndex: 0,
  };
  const blockId = blockIdOf(header);
  const committedBytes = encodeCommittedBlock({
    block: { header, payload },
    certificate: {
      height: header.height,
      round: header.round,
      blockId,
      signatures: [0, 1, 2].map((validatorIndex) => ({
        validatorIndex,
        signature: prng.bytes(64),
      })),
    },
  });
  const receipts = options.receipts ?? prng.int(2) === 1;
  return {
    height: height as Height,
    blockId,
    committedBytes,
    appHash: prng.bytes(32),
    ...(receipts ? { receiptsBytes: prng.bytes(35 * prng.int(20)) } : {}),
  };
}

/** Why `stored` is not the intact block saved at `height`, or undefined when it is. */
export function blockProblem(stored: StoredBlock | undefined, height: number): string | undefined {
  if (stored === undefined) return `block ${height} is missing`;
  if (stored.height !== height) return `block ${height} names height ${stored.height}`;
  let header: BlockHeader;
  try {
    header = decodeCommittedBlock(stored.committedBytes).block.header;
  } catch (error) {
    return `block ${height} does not decode: ${String(error)}`;
  }
  if (header.height !== height) return `block ${height} holds a header of height ${header.height}`;
  if (!equalBytes(blockIdOf(header), stored.blockId)) return `block ${height}: id mismatch`;
  return undefined;
}
