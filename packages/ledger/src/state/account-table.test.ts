// Goal: the account table finds exactly the accounts a Map keyed by id would, through additions
// and undone openings, including ids that share their first bytes (and so their index hash).
// Method: fast-check sequences of add / remove-last / lookups, against a Map model; ids drawn
// from a small set of shared beginnings so that probe runs form and deletions move entries.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToHex } from "@tongbao/std";
import type { InstitutionId } from "@tongbao/types";
import { KeyType } from "../tx/transaction.ts";
import { ACCOUNT_PREFIX_ID_OFFSET, type AccountFields } from "./account-columns.ts";
import { AccountTable } from "./account-table.ts";

/** An account's fields, with `idBytes` where an account's leaf prefix keeps its id. */
function fieldsWithId(idBytes: Uint8Array): AccountFields {
  const prefix = new Uint8Array(ACCOUNT_PREFIX_ID_OFFSET + 20 + 8);
  prefix.set(idBytes, ACCOUNT_PREFIX_ID_OFFSET);
  return {
    keyType: KeyType.Ed25519,
    institution: "hk-bank" as InstitutionId,
    kycTier: 0,
    frozen: false,
    prefix,
  };
}

const idBytes = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 12, maxLength: 12 }))
  .map(([beginning, rest]) => {
    const bytes = new Uint8Array(20);
    bytes.fill(beginning * 17, 0, 8);
    bytes.set(rest, 8);
    return bytes;
  });

const step = fc.oneof(
  { weight: 5, arbitrary: idBytes.map((bytes) => ({ kind: "add" as const, bytes })) },
  { weight: 2, arbitrary: fc.constant({ kind: "removeLast" as const }) },
  { weight: 2, arbitrary: idBytes.map((bytes) => ({ kind: "lookup" as const, bytes })) },
);

test("the table agrees with a Map through adds, undone openings and lookups", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 1500 }), (steps) => {
      const table = new AccountTable();
      // Each id's slot, as a Map keyed by id would hold the accounts.
      const model = new Map<string, number>();
      const order: string[] = [];
      for (const s of steps) {
        if (s.kind === "add") {
          const id = bytesToHex(s.bytes);
          if (model.has(id)) continue;
          const account = table.add(fieldsWithId(s.bytes));
          assert.equal(account.slot, order.length);
          assert.equal(account.id, id);
          model.set(id, account.slot);
          order.push(id);
        } else if (s.kind === "removeLast") {
          const last = order.pop();
          if (last === undefined) continue;
          table.removeLast();
          model.delete(last);
        } else {
          const id = bytesToHex(s.bytes);
          assert.equal(table.get(id)?.slot, model.get(id));
        }
      }
      assert.equal(table.size, model.size);
      for (const [id, slot] of model) {
        assert.equal(table.get(id)?.slot, slot);
        assert.equal(table.atSlot(slot)?.id, id);
      }
      assert.equal(table.atSlot(order.length), undefined);
      assert.deepEqual([...table.keys()], [...model.keys()]);
      assert.deepEqual(
        [...table.values()].map((account) => account.id),
        order,
      );
    }),
    { numRuns: 60 },
  );
});

test("only an id's exact lower-case hex finds it", () => {
  const table = new AccountTable();
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i);
  const account = table.add(fieldsWithId(bytes));
  const id = bytesToHex(bytes);
  assert.equal(table.get(id)?.slot, account.slot);
  assert.equal(account.id, id);
  assert.equal(table.get(id.toUpperCase()), undefined);
  assert.equal(table.get(id.slice(0, 38)), undefined);
  assert.equal(table.get(id + "00"), undefined);
  assert.equal(table.get(id.slice(0, 39) + "g"), undefined);
  assert.equal(table.get("nobody"), undefined);
  assert.equal(table.has(id), true);
});

test("the index grows past its first size and still finds every account", () => {
  const table = new AccountTable();
  const ids: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const bytes = new Uint8Array(20);
    new DataView(bytes.buffer).setUint32(16, i);
    bytes[0] = i % 3;
    table.add(fieldsWithId(bytes));
    ids.push(bytesToHex(bytes));
  }
  ids.forEach((id, slot) => assert.equal(table.get(id)?.slot, slot));
  for (let i = 4999; i >= 2500; i--) table.removeLast();
  ids.forEach((id, slot) => assert.equal(table.get(id)?.slot, slot < 2500 ? slot : undefined));
});
