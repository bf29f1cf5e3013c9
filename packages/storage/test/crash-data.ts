/**
 * What the crash writer saves, as pure functions of (seed, height…), so that the checking parent
 * rebuilds the exact bytes without being told them.
 */
import { Prng } from "@tongbao/std";
import type { StoredBlock } from "../src/index.ts";
import { blockAt } from "./blocks.ts";

/** Mostly small blocks, and one in ten between 256 KiB and 1 MiB, which spans many pages. */
export function crashBlockAt(seed: number, height: number): StoredBlock {
  const prng = new Prng(seed * 7919 + height);
  const payloadBytes = prng.chancePpm(100_000)
    ? prng.between(256 * 1024, 1024 * 1024)
    : prng.int(4096);
  return blockAt(height, { seed, payloadBytes });
}

/** How many WAL records the writer appends at `height` in `round`, and which are durable. */
export function walPlan(seed: number, round: number, height: number): boolean[] {
  const prng = new Prng(seed * 104_729 + round * 1_000_003 + height);
  return Array.from({ length: 1 + prng.int(6) }, () => prng.int(2) === 1);
}

/** Record `index` of `height` in `round`: 12 identifying bytes, then filler from the seed. */
export function walRecordAt(
  seed: number,
  round: number,
  height: number,
  index: number,
): Uint8Array {
  const prng = new Prng(seed + round * 31 + height * 1_000_003 + index);
  const record = new Uint8Array(12 + prng.int(512));
  const view = new DataView(record.buffer);
  view.setUint32(0, round);
  view.setUint32(4, height);
  view.setUint32(8, index);
  record.set(prng.bytes(record.length - 12), 12);
  return record;
}

export function walRecordId(record: Uint8Array): { round: number; height: number; index: number } {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  return { round: view.getUint32(0), height: view.getUint32(4), index: view.getUint32(8) };
}
