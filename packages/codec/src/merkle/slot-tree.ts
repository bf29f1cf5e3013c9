/**
 * An incrementally updated Merkle tree over numbered slots, used for the ledger's state root.
 *
 * Each object (an account, a pending transfer) owns a slot whose number is assigned by the
 * deterministic ledger. Updating a slot marks it dirty; `root()` rehashes only the paths from
 * dirty slots, so the cost of a block grows with the objects it touched, not with all objects.
 *
 * Shape: a complete binary tree of depth d over 2^d slots, where 2^d is the smallest power of
 * two ≥ the slot count (at least 1). Unused and cleared slots hold the empty hash. The root that
 * commits is H("tongbao/slots/root", count ‖ top), so trees of different sizes never collide.
 *
 * PERF: each level is one contiguous Uint8Array of 32-byte hashes, not an object per node, so a
 * million slots cost about 64 MB and no garbage.
 */
import { assert } from "@tongbao/std";
import { sha256, tagPrefix, taggedHash, taggedHashPair } from "../hash.ts";

const LEAF = "tongbao/slots/leaf";
const NODE = "tongbao/slots/node";
const EMPTY = "tongbao/slots/empty";
const ROOT = "tongbao/slots/root";
/**
 * Slot numbers stay below 2^32 so that the bit operations on indices below are exact (JavaScript
 * bit operators work on 32 bits). The in-memory tree reaches its own limit far earlier: a level
 * is one Uint8Array, at most 4 GiB, so at most 2^27 slots.
 */
const DEPTH_MAX = 32;

/** emptyHashes[level] is the root of an empty subtree of height `level`. */
const emptyHashes: Uint8Array[] = (() => {
  const out = [taggedHash(EMPTY, new Uint8Array(0))];
  for (let level = 1; level <= DEPTH_MAX; level++) {
    out.push(nodeHash(out[level - 1]!, out[level - 1]!));
  }
  return out;
})();

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return taggedHashPair(NODE, left, right);
}

export function slotLeafHash(data: Uint8Array): Uint8Array {
  return taggedHash(LEAF, data);
}

export interface SlotProof {
  readonly slot: number;
  readonly count: number;
  /** Sibling hashes from the leaf level up to (not including) the top. */
  readonly siblings: readonly Uint8Array[];
}

export class SlotTree {
  /** levels[0] holds leaf hashes; levels[depth] holds the single top hash. */
  private levels: Uint8Array[] = [new Uint8Array(32)];
  private depth = 0;
  private count = 0;
  private dirty = new Set<number>();
  private cachedRoot: Uint8Array | undefined;
  private leafScratch = new Uint8Array(0);
  private leafView = new DataView(this.leafScratch.buffer);

  constructor() {
    this.levels[0]!.set(emptyHashes[0]!);
  }

  get size(): number {
    return this.count;
  }

  /** Sets a slot's leaf to the hash of `data`, or to the empty hash for `undefined`. */
  set(slot: number, data: Uint8Array | undefined): void {
    assert(Number.isSafeInteger(slot) && slot >= 0, "slot must be a non-negative integer");
    if (slot >= this.count) this.grow(slot + 1);
    const leaf = data === undefined ? emptyHashes[0]! : slotLeafHash(data);
    this.levels[0]!.set(leaf, slot * 32);
    this.dirty.add(slot);
    this.cachedRoot = undefined;
  }

  /**
   * Sets a slot's leaf to the hash of `length` bytes that `write` puts at `offset` of `bytes`.
   * PERF: the bytes are written straight after the leaf tag in a scratch buffer and hashed in
   * place, so a leaf costs one hash and no allocation besides the digest.
   */
  setEncoded(
    slot: number,
    length: number,
    write: (bytes: Uint8Array, view: DataView, offset: number) => void,
  ): void {
    assert(Number.isInteger(slot) && slot >= 0, "slot must be a non-negative integer");
    if (slot >= this.count) this.grow(slot + 1);
    const prefix = tagPrefix(LEAF);
    if (this.leafScratch.length < prefix.length + length) {
      this.leafScratch = new Uint8Array(Math.max(256, 2 * (prefix.length + length)));
      this.leafScratch.set(prefix, 0);
      this.leafView = new DataView(this.leafScratch.buffer);
    }
    write(this.leafScratch, this.leafView, prefix.length);
    this.levels[0]!.set(sha256(this.leafScratch.subarray(0, prefix.length + length)), slot * 32);
    this.dirty.add(slot);
    this.cachedRoot = undefined;
  }

  private grow(count: number): void {
    let depth = this.depth;
    while (2 ** depth < count) depth++;
    assert(depth <= DEPTH_MAX, "slot tree too large");
    if (depth !== this.depth) {
      // Rebuild level arrays at the new width; old nodes keep their positions.
      const levels: Uint8Array[] = [];
      for (let level = 0; level <= depth; level++) {
        const width = 2 ** (depth - level);
        const array = new Uint8Array(width * 32);
        const old = level <= this.depth ? this.levels[level] : undefined;
        const oldWidth = old === undefined ? 0 : old.length / 32;
        if (old !== undefined) array.set(old, 0);
        for (let i = oldWidth; i < width; i++) array.set(emptyHashes[level]!, i * 32);
        levels.push(array);
      }
      // Every node above the old top must be recomputed: mark the old top path dirty.
      this.levels = levels;
      this.depth = depth;
      this.dirty.add(0);
    }
    this.count = count;
    this.cachedRoot = undefined;
  }

  /**
   * Shrinks the tree to `count` slots, as when a speculatively executed block that created
   * objects is reverted. The result is identical to a tree that never had the removed slots.
   */
  truncate(count: number): void {
    assert(Number.isInteger(count) && count >= 0 && count <= this.count, "truncate beyond size");
    if (count === this.count) return;
    for (let slot = count; slot < this.count; slot++) {
      this.levels[0]!.set(emptyHashes[0]!, slot * 32);
      this.dirty.add(slot);
    }
    this.cachedRoot = undefined;
    this.root();
    let depth = 0;
    while (2 ** depth < count) depth++;
    if (depth < this.depth) {
      const levels: Uint8Array[] = [];
      for (let level = 0; level <= depth; level++) {
        levels.push(this.levels[level]!.slice(0, 2 ** (depth - level) * 32));
      }
      this.levels = levels;
      this.depth = depth;
    }
    this.count = count;
    this.cachedRoot = undefined;
  }

  /** The commitment to every slot's content and to the slot count. */
  root(): Uint8Array {
    if (this.cachedRoot !== undefined) return this.cachedRoot;
    let indices = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    // PERF: one scratch buffer holds the tag prefix; each node copies its two adjacent children
    // in after it and hashes, so hashing a node allocates nothing but the digest.
    const prefix = tagPrefix(NODE);
    const scratch = new Uint8Array(prefix.length + 64);
    scratch.set(prefix, 0);
    for (let level = 0; level < this.depth; level++) {
      const below = this.levels[level]!;
      const above = this.levels[level + 1]!;
      const parents: number[] = [];
      for (const index of indices) {
        const parent = index >>> 1;
        if (parents.length > 0 && parents[parents.length - 1] === parent) continue;
        parents.push(parent);
        scratch.set(below.subarray(parent * 64, parent * 64 + 64), prefix.length);
        above.set(sha256(scratch), parent * 32);
      }
      indices = parents;
    }
    this.cachedRoot = commitRoot(this.count, this.levels[this.depth]!.subarray(0, 32));
    return this.cachedRoot;
  }

  /** An inclusion proof for a slot; call after root() so that the tree is up to date. */
  proof(slot: number): SlotProof {
    assert(Number.isSafeInteger(slot) && slot >= 0 && slot < this.count, "proof slot out of range");
    this.root();
    const siblings: Uint8Array[] = [];
    let index = slot;
    for (let level = 0; level < this.depth; level++) {
      const sibling = index % 2 === 0 ? index + 1 : index - 1;
      siblings.push(this.levels[level]!.slice(sibling * 32, sibling * 32 + 32));
      index >>>= 1;
    }
    return { slot, count: this.count, siblings };
  }
}

function commitRoot(count: number, top: Uint8Array): Uint8Array {
  const input = new Uint8Array(8 + 32);
  new DataView(input.buffer).setBigUint64(0, BigInt(count));
  input.set(top, 8);
  return taggedHash(ROOT, input);
}

/**
 * Recomputes a slot tree root from the encoded object in a slot and its proof. Returns
 * undefined for a proof of the wrong shape. The caller compares the result to a trusted root.
 */
export function slotRootFromProof(
  data: Uint8Array | undefined,
  proof: SlotProof,
): Uint8Array | undefined {
  if (!Number.isSafeInteger(proof.count) || proof.count > 2 ** DEPTH_MAX) return undefined;
  if (!Number.isSafeInteger(proof.slot) || proof.slot < 0 || proof.slot >= proof.count)
    return undefined;
  let depth = 0;
  while (2 ** depth < proof.count) depth++;
  if (proof.siblings.length !== depth) return undefined;
  let hash = data === undefined ? emptyHashes[0]! : slotLeafHash(data);
  let index = proof.slot;
  for (const sibling of proof.siblings) {
    if (sibling.length !== 32) return undefined;
    hash = index % 2 === 1 ? nodeHash(sibling, hash) : nodeHash(hash, sibling);
    index = Math.floor(index / 2);
  }
  return commitRoot(proof.count, hash);
}
