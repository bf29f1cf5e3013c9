/**
 * The process that crash.test.ts kills: it opens the storage in a directory and writes as a
 * validator would, height after height — WAL records (some durable), safety data, then the
 * committed block, then prunes the WAL below the next height (both in one write, through
 * commitBlock, at even heights). It prints a line only after the
 * write it reports has returned, so every printed line is a promise of durability.
 *
 * Usage: node --import tsx crash-writer.ts <dir> <seed> <round>
 */
import type { Round } from "@tongbao/types";
import { openStorage } from "../src/index.ts";
import { IDENTITY, h } from "./blocks.ts";
import { crashBlockAt, walPlan, walRecordAt } from "./crash-data.ts";

const [dir, seedText, roundText] = process.argv.slice(2);
if (dir === undefined || seedText === undefined || roundText === undefined) {
  throw new Error("usage: crash-writer.ts <dir> <seed> <round>");
}
const seed = Number(seedText);
const round = Number(roundText);
const say = (line: string) => process.stdout.write(`${line}\n`);

const storage = await openStorage({ dir, ...IDENTITY });
say(`ready ${storage.blocks.lastHeight()}`);
for (let height = storage.blocks.lastHeight() + 1; ; height++) {
  walPlan(seed, round, height).forEach((durable, index) => {
    storage.wal.append(h(height), walRecordAt(seed, round, height, index), durable);
    if (durable) say(`wal ${height} ${index}`);
  });
  storage.safety.save({
    last: { height: h(height), round: round as Round, step: 2, payload: new Uint8Array([round]) },
  });
  say(`safety ${height}`);
  // Odd heights as before (save, then prune); even heights as the node commits: block, pointer
  // and prune in one write made durable off this thread, reported once the promise resolved.
  if (height % 2 === 1) {
    storage.blocks.saveCommitted(crashBlockAt(seed, height));
    say(`block ${height}`);
    storage.wal.prune(h(height + 1));
  } else {
    await storage.commitBlock(crashBlockAt(seed, height));
    say(`block ${height}`);
  }
}
