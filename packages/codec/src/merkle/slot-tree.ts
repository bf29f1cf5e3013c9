/**
 * An incrementally updated Merkle tree over numbered slots, used for the ledger's state root.
 *
 * Each object (an account, a pending transfer) owns a slot whose number is assigned by the
 * deterministic ledger. Updating a slot marks it dirty; `root()` rehashes only the paths from
 * dirty slots, so the cost of a block grows with the objects it touched, not with all objects.
 *
 * Shape: a complete 16-ary tree of depth d over 16^d slots, where 16^d is the smallest power of
 * sixteen ≥ the slot count (d = 0 for at most one slot). Unused and cleared slots hold the empty
 * hash; a node's hash covers its sixteen children in order. The root that commits is
 * H("tongbao/slots/root", count ‖ top), so trees of different sizes never collide.
 *
 * PERF: sixteen children per node, not two: a block that touches a thousand accounts of a
 * million rehashes about 2,300 nodes of 512 bytes instead of 10,000 of 64, and SHA-256's cost per
 * call outweighs its cost per byte (docs/adr/0013-wide-state-tree.md). Each level is one
 * contiguous Uint8Array of 32-byte hashes holding only the nodes that cover a slot — nodes past
 * them are empty subtrees, whose hashes are constants — so a million slots cost about 34 MB and
 * no garbage.
 */
import { assert } from "@tongbao/std";
import { sha256, tagPrefix, taggedHash } from "../hash.ts";

const LEAF = "tongbao/slots/leaf";
const NODE = "tongbao/slots/node";
const EMPTY = "tongbao/slots/empty";
const ROOT = "tongbao/slots/root";
/** Children per node. */
export const SLOT_TREE_ARITY = 16;
const ARITY_BITS = 4;
const GROUP_BYTES = SLOT_TREE_ARITY * 32;
/**
 * Slot numbers stay below 2^32 so that the bit operations on indices below are exact (JavaScript
 * bit operators work on 32 bits): at most 8 levels. The in-memory tree reaches its own limit far
 * earlier: a level is one Uint8Array, at most 4 GiB, so at most 2^27 slots.
 */
const DEPTH_MAX = 8;
const SLOTS_MAX = 2 ** 32;

/** emptyHashes[level] is the root of an empty subtree of height `level`. */
const emptyHashes: Uint8Array[] = (() => {
  const out = [taggedHash(EMPTY, new Uint8Array(0))];
  for (let level = 1; level <= DEPTH_MAX; level++) {
    const children = new Uint8Array(GROUP_BYTES);
    for (let i = 0; i < SLOT_TREE_ARITY; i++) children.set(out[level - 1]!, i * 32);
    out.push(taggedHash(NODE, children));
  }
  return out;
})();

export function slotLeafHash(data: Uint8Array): Uint8Array {
  return taggedHash(LEAF, data);
}

/** The depth of a tree of `count` slots: the least d with 16^d ≥ count. */
function depthOf(count: number): number {
  let depth = 0;
  while (SLOT_TREE_ARITY ** depth < count) depth++;
  return depth;
}

/** Nodes at `level` that cover at least one of `count` slots. */
function widthAt(count: number, level: number): number {
  return Math.max(1, Math.ceil(count / SLOT_TREE_ARITY ** level));
}

export interface SlotProof {
  readonly slot: number;
  readonly count: number;
  /**
   * From the leaf level up to (not including) the top, the 15 other children of each node on
   * the path, in child order: 15 × depth hashes.
   */
  readonly siblings: readonly Uint8Array[];
}

export class SlotTree {
  /**
   * levels[k] holds the hashes of the nodes at height k that cover a slot, and spare capacity;
   * levels[0] the leaves, levels[depth][0] the top.
   */
  private levels: Uint8Array[] = [new Uint8Array(32)];
  private depth = 0;
  private count = 0;
  private dirty = new Set<number>();
  private cachedRoot: Uint8Array | undefined;
  private leafScratch = new Uint8Array(0);
  private leafView = new DataView(this.leafScratch.buffer);
  /** The node tag followed by sixteen children: what one node's hash reads. */
  private readonly nodeScratch: Uint8Array;

  constructor() {
    this.levels[0]!.set(emptyHashes[0]!);
    const prefix = tagPrefix(NODE);
    this.nodeScratch = new Uint8Array(prefix.length + GROUP_BYTES);
    this.nodeScratch.set(prefix, 0);
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

  /**
   * Makes room for `count` slots. New slots are empty, and so are the nodes that come to cover
   * them, which were empty subtrees before: no hash changes but on the paths of dirty slots.
   */
  private grow(count: number): void {
    assert(count <= SLOTS_MAX, "slot tree too large");
    const depth = depthOf(count);
    for (let level = 0; level <= depth; level++) {
      const old = level < this.levels.length ? this.levels[level]! : new Uint8Array(0);
      const oldWidth = level <= this.depth ? widthAt(this.count, level) : 0;
      const width = widthAt(count, level);
      let array = old;
      if (array.length < width * 32) {
        // Doubling keeps growth one slot at a time linear overall.
        array = new Uint8Array(Math.max(width, 2 * (old.length / 32)) * 32);
        array.set(old.subarray(0, oldWidth * 32), 0);
      }
      for (let i = oldWidth; i < width; i++) array.set(emptyHashes[level]!, i * 32);
      this.levels[level] = array;
    }
    if (depth !== this.depth) {
      // The old top is now child 0 of new levels above it: recompute that path.
      this.dirty.add(0);
      this.depth = depth;
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
    // Clear the removed slots, so that the nodes kept hash empty children there.
    for (let slot = count; slot < this.count; slot++) {
      this.levels[0]!.set(emptyHashes[0]!, slot * 32);
      this.dirty.add(slot);
    }
    this.cachedRoot = undefined;
    this.root();
    const depth = depthOf(count);
    this.levels.length = depth + 1;
    this.depth = depth;
    this.count = count;
    this.cachedRoot = undefined;
  }

  /** The commitment to every slot's content and to the slot count. */
  root(): Uint8Array {
    if (this.cachedRoot !== undefined) return this.cachedRoot;
    let indices = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    const scratch = this.nodeScratch;
    const childrenAt = scratch.length - GROUP_BYTES;
    for (let level = 0; level < this.depth; level++) {
      const below = this.levels[level]!;
      const belowBytes = widthAt(this.count, level) * 32;
      const above = this.levels[level + 1]!;
      const parents: number[] = [];
      for (const index of indices) {
        const parent = index >>> ARITY_BITS;
        if (parents.length > 0 && parents[parents.length - 1] === parent) continue;
        parents.push(parent);
        // PERF: the sixteen children are adjacent; those past the covered width are empty.
        const from = parent * GROUP_BYTES;
        const to = Math.min(from + GROUP_BYTES, belowBytes);
        scratch.set(below.subarray(from, to), childrenAt);
        for (let at = to; at < from + GROUP_BYTES; at += 32) {
          scratch.set(emptyHashes[level]!, childrenAt + (at - from));
        }
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
      const width = widthAt(this.count, level);
      const first = index - (index % SLOT_TREE_ARITY);
      for (let child = first; child < first + SLOT_TREE_ARITY; child++) {
        if (child === index) continue;
        siblings.push(
          child < width
            ? this.levels[level]!.slice(child * 32, child * 32 + 32)
            : emptyHashes[level]!.slice(),
        );
      }
      index >>>= ARITY_BITS;
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
  if (!Number.isSafeInteger(proof.count) || proof.count > SLOTS_MAX) return undefined;
  if (!Number.isSafeInteger(proof.slot) || proof.slot < 0 || proof.slot >= proof.count)
    return undefined;
  const depth = depthOf(proof.count);
  const others = SLOT_TREE_ARITY - 1;
  if (proof.siblings.length !== others * depth) return undefined;
  if (proof.siblings.some((sibling) => sibling.length !== 32)) return undefined;
  let hash = data === undefined ? emptyHashes[0]! : slotLeafHash(data);
  let index = proof.slot;
  const children = new Uint8Array(GROUP_BYTES);
  for (let level = 0; level < depth; level++) {
    const position = index % SLOT_TREE_ARITY;
    const group = proof.siblings.slice(level * others, (level + 1) * others);
    group.splice(position, 0, hash);
    group.forEach((child, i) => children.set(child, i * 32));
    hash = taggedHash(NODE, children);
    index = Math.floor(index / SLOT_TREE_ARITY);
  }
  return commitRoot(proof.count, hash);
}
