// Goal: the document store keeps values under 32-byte keys across a reopen, on LMDB and in
// memory alike, and refuses keys of another length.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryKv } from "./kv.ts";
import { openMemoryStorage, openStorage } from "./storage.ts";

const identity = { chainId: "doc-test", genesisHash: new Uint8Array(32).fill(7) };
const key = new Uint8Array(32).fill(1);
const value = new TextEncoder().encode('{"envelope":true}');

test("documents survive a reopen in memory", async () => {
  const kv = new MemoryKv();
  const first = openMemoryStorage({ ...identity, kv });
  assert.equal(first.documents.has(key), false);
  first.documents.put(key, value);
  await first.close();
  const again = openMemoryStorage({ ...identity, kv });
  assert.deepEqual(again.documents.get(key), value);
  assert.equal(again.documents.count(), 1);
  assert.throws(() => again.documents.put(new Uint8Array(31), value), /expected 32 bytes/);
});

test("documents survive a reopen on LMDB", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-documents-"));
  try {
    const first = await openStorage({ ...identity, dir });
    first.documents.put(key, value);
    await first.close();
    const again = await openStorage({ ...identity, dir });
    assert.deepEqual(again.documents.get(key), value);
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
