/**
 * The storage suite: one set of tests that every backend must pass (LMDB and the in-memory
 * twin). A backend is one location: `open()` again after `close()` must see everything the
 * previous handle wrote, as after a clean restart. Crashes are tested per backend, since only
 * the memory twin can simulate one inside a process (crash.test.ts kills real processes).
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "@tongbao/std";
import { PAYLOAD_BYTES_MAX, type SafetyData } from "@tongbao/consensus";
import type { Round } from "@tongbao/types";
import { IDENTITY, blockAt, blockProblem, h } from "../test/blocks.ts";
import {
  COMMITTED_BLOCK_BYTES_MAX,
  StorageCorruptionError,
  StorageFormatError,
  StorageIdentityError,
  WAL_RECORD_BYTES_MAX,
  type Kv,
  type Storage,
  type StorageIdentity,
} from "./index.ts";
import { heightKey } from "./records.ts";

export interface StorageBackend {
  /** Opens the storage at this backend's location. */
  open(identity?: StorageIdentity): Promise<Storage>;
  /**
   * Runs `change` on the raw key-value backend of the location (no storage open), to plant
   * damage that only a broken disk or a bug could cause.
   */
  tamper(change: (kv: Kv) => void): Promise<void>;
  /** Releases the location (removes temporary directories). */
  dispose(): Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

export function storageSuite(name: string, createBackend: () => Promise<StorageBackend>): void {
  describe(`storage suite: ${name}`, () => {
    const backends: StorageBackend[] = [];
    after(async () => {
      for (const backend of backends) await backend.dispose();
    });
    async function fresh(): Promise<{ backend: StorageBackend; storage: Storage }> {
      const backend = await createBackend();
      backends.push(backend);
      return { backend, storage: await backend.open() };
    }
    async function reopen(backend: StorageBackend, storage: Storage): Promise<Storage> {
      await storage.close();
      return backend.open();
    }

    describe("block store", () => {
      test("an empty store is at genesis: height 0, no pointer, no blocks", async () => {
        const { storage } = await fresh();
        assert.equal(storage.blocks.lastHeight(), 0);
        assert.equal(storage.blocks.lastCommitted(), undefined);
        assert.equal(storage.blocks.loadCommitted(h(1)), undefined);
        assert.deepEqual([...storage.blocks.range(h(0), h(10))], []);
        await storage.close();
      });

      test("a saved block loads back whole, with and without receipts, and moves the pointer", async () => {
        const { storage } = await fresh();
        const first = blockAt(1, { receipts: true });
        const second = blockAt(2, { receipts: false });
        storage.blocks.saveCommitted(first);
        storage.blocks.saveCommitted(second);
        assert.deepEqual(storage.blocks.loadCommitted(h(1)), first);
        assert.deepEqual(storage.blocks.loadCommitted(h(2)), second);
        assert.equal(storage.blocks.loadCommitted(h(2))!.receiptsBytes, undefined);
        assert.equal(blockProblem(storage.blocks.loadCommitted(h(2)), 2), undefined);
        assert.equal(storage.blocks.lastHeight(), 2);
        assert.deepEqual(storage.blocks.lastCommitted(), {
          height: 2,
          blockId: second.blockId,
          appHash: second.appHash,
        });
        await storage.close();
      });

      test("heights are accepted only in order from 1, and a refusal changes nothing", async () => {
        const { storage } = await fresh();
        assert.throws(() => storage.blocks.saveCommitted(blockAt(2)), AssertionError);
        storage.blocks.saveCommitted(blockAt(1));
        assert.throws(() => storage.blocks.saveCommitted(blockAt(1)), AssertionError);
        assert.throws(() => storage.blocks.saveCommitted(blockAt(3)), AssertionError);
        assert.equal(storage.blocks.lastHeight(), 1);
        assert.equal(storage.blocks.loadCommitted(h(3)), undefined);
        await storage.close();
      });

      test("malformed blocks are refused with TypeError or RangeError", async () => {
        const { storage } = await fresh();
        const good = blockAt(1);
        const cases: Array<[unknown, ErrorConstructor]> = [
          [{ ...good, height: 0 }, RangeError],
          [{ ...good, height: 1.5 }, RangeError],
          [{ ...good, blockId: good.blockId.subarray(1) }, RangeError],
          [{ ...good, appHash: "00" }, TypeError],
          [{ ...good, committedBytes: new Uint8Array(COMMITTED_BLOCK_BYTES_MAX + 1) }, RangeError],
          [{ ...good, receiptsBytes: [1, 2] }, TypeError],
        ];
        for (const [block, error] of cases) {
          assert.throws(() => storage.blocks.saveCommitted(block as typeof good), error);
        }
        assert.equal(storage.blocks.lastHeight(), 0);
        await storage.close();
      });

      test("range yields from..to inclusive, clamped to 1..last", async () => {
        const { storage } = await fresh();
        for (let height = 1; height <= 5; height++) storage.blocks.saveCommitted(blockAt(height));
        const heights = (from: number, to: number) =>
          [...storage.blocks.range(h(from), h(to))].map((block) => block.height);
        assert.deepEqual(heights(2, 4), [2, 3, 4]);
        assert.deepEqual(heights(0, 2), [1, 2]);
        assert.deepEqual(heights(4, 99), [4, 5]);
        assert.deepEqual(heights(4, 3), []);
        assert.deepEqual(
          [...storage.blocks.range(h(1), h(5))],
          [1, 2, 3, 4, 5].map((n) => blockAt(n)),
        );
        await storage.close();
      });

      test("the store keeps copies: changing a saved or loaded block's bytes changes nothing stored", async () => {
        const { storage } = await fresh();
        const block = blockAt(1);
        const saved = { ...block, committedBytes: block.committedBytes.slice() };
        storage.blocks.saveCommitted(saved);
        saved.committedBytes.fill(0);
        storage.blocks.loadCommitted(h(1))!.committedBytes.fill(0);
        assert.deepEqual(storage.blocks.loadCommitted(h(1)), block);
        await storage.close();
      });

      test("a block with a full payload round-trips", async () => {
        const { storage } = await fresh();
        const block = blockAt(1, { payloadBytes: PAYLOAD_BYTES_MAX });
        storage.blocks.saveCommitted(block);
        assert.deepEqual(storage.blocks.loadCommitted(h(1)), block);
        await storage.close();
      });

      test("blocks and the pointer survive a reopen, and saving continues from there", async () => {
        const { backend, storage } = await fresh();
        for (let height = 1; height <= 3; height++) storage.blocks.saveCommitted(blockAt(height));
        const reopened = await reopen(backend, storage);
        assert.equal(reopened.blocks.lastHeight(), 3);
        assert.deepEqual(reopened.blocks.lastCommitted()!.blockId, blockAt(3).blockId);
        reopened.blocks.saveCommitted(blockAt(4));
        assert.deepEqual(
          [...reopened.blocks.range(h(1), h(4))],
          [1, 2, 3, 4].map((n) => blockAt(n)),
        );
        await reopened.close();
      });
    });

    describe("commitBlock: the block, its pointer and the WAL pruned, durable off the thread", () => {
      test("nothing shows until it resolves; then the block, the pointer and the prune all do", async () => {
        const { backend, storage } = await fresh();
        storage.blocks.saveCommitted(blockAt(1));
        for (const height of [2, 3]) storage.wal.append(h(height), bytes(height), true);
        storage.wal.append(h(3), bytes(33), false);
        const committing = storage.commitBlock(blockAt(2));
        assert.equal(storage.blocks.lastHeight(), 1, "not visible before it is durable");
        assert.equal(storage.blocks.loadCommitted(h(2)), undefined);
        await committing;
        assert.equal(storage.blocks.lastHeight(), 2);
        assert.deepEqual(storage.blocks.loadCommitted(h(2)), blockAt(2));
        assert.deepEqual(storage.wal.records(h(2)), []);
        assert.deepEqual(storage.wal.records(h(3)), [bytes(3), bytes(33)]);
        const reopened = await reopen(backend, storage);
        assert.deepEqual(reopened.blocks.lastCommitted()!.blockId, blockAt(2).blockId);
        assert.deepEqual(reopened.wal.records(h(2)), []);
        assert.deepEqual(reopened.wal.records(h(3)), [bytes(3), bytes(33)]);
        reopened.blocks.saveCommitted(blockAt(3));
        await reopened.close();
      });

      test("one block at a time, in order; close waits for the one in flight", async () => {
        const { backend, storage } = await fresh();
        const first = storage.commitBlock(blockAt(1));
        assert.throws(() => storage.blocks.saveCommitted(blockAt(2)), AssertionError);
        await assert.rejects(storage.commitBlock(blockAt(2)), AssertionError);
        await first;
        await assert.rejects(storage.commitBlock(blockAt(3)), AssertionError);
        const second = storage.commitBlock(blockAt(2));
        await storage.close();
        await second;
        const reopened = await backend.open();
        assert.equal(reopened.blocks.lastHeight(), 2);
        await reopened.close();
      });
    });

    describe("consensus WAL", () => {
      test("records come back per height in append order, including ones not yet durable", async () => {
        const { storage } = await fresh();
        storage.wal.append(h(5), bytes(1), false);
        storage.wal.append(h(5), bytes(2), true);
        storage.wal.append(h(6), bytes(9), false);
        storage.wal.append(h(5), bytes(3), false);
        assert.deepEqual(storage.wal.records(h(5)), [bytes(1), bytes(2), bytes(3)]);
        assert.deepEqual(storage.wal.records(h(6)), [bytes(9)]);
        assert.deepEqual(storage.wal.records(h(7)), []);
        await storage.close();
      });

      test("records survive a reopen, and appends after it keep the order", async () => {
        const { backend, storage } = await fresh();
        storage.wal.append(h(5), bytes(1), true);
        storage.wal.append(h(5), bytes(2), false);
        const reopened = await reopen(backend, storage);
        assert.deepEqual(reopened.wal.records(h(5)), [bytes(1), bytes(2)]);
        reopened.wal.append(h(5), bytes(3), true);
        reopened.wal.append(h(4), bytes(0), true);
        reopened.wal.append(h(5), bytes(4), false);
        assert.deepEqual(reopened.wal.records(h(5)), [bytes(1), bytes(2), bytes(3), bytes(4)]);
        const again = await reopen(backend, reopened);
        assert.deepEqual(again.wal.records(h(5)), [bytes(1), bytes(2), bytes(3), bytes(4)]);
        assert.deepEqual(again.wal.records(h(4)), [bytes(0)]);
        await again.close();
      });

      test("prune drops the heights below, stored or waiting, and keeps the rest", async () => {
        const { backend, storage } = await fresh();
        for (const height of [3, 4, 5]) storage.wal.append(h(height), bytes(height), true);
        storage.wal.append(h(4), bytes(44), false);
        storage.wal.append(h(5), bytes(55), false);
        storage.wal.prune(h(5));
        assert.deepEqual(storage.wal.records(h(3)), []);
        assert.deepEqual(storage.wal.records(h(4)), []);
        assert.deepEqual(storage.wal.records(h(5)), [bytes(5), bytes(55)]);
        const reopened = await reopen(backend, storage);
        assert.deepEqual(reopened.wal.records(h(4)), []);
        assert.deepEqual(reopened.wal.records(h(5)), [bytes(5), bytes(55)]);
        reopened.wal.append(h(4), bytes(4), true);
        assert.deepEqual(reopened.wal.records(h(4)), [bytes(4)]);
        await reopened.close();
      });

      test("the WAL keeps copies of what it is given and what it returns", async () => {
        const { storage } = await fresh();
        const record = bytes(1, 2, 3);
        storage.wal.append(h(1), record, false);
        record.fill(0);
        storage.wal.records(h(1))[0]!.fill(0);
        storage.wal.flush();
        storage.wal.records(h(1))[0]!.fill(0);
        assert.deepEqual(storage.wal.records(h(1)), [bytes(1, 2, 3)]);
        await storage.close();
      });

      test("oversized or malformed records are refused", async () => {
        const { storage } = await fresh();
        const big = new Uint8Array(WAL_RECORD_BYTES_MAX + 1);
        assert.throws(() => storage.wal.append(h(1), big, true), RangeError);
        assert.throws(() => storage.wal.append(h(-1), bytes(1), true), RangeError);
        assert.throws(() => storage.wal.append(h(1), [1] as never, true), TypeError);
        assert.throws(() => storage.wal.append(h(1), bytes(1), 1 as never), TypeError);
        assert.deepEqual(storage.wal.records(h(1)), []);
        await storage.close();
      });
    });

    describe("safety data", () => {
      test("saved safety data loads back after a reopen", async () => {
        const { backend, storage } = await fresh();
        assert.equal(storage.safety.load(), undefined);
        const data: SafetyData = {
          last: { height: h(7), round: 2 as Round, step: 2, payload: bytes(1, 2, 3) },
          lock: { height: h(7), round: 1 as Round, blockId: new Uint8Array(32).fill(7) },
        };
        storage.safety.save(data);
        const reopened = await reopen(backend, storage);
        assert.deepEqual(reopened.safety.load(), data);
        await reopened.close();
      });
    });

    describe("open and close", () => {
      test("a location of another chain id or genesis is refused with what to do", async () => {
        const { backend, storage } = await fresh();
        storage.blocks.saveCommitted(blockAt(1));
        await storage.close();
        const otherChain = { ...IDENTITY, chainId: "tongbao-other" };
        const otherGenesis = { ...IDENTITY, genesisHash: new Uint8Array(32).fill(1) };
        for (const identity of [otherChain, otherGenesis]) {
          await assert.rejects(backend.open(identity), (error: unknown) => {
            assert.ok(error instanceof StorageIdentityError);
            assert.match(error.message, /tongbao-storage-test/);
            assert.match(error.message, new RegExp(identity.chainId));
            assert.match(error.message, /empty data directory/);
            return true;
          });
        }
        const same = await backend.open(IDENTITY);
        assert.equal(same.blocks.lastHeight(), 1);
        await same.close();
      });

      test("a malformed identity is refused before anything is written", async () => {
        const { backend, storage } = await fresh();
        await storage.close();
        await assert.rejects(backend.open({ ...IDENTITY, chainId: "" }), RangeError);
        await assert.rejects(backend.open({ ...IDENTITY, chainId: "x".repeat(65) }), RangeError);
        await assert.rejects(
          backend.open({ ...IDENTITY, genesisHash: new Uint8Array(31) }),
          RangeError,
        );
        await assert.rejects(backend.open({ ...IDENTITY, chainId: 7 as never }), TypeError);
      });

      test("close flushes waiting WAL records, is idempotent, and the stores refuse use afterwards", async () => {
        const { backend, storage } = await fresh();
        storage.wal.append(h(1), bytes(1), false);
        await storage.close();
        await storage.close();
        assert.throws(() => storage.blocks.lastHeight(), AssertionError);
        assert.throws(() => storage.wal.append(h(1), bytes(2), true), AssertionError);
        assert.throws(() => storage.safety.load(), AssertionError);
        const reopened = await backend.open();
        assert.deepEqual(reopened.wal.records(h(1)), [bytes(1)]);
        await reopened.close();
      });

      test("a damaged block record is reported with its height, not returned", async () => {
        const { backend, storage } = await fresh();
        storage.blocks.saveCommitted(blockAt(1));
        storage.blocks.saveCommitted(blockAt(2));
        await storage.close();
        await backend.tamper((kv) => {
          const record = kv.get("blocks", heightKey(1))!;
          record[record.length >> 1]! ^= 0x01;
          kv.write([{ kind: "put", table: "blocks", key: heightKey(1), value: record }]);
        });
        const reopened = await backend.open();
        assert.throws(
          () => reopened.blocks.loadCommitted(h(1)),
          (error: unknown) => {
            assert.ok(error instanceof StorageCorruptionError);
            assert.match(error.message, /height 1 fails its checksum/);
            return true;
          },
        );
        assert.equal(blockProblem(reopened.blocks.loadCommitted(h(2)), 2), undefined);
        await reopened.close();
      });

      test("blocks that contradict the last-committed pointer are refused at open", async () => {
        const { backend, storage } = await fresh();
        storage.blocks.saveCommitted(blockAt(1));
        await storage.close();
        await backend.tamper((kv) => {
          const record = kv.get("blocks", heightKey(1))!;
          kv.write([{ kind: "put", table: "blocks", key: heightKey(3), value: record }]);
        });
        await assert.rejects(backend.open(), StorageCorruptionError);
      });

      test("a location written by another storage format is refused", async () => {
        const { backend, storage } = await fresh();
        await storage.close();
        await backend.tamper((kv) => {
          const identityKey = new TextEncoder().encode("identity");
          const record = kv.get("meta", identityKey)!;
          record[0] = 99;
          kv.write([{ kind: "put", table: "meta", key: identityKey, value: record }]);
        });
        await assert.rejects(backend.open(), (error: unknown) => {
          assert.ok(error instanceof StorageFormatError);
          assert.equal(error.foundVersion, 99);
          return true;
        });
      });
    });
  });
}
