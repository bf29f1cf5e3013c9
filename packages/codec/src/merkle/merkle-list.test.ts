// Goal: the list tree computes exactly the RFC 6962 shape with our tagged hashes, and its proofs
// prove membership at one position only. Method: compare roots for 0..17 leaves with a naive
// recursive implementation written here from the spec (SHA-256 from node:crypto directly), then
// check every proof verifies and that changing a sibling, the leaf or the index breaks it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { bytesToHex } from "@tongbao/std";
import {
  merkleEmptyRoot,
  merkleLeafHash,
  merkleListProof,
  merkleListRootFromProof,
  merkleRootOfLeaves,
  type MerkleListProof,
} from "../index.ts";

/** sha256(len(tag) ‖ tag ‖ data), written out again so that the test does not trust hash.ts. */
function naiveTagged(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  hash.update(Uint8Array.of(tag.length));
  hash.update(tag, "ascii");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** RFC 6962 section 2.1: MTH(D[n]) splits at k, the largest power of two smaller than n. */
function naiveRoot(items: Uint8Array[]): Uint8Array {
  if (items.length === 0) return naiveTagged("tongbao/merkle/empty");
  if (items.length === 1) return naiveTagged("tongbao/merkle/leaf", items[0]!);
  let k = 2 ** Math.floor(Math.log2(items.length));
  if (k === items.length) k /= 2;
  return naiveTagged(
    "tongbao/merkle/node",
    naiveRoot(items.slice(0, k)),
    naiveRoot(items.slice(k)),
  );
}

function items(count: number): Uint8Array[] {
  // Distinct items, so that swapping two of them always changes the root.
  return Array.from({ length: count }, (_, i) => Uint8Array.of(0x74, 0x78, i));
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

test("roots for 0..17 leaves equal the naive RFC 6962 recursion", () => {
  for (let n = 0; n <= 17; n++) {
    const list = items(n);
    const root = merkleRootOfLeaves(list.map(merkleLeafHash));
    assert.equal(bytesToHex(root), bytesToHex(naiveRoot(list)), `n = ${n}`);
  }
});

test("the empty root differs from the leaf hash of empty data", () => {
  assert.notEqual(bytesToHex(merkleEmptyRoot()), bytesToHex(merkleLeafHash(new Uint8Array(0))));
});

test("every proof for every position in lists of 1..17 verifies", () => {
  for (let n = 1; n <= 17; n++) {
    const leaves = items(n).map(merkleLeafHash);
    const root = bytesToHex(merkleRootOfLeaves(leaves));
    for (let index = 0; index < n; index++) {
      const proof = merkleListProof(leaves, index);
      const computed = merkleListRootFromProof(leaves[index]!, proof);
      assert.ok(computed !== undefined, `n = ${n}, index = ${index}`);
      assert.equal(bytesToHex(computed), root, `n = ${n}, index = ${index}`);
    }
  }
});

test("a tampered sibling, leaf or index fails to reproduce the root", () => {
  const proves = (leaf: Uint8Array, proof: MerkleListProof, root: string): boolean => {
    const computed = merkleListRootFromProof(leaf, proof);
    return computed !== undefined && bytesToHex(computed) === root;
  };
  for (let n = 1; n <= 17; n++) {
    const leaves = items(n).map(merkleLeafHash);
    const root = bytesToHex(merkleRootOfLeaves(leaves));
    for (let index = 0; index < n; index++) {
      const proof = merkleListProof(leaves, index);
      const leaf = leaves[index]!;
      for (let s = 0; s < proof.siblings.length; s++) {
        const siblings = proof.siblings.slice();
        siblings[s] = flipBit(siblings[s]!, (index * 7 + s) % 256);
        assert.ok(!proves(leaf, { ...proof, siblings }, root), `sibling ${s}, n = ${n}`);
      }
      assert.ok(!proves(flipBit(leaf, index % 256), proof, root), `leaf, n = ${n}`);
      // Another position, a leaf of another position, and positions outside the list.
      for (let other = 0; other < n; other++) {
        if (other === index) continue;
        assert.ok(!proves(leaf, { ...proof, index: other }, root), `index ${other}, n = ${n}`);
        assert.ok(!proves(leaves[other]!, proof, root), `leaf of ${other}, n = ${n}`);
      }
      for (const bad of [-1, n, 0.5, Number.NaN]) {
        assert.equal(merkleListRootFromProof(leaf, { ...proof, index: bad }), undefined);
      }
    }
  }
});

test("proofs of the wrong shape are refused rather than computed", () => {
  const leaves = items(5).map(merkleLeafHash);
  const proof = merkleListProof(leaves, 2);
  const leaf = leaves[2]!;
  assert.equal(
    merkleListRootFromProof(leaf, { ...proof, siblings: proof.siblings.slice(1) }),
    undefined,
  );
  assert.equal(
    merkleListRootFromProof(leaf, { ...proof, siblings: [...proof.siblings, leaf] }),
    undefined,
  );
  const short = [proof.siblings[0]!.subarray(0, 31), ...proof.siblings.slice(1)];
  assert.equal(merkleListRootFromProof(leaf, { ...proof, siblings: short }), undefined);
  assert.equal(merkleListRootFromProof(leaf.subarray(0, 31), proof), undefined);
});
