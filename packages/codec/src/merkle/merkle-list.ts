/**
 * A Merkle tree over an ordered list (the transactions of a block), shaped as in RFC 6962:
 * leaf = H("tongbao/merkle/leaf", data), node = H("tongbao/merkle/node", left ‖ right), and a
 * list of n > 1 items splits at the largest power of two below n. The empty list's root is the
 * hash of nothing under the empty tag, so it cannot equal any leaf or node.
 */
import { assert } from "@tongbao/std";
import { taggedHash, taggedHashPair } from "../hash.ts";

const LEAF = "tongbao/merkle/leaf";
const NODE = "tongbao/merkle/node";
const EMPTY = "tongbao/merkle/empty";

export function merkleLeafHash(data: Uint8Array): Uint8Array {
  return taggedHash(LEAF, data);
}

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assert(left.length === 32 && right.length === 32, "merkle node children must be 32-byte hashes");
  return taggedHashPair(NODE, left, right);
}

export function merkleEmptyRoot(): Uint8Array {
  return taggedHash(EMPTY, new Uint8Array(0));
}

function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Root over leaf hashes already computed with merkleLeafHash. */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return merkleEmptyRoot();
  return rootOf(leaves, 0, leaves.length);
}

function rootOf(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start]!;
  const k = splitPoint(n);
  return merkleNodeHash(rootOf(leaves, start, start + k), rootOf(leaves, start + k, end));
}

export interface MerkleListProof {
  readonly index: number;
  readonly count: number;
  /** Sibling hashes from the leaf up to the root. */
  readonly siblings: readonly Uint8Array[];
}

export function merkleListProof(leaves: readonly Uint8Array[], index: number): MerkleListProof {
  assert(index >= 0 && index < leaves.length, "proof index out of range");
  const siblings: Uint8Array[] = [];
  collect(leaves, 0, leaves.length, index, siblings);
  return { index, count: leaves.length, siblings };
}

function collect(
  leaves: readonly Uint8Array[],
  start: number,
  end: number,
  index: number,
  out: Uint8Array[],
): void {
  const n = end - start;
  if (n === 1) return;
  const k = splitPoint(n);
  if (index < start + k) {
    collect(leaves, start, start + k, index, out);
    out.push(rootOf(leaves, start + k, end));
  } else {
    collect(leaves, start + k, end, index, out);
    out.push(rootOf(leaves, start, start + k));
  }
}

/** Recomputes the root from a leaf hash and its proof; the caller compares it to a trusted root. */
export function merkleListRootFromProof(
  leaf: Uint8Array,
  proof: MerkleListProof,
): Uint8Array | undefined {
  // A fractional index would walk the same path as its floor, so a proof could claim a
  // position that no leaf has; only integers name leaves.
  if (!Number.isSafeInteger(proof.index) || !Number.isSafeInteger(proof.count)) return undefined;
  if (!(proof.index >= 0 && proof.index < proof.count)) return undefined;
  if (leaf.length !== 32) return undefined;
  // Walk down to learn, at each level, whether the leaf is in the left or right part.
  const sides: boolean[] = [];
  let start = 0;
  let end = proof.count;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (proof.index < start + k) {
      sides.push(true);
      end = start + k;
    } else {
      sides.push(false);
      start = start + k;
    }
  }
  if (sides.length !== proof.siblings.length) return undefined;
  let hash = leaf;
  for (let i = sides.length - 1, s = 0; i >= 0; i--, s++) {
    const sibling = proof.siblings[s]!;
    if (sibling.length !== 32) return undefined;
    hash = sides[i] ? merkleNodeHash(hash, sibling) : merkleNodeHash(sibling, hash);
  }
  return hash;
}
