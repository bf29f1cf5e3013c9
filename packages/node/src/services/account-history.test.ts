// Goal: account history stays within its bounds — in total, in bytes and per account — dropping
// the oldest entries first, and pages newest first with cursors that never repeat or skip an entry.
// Method: a model check with fast-check: random additions across a few accounts, compared with a
// plain list per account trimmed the same way, and every page walk compared with the model.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { HistoryEntry } from "@tongbao/api";
import { AccountHistory, LISTING_BYTES } from "./account-history.ts";
import { estimatedBytes } from "./estimated-bytes.ts";

type PendingExpired = Extract<HistoryEntry, { type: "pending_expired" }>;

const entry = (height: number, sequence: number): PendingExpired => ({
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
        const history = new AccountHistory({
          entriesMax: total,
          bytesMax: Number.MAX_SAFE_INTEGER,
          perAccountMax: perAccount,
        });
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
          history.add([account], item);
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

test("bounded in bytes: an entry shared by accounts counts once, the oldest listings go first", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(fc.subarray(["a", "b", "c"], { minLength: 1 }), fc.integer({ min: 0, max: 40 })),
        { maxLength: 50 },
      ),
      fc.integer({ min: 600, max: 4_000 }),
      (additions, bytesMax) => {
        const history = new AccountHistory({ entriesMax: 1_000, bytesMax, perAccountMax: 1_000 });
        // Every listing in arrival order: the history must keep a suffix of it.
        const listings: Array<[string, number]> = [];
        const entries: HistoryEntry[] = [];
        additions.forEach(([accounts, padding], sequence) => {
          const item = entry(1, sequence);
          // Entries of different sizes: a longer id (the schema is not checked here).
          entries.push({ ...item, pendingId: item.pendingId + "0".repeat(padding) });
          history.add(accounts, { height: 1, sequence, entry: entries[sequence]! });
          for (const account of accounts) listings.push([account, sequence]);
        });
        const kept = new Set<string>();
        const shown = new Set<number>();
        for (const account of ["a", "b", "c"]) {
          for (const e of history.page(account, 1_000).entries) {
            const sequence = entries.indexOf(e);
            kept.add(`${account}.${sequence}`);
            shown.add(sequence);
          }
        }
        const suffix = listings.slice(listings.length - kept.size);
        assert.deepEqual(new Set(suffix.map(([a, s]) => `${a}.${s}`)), kept, "oldest go first");
        let expected = kept.size * LISTING_BYTES;
        for (const sequence of shown) expected += estimatedBytes(entries[sequence]);
        assert.equal(history.bytes, expected);
        const last = additions.length - 1;
        if (last >= 0) {
          const newest = estimatedBytes(entries[last]) + additions[last]![0].length * LISTING_BYTES;
          // Within the bound, unless the newest entry alone is larger: it is kept all the same.
          assert.ok(history.bytes <= Math.max(bytesMax, newest));
          assert.ok(shown.has(last), "the newest entry is always kept");
        }
      },
    ),
  );
});

test("estimated bytes grow with what a view holds", () => {
  const small = entry(1, 1);
  assert.ok(estimatedBytes(small) > 200);
  assert.equal(
    estimatedBytes({ ...small, pendingId: small.pendingId + "x".repeat(80) }),
    estimatedBytes(small) + 80,
  );
  assert.equal(estimatedBytes([small, small]), 16 + 16 + 16 + 2 * estimatedBytes(small));
  assert.equal(estimatedBytes({ n: 1, big: 2 ** 40, b: 5n, u: undefined }), 24 + 4 * 8 + 16 + 24);
});
