// Goal: bytes placed in the shared slabs read back unchanged, across a slab's end, and each
// placement leaves the others alone; accounts, which keep their key and leaf prefix there, give
// them back as they were opened.
// Method: place many strings of varied lengths, more than one slab holds, and read all back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteSlabs, SLAB_BYTES } from "./byte-slabs.ts";
import { accountPublicKey, decodeAccountLeaf, encodeAccount } from "./encode-state.ts";
import { TestLedger, keys } from "../../test/fixtures.ts";

test("every placed string reads back as it was, in one slab or the next", () => {
  const slabs = new ByteSlabs();
  const placed: { bytes: Uint8Array; slab: Uint8Array; slabIndex: number; start: number }[] = [];
  let total = 0;
  for (let i = 0; total < 3 * SLAB_BYTES; i++) {
    const bytes = Uint8Array.from({ length: 1 + (i % 97) }, (_, j) => (i * 31 + j) & 0xff);
    placed.push({ bytes, ...slabs.place(bytes) });
    total += bytes.length;
  }
  const slabsUsed = new Set(placed.map((p) => p.slab));
  assert.ok(slabsUsed.size >= 3, "more than one slab was filled");
  for (const { bytes, slab, slabIndex, start } of placed) {
    assert.equal(slabs.slab(slabIndex), slab);
    assert.ok(start + bytes.length <= slab.length, "a string never crosses a slab's end");
    assert.deepEqual(slab.subarray(start, start + bytes.length), bytes);
  }
});

test("a string longer than a slab is refused", () => {
  assert.throws(() => new ByteSlabs().place(new Uint8Array(SLAB_BYTES + 1)), /slab/);
});

test("an account's key and leaf read back from the slabs as given", () => {
  const ledger = new TestLedger();
  for (const key of [keys.alice, keys.bob, keys.carol, keys.hkBank]) {
    const account = ledger.state.accounts.get(key.account)!;
    assert.deepEqual(accountPublicKey(account), key.publicKey);
    const leaf = decodeAccountLeaf(encodeAccount(account));
    assert.equal(leaf.id, key.account);
    assert.deepEqual(leaf.publicKey, key.publicKey);
  }
});
