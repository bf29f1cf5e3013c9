// Goal: the in-memory twin behaves like the disk backend, and a simulated crash loses exactly
// what a real one may: WAL records not yet made durable, nothing else.
// Method: the shared storage suite and the consensus safety suite over a MemoryKv; then stores
// reopened over the same MemoryKv without closing the old ones (a crash) are compared with what
// was written before it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { safetySuite } from "@tongbao/consensus/safety-suite";
import { IDENTITY, blockAt, h } from "../test/blocks.ts";
import {
  KvSafetyStore,
  MemoryBlockStore,
  MemoryKv,
  MemoryWal,
  openMemoryStorage,
} from "./index.ts";
import { storageSuite } from "./storage.suite.ts";

storageSuite("memory", async () => {
  const kv = new MemoryKv();
  return {
    open: async (identity = IDENTITY) => openMemoryStorage({ kv, ...identity }),
    tamper: async (change) => change(kv),
    dispose: async () => {},
  };
});

safetySuite("memory kv", () => {
  const kv = new MemoryKv();
  return { open: () => new KvSafetyStore(kv) };
});

describe("memory twin: crashes", () => {
  test("a crash keeps durable WAL records and the ones appended before them, and loses the rest", () => {
    const kv = new MemoryKv();
    const before = openMemoryStorage({ kv, ...IDENTITY });
    before.wal.append(h(1), new Uint8Array([1]), false);
    before.wal.append(h(1), new Uint8Array([2]), true);
    before.wal.append(h(1), new Uint8Array([3]), false);
    before.blocks.saveCommitted(blockAt(1));
    // No close: the process is gone.
    const after = openMemoryStorage({ kv, ...IDENTITY });
    assert.deepEqual(after.wal.records(h(1)), [new Uint8Array([1]), new Uint8Array([2])]);
    assert.deepEqual(after.blocks.loadCommitted(h(1)), blockAt(1));
  });

  test("standalone twins share nothing unless given the same MemoryKv", () => {
    const kv = new MemoryKv();
    new MemoryBlockStore(kv).saveCommitted(blockAt(1));
    assert.equal(new MemoryBlockStore(kv).lastHeight(), 1);
    assert.equal(new MemoryBlockStore().lastHeight(), 0);
    const wal = new MemoryWal(kv);
    wal.append(h(2), new Uint8Array([7]), true);
    assert.deepEqual(new MemoryWal(kv).records(h(2)), [new Uint8Array([7])]);
    assert.deepEqual(new MemoryWal().records(h(2)), []);
  });
});
