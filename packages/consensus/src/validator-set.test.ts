// Goal: thresholds are strict (> 2/3, > 1/3) and proposer rotation is deterministic and
// weighted by power. Method: worked examples by hand, then fast-check over random power
// vectors: each validator proposes exactly `power` times per `totalPower` elections, and the
// order in which validators are listed does not change anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Height, Round } from "@tongbao/types";
import { ValidatorSet } from "./validator-set.ts";
import { VALIDATORS_MAX, VOTING_POWER_TOTAL_MAX } from "./limits.ts";

const key = (i: number) => new Uint8Array(32).fill(i);
const setOf = (powers: readonly number[]) =>
  ValidatorSet.create(powers.map((power, i) => ({ publicKey: key(i + 1), power })));
const proposers = (set: ValidatorSet, height: number, rounds: number) =>
  Array.from({ length: rounds }, (_, round) => set.proposer(height as Height, round as Round));

test("quorum is strictly more than 2/3 and f+1 strictly more than 1/3", () => {
  const four = setOf([1, 1, 1, 1]);
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((p) => four.hasQuorum(p)),
    [false, false, false, true, true],
  );
  assert.deepEqual(
    [0, 1, 2].map((p) => four.exceedsOneThird(p)),
    [false, false, true],
  );
  // Exactly 2/3 is not a quorum: with three validators, all three are needed.
  const three = setOf([1, 1, 1]);
  assert.equal(three.hasQuorum(2), false);
  assert.equal(three.hasQuorum(3), true);
  assert.equal(three.exceedsOneThird(1), false);
});

test("equal powers rotate in index order, one step per height and per round", () => {
  const set = setOf([1, 1, 1, 1]);
  assert.deepEqual(proposers(set, 1, 6), [0, 1, 2, 3, 0, 1]);
  assert.deepEqual(proposers(set, 2, 4), [1, 2, 3, 0]);
});

test("worked example: powers 3 and 1 give A A B A (priorities by hand)", () => {
  // Start 0,0. e0: +3,+1 → 3,1, A wins → -1,1. e1: 2,2 → tie to A → -2,2.
  // e2: 1,3 → B → 1,-1. e3: 4,0 → A → 0,0, the period closes.
  const set = setOf([3, 1]);
  const a = set.indexOf(key(1))!;
  const b = set.indexOf(key(2))!;
  assert.deepEqual(proposers(set, 1, 4), [a, a, b, a]);
});

test("each validator proposes `power` times per period, whatever the listing order", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (powers, startHeight) => {
        const set = setOf(powers);
        const counts = new Map<number, number>();
        for (const index of proposers(set, startHeight, set.totalPower)) {
          counts.set(index, (counts.get(index) ?? 0) + 1);
        }
        for (const v of set.validators) assert.equal(counts.get(v.index) ?? 0, v.power);
        const reversed = ValidatorSet.create([...set.validators].reverse());
        assert.deepEqual(proposers(reversed, startHeight, 10), proposers(set, startHeight, 10));
      },
    ),
  );
});

test("create refuses bad sets with the right error type", () => {
  assert.throws(() => ValidatorSet.create([]), RangeError);
  assert.throws(() => setOf([1, 0]), RangeError);
  assert.throws(() => setOf([1.5]), RangeError);
  assert.throws(() => setOf([VOTING_POWER_TOTAL_MAX, 1]), RangeError);
  assert.throws(() => setOf(Array.from({ length: VALIDATORS_MAX + 1 }, () => 1)), RangeError);
  assert.throws(
    () =>
      ValidatorSet.create([
        { publicKey: key(1), power: 1 },
        { publicKey: key(1), power: 2 },
      ]),
    RangeError,
  );
  assert.throws(
    () => ValidatorSet.create([{ publicKey: "00" as unknown as Uint8Array, power: 1 }]),
    TypeError,
  );
});
