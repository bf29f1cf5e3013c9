// Goal: an account's compact balances behave as the Map they replace: the same answers to get,
// has and size, and the same order when listed (insertion order, a deleted key leaving its place).
// Method: fast-check sequences of set and delete over a few currencies, run against Balances
// and a Map side by side.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CurrencyCode } from "@tongbao/types";
import { Balances } from "./balances.ts";

const CODES = ["HKD", "PHP", "USD", "CNY"] as CurrencyCode[];
const step = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    code: fc.constantFrom(...CODES),
    amount: fc.bigInt(0n, 10n ** 18n),
  }),
  fc.record({ kind: fc.constant("delete" as const), code: fc.constantFrom(...CODES) }),
);

test("Balances answers as a Map would, after any sequence of sets and deletes", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const balances = new Balances();
      const map = new Map<CurrencyCode, bigint>();
      for (const s of steps) {
        if (s.kind === "set") {
          assert.equal(balances.set(s.code, s.amount), balances);
          map.set(s.code, s.amount);
        } else {
          assert.equal(balances.delete(s.code), map.delete(s.code));
        }
        assert.equal(balances.size, map.size);
        assert.deepEqual([...balances], [...map]);
        assert.deepEqual([...balances.keys()], [...map.keys()]);
        for (const code of CODES) {
          assert.equal(balances.get(code), map.get(code));
          assert.equal(balances.has(code), map.has(code));
        }
      }
    }),
    { numRuns: 500 },
  );
});
