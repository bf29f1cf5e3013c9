// Goal: account history stays within its bounds — in total and per account — dropping the oldest
// entries first, and pages newest first with cursors that never repeat or skip an entry.
// Method: a model check with fast-check: random additions across a few accounts, compared with a
// plain list per account trimmed the same way, and every page walk compared with the model.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { HistoryEntry } from "@tongbao/api";
import { AccountHistory } from "./account-history.ts";

const entry = (height: number, sequence: number): HistoryEntry => ({
  type: "pending_expired",
  height,
  timestamp: "2026-01-01T00:00:00.000Z",
  from: "11".repeat(20),
  to: "22".repeat(20),
  pendingId: sequence.toString(16).padStart(32, "0"),
  amount: { amount: "1.00", currency: "HKD" },
});

test("bounded in total and per account, oldest first; pages walk every kept entry once", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.boolean()), { maxLength: 60 }),
      fc.integer({ min: 1, max: 7 }),
      (additions, pageSize) => {
        const total = 12;
        const perAccount = 5;
        const history = new AccountHistory(total, perAccount);
        // Model: arrival-ordered (account, key) pairs, trimmed as the history promises to.
        let model: Array<[string, string]> = [];
        let height = 1;
        let sequence = 0;
        for (const [account, newBlock] of additions) {
          if (newBlock) {
            height++;
            sequence = 0;
          }
          const item = { height, sequence: sequence++, entry: entry(height, sequence) };
          history.add(account, item);
          model.push([account, `${item.height}.${item.sequence}`]);
          model = model.slice(-total);
          const mine = model.filter(([a]) => a === account);
          if (mine.length > perAccount) {
            const drop = mine[0]!;
            model = model.filter((pair) => pair !== drop);
          }
        }
        for (const account of ["a", "b", "c"]) {
          const expected = model
            .filter(([a]) => a === account)
            .map(([, key]) => key)
            .reverse();
          assert.ok(expected.length <= perAccount);
          const walked: string[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = history.page(account, pageSize, cursor);
            walked.push(
              ...page.entries.map(
                (e) => `${e.height}.${parseInt((e as { pendingId: string }).pendingId, 16) - 1}`,
              ),
            );
            if (page.nextCursor === undefined) break;
            cursor = page.nextCursor;
          }
          assert.deepEqual(walked, expected);
        }
        assert.ok(history.size <= total);
      },
    ),
  );
});
