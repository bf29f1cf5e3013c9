// Goal: the incrementally updated slot tree always commits to exactly its slots, and its proofs
// verify for set, cleared and never-used slots but not for other data or positions. Method:
// fast-check runs random set/clear sequences with roots taken in between, then compares the
// root with a tree rebuilt from scratch and with a naive full rehash written here from the spec.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { bytesToHex } from "@tongbao/std";
import { SlotTree, slotRootFromProof, type SlotProof } from "../index.ts";

function naiveTagged(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  hash.update(Uint8Array.of(tag.length));
  hash.update(tag, "ascii");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** Rehashes a whole tree of `count` slots from the spec's formulas: 16 children per node. */
function naiveRoot(count: number, slots: Map<number, Uint8Array | undefined>): string {
  let width = 1;
  while (width < count) width *= 16;
  let level = Array.from({ length: width }, (_, i) => {
    const data = slots.get(i);
    return data === undefined
      ? naiveTagged("tongbao/slots/empty")
      : naiveTagged("tongbao/slots/leaf", data);
  });
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 16) {
      next.push(naiveTagged("tongbao/slots/node", ...level.slice(i, i + 16)));
    }
    level = next;
  }
  const countBytes = new Uint8Array(8);
  new DataView(countBytes.buffer).setBigUint64(0, BigInt(count));
  return bytesToHex(naiveTagged("tongbao/slots/root", countBytes, level[0]!));
}

type Step =
  | { kind: "set"; slot: number; data: Uint8Array }
  | { kind: "clear"; slot: number }
  | { kind: "root" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    slot: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 300 })),
    data: fc.uint8Array({ maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant("clear" as const), slot: fc.nat({ max: 300 }) }),
  fc.constant({ kind: "root" as const }),
);

/** Runs the steps on one tree, rooting in between, and returns it with the final slots. */
function run(steps: Step[]): { tree: SlotTree; slots: Map<number, Uint8Array | undefined> } {
  const tree = new SlotTree();
  const slots = new Map<number, Uint8Array | undefined>();
  for (const s of steps) {
    if (s.kind === "root") tree.root();
    else {
      const data = s.kind === "set" ? s.data : undefined;
      tree.set(s.slot, data);
      slots.set(s.slot, data);
    }
  }
  return { tree, slots };
}

function proves(data: Uint8Array | undefined, proof: SlotProof, root: string): boolean {
  const computed = slotRootFromProof(data, proof);
  return computed !== undefined && bytesToHex(computed) === root;
}

test("an empty tree and a one-slot tree match the naive root", () => {
  assert.equal(bytesToHex(new SlotTree().root()), naiveRoot(0, new Map()));
  const tree = new SlotTree();
  tree.set(0, Uint8Array.of(1));
  assert.equal(bytesToHex(tree.root()), naiveRoot(1, new Map([[0, Uint8Array.of(1)]])));
});

test("the incremental root equals a rebuilt tree and the naive root after random sequences", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const { tree, slots } = run(steps);
      const rebuilt = new SlotTree();
      for (const [slot, data] of [...slots].sort((a, b) => a[0] - b[0])) rebuilt.set(slot, data);
      const root = bytesToHex(tree.root());
      assert.equal(root, bytesToHex(rebuilt.root()));
      assert.equal(root, naiveRoot(tree.size, slots));
    }),
    { numRuns: 300 },
  );
});

test("the root commits to the slot count: a cleared slot at the end still counts", () => {
  const a = new SlotTree();
  a.set(0, Uint8Array.of(1));
  const b = new SlotTree();
  b.set(0, Uint8Array.of(1));
  b.set(1, undefined);
  assert.notEqual(bytesToHex(a.root()), bytesToHex(b.root()));
});

test("proofs of every slot verify, including cleared and never-set ones, also after growth", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), step, (steps, last) => {
      const { tree, slots } = run(steps);
      if (tree.size === 0) return;
      // Take proofs, then grow or change the tree and check fresh proofs against the new root.
      for (const phase of [0, 1]) {
        if (phase === 1) {
          const { slots: more } = run([last]);
          for (const [slot, data] of more) {
            tree.set(slot, data);
            slots.set(slot, data);
          }
        }
        const root = bytesToHex(tree.root());
        for (let slot = 0; slot < tree.size; slot++) {
          assert.ok(proves(slots.get(slot), tree.proof(slot), root), `slot ${slot}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test("a proof fails for other data, another slot, another count or a changed sibling", () => {
  fc.assert(
    fc.property(
      fc.array(step, { minLength: 1, maxLength: 40 }),
      fc.uint8Array({ maxLength: 12 }),
      (steps, other) => {
        const { tree, slots } = run(steps);
        if (tree.size < 2) return;
        const root = bytesToHex(tree.root());
        // Slots at the edges of 16-wide groups and of the tree, every sibling of each.
        const sample = [0, 1, 14, 15, 16, 17, 255, 256, tree.size - 2, tree.size - 1];
        for (const slot of new Set(sample.filter((slot) => slot >= 0 && slot < tree.size))) {
          const data = slots.get(slot);
          const proof = tree.proof(slot);
          const otherData = data === undefined ? other : undefined;
          assert.ok(!proves(otherData, proof, root), `cleared/set swapped at ${slot}`);
          if (data !== undefined) {
            const changed = data.length === 0 ? Uint8Array.of(0) : data.slice(1);
            assert.ok(!proves(changed, proof, root), `changed data at ${slot}`);
          }
          assert.ok(!proves(data, { ...proof, count: proof.count + 1 }, root), `count at ${slot}`);
          for (let s = 0; s < proof.siblings.length; s++) {
            const siblings = proof.siblings.map((sibling) => sibling.slice());
            siblings[s]![0]! ^= 1;
            assert.ok(!proves(data, { ...proof, siblings }, root), `sibling ${s} at ${slot}`);
          }
          // Another slot with the same data only verifies if that slot holds the same value.
          const neighbour = slot ^ 5;
          if (neighbour < tree.size && !sameContent(slots.get(neighbour), data)) {
            assert.ok(!proves(data, { ...proof, slot: neighbour }, root), `slot ${neighbour}`);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

function sameContent(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return bytesToHex(a) === bytesToHex(b);
}

test("proofs of the wrong shape or with impossible positions are refused", () => {
  const tree = new SlotTree();
  for (let slot = 0; slot < 5; slot++) tree.set(slot, Uint8Array.of(slot));
  const proof = tree.proof(3);
  const data = Uint8Array.of(3);
  assert.equal(slotRootFromProof(data, { ...proof, siblings: proof.siblings.slice(1) }), undefined);
  assert.equal(slotRootFromProof(data, { ...proof, slot: 5 }), undefined);
  assert.equal(slotRootFromProof(data, { ...proof, slot: -1 }), undefined);
  assert.equal(slotRootFromProof(data, { ...proof, count: 4.5 }), undefined);
  const short = [proof.siblings[0]!.subarray(0, 31), ...proof.siblings.slice(1)];
  assert.equal(slotRootFromProof(data, { ...proof, siblings: short }), undefined);
});

test("a slot at or above 2^32 cannot be proved: indices there would alias lower slots", () => {
  // With 32-bit shifts, slot 2^32 + 5 used to walk the same path as slot 5.
  const count = 2 ** 32 + 6;
  const siblings = Array.from({ length: 15 * 9 }, () => new Uint8Array(32));
  const data = Uint8Array.of(7);
  assert.equal(slotRootFromProof(data, { slot: 2 ** 32 + 5, count, siblings }), undefined);
});

test("truncating gives the tree that never had the removed slots, across depths", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), fc.nat({ max: 300 }), (steps, cut) => {
      const { tree, slots } = run(steps);
      const count = Math.min(cut, tree.size);
      tree.root();
      tree.truncate(count);
      const kept = new Map([...slots].filter(([slot]) => slot < count));
      assert.equal(tree.size, count);
      assert.equal(bytesToHex(tree.root()), naiveRoot(count, kept));
      // And it grows again as a fresh tree would.
      tree.set(count + 17, Uint8Array.of(9));
      kept.set(count + 17, Uint8Array.of(9));
      assert.equal(bytesToHex(tree.root()), naiveRoot(count + 18, kept));
    }),
    { numRuns: 200 },
  );
});
