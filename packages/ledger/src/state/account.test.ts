// Goal: an account's packed fields (key type, KYC tier, frozen and sanctioned flags, the leaf
// prefix) read back as written, each independent of the others and of the neighbouring
// accounts; its balances answer as the Map they replace would (insertion order, a deleted first
// currency letting the next move up); and a slot taken back by an undone opening starts afresh.
// Method: fast-check sequences of changes to two neighbouring accounts in one set of columns,
// checked after every step against plain values and Maps.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { AMOUNT_MAX, type CurrencyCode, type InstitutionId } from "@tongbao/types";
import { KeyType } from "../tx/transaction.ts";
import { AccountColumns, type AccountFields } from "./account-columns.ts";
import { Account } from "./account.ts";

const fields = (keyType: KeyType, kycTier: number, prefix: Uint8Array): AccountFields => ({
  keyType,
  institution: (keyType === KeyType.P256 ? "ph-bank" : "hk-bank") as InstitutionId,
  kycTier,
  frozen: false,
  prefix,
});

const CODES = ["HKD", "PHP", "USD", "CNY"] as CurrencyCode[];

const change = fc.oneof(
  fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    field: fc.constant("kycTier" as const),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    field: fc.constantFrom("frozen" as const, "sanctioned" as const),
    value: fc.boolean(),
  }),
  fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    field: fc.constant("set" as const),
    code: fc.constantFrom(...CODES),
    amount: fc.bigInt(0n, AMOUNT_MAX),
  }),
  fc.record({
    who: fc.integer({ min: 0, max: 1 }),
    field: fc.constant("delete" as const),
    code: fc.constantFrom(...CODES),
  }),
);

const opened = fc.record({
  keyType: fc.constantFrom(KeyType.Ed25519, KeyType.P256),
  kycTier: fc.integer({ min: 0, max: 255 }),
  prefix: fc.uint8Array({ minLength: 1, maxLength: 255 }),
});

test("fields and balances read back as written, each account's its own", () => {
  fc.assert(
    fc.property(
      fc.array(opened, { minLength: 2, maxLength: 2 }),
      fc.array(change),
      (two, changes) => {
        const columns = new AccountColumns();
        const accounts = two.map(
          (o) => new Account(columns, columns.push(fields(o.keyType, o.kycTier, o.prefix))),
        );
        const models = two.map((o) => ({
          kycTier: o.kycTier,
          frozen: false,
          sanctioned: false,
          balances: new Map<CurrencyCode, bigint>(),
        }));
        for (const c of changes) {
          const account = accounts[c.who]!;
          const model = models[c.who]!;
          if (c.field === "set") {
            assert.equal(account.balances.set(c.code, c.amount), account);
            model.balances.set(c.code, c.amount);
          } else if (c.field === "delete") {
            assert.equal(account.balances.delete(c.code), model.balances.delete(c.code));
          } else {
            (account as unknown as Record<string, unknown>)[c.field] = c.value;
            (model as Record<string, unknown>)[c.field] = c.value;
          }
          accounts.forEach((a, i) => {
            const o = two[i]!;
            const m = models[i]!;
            assert.equal(a.keyType, o.keyType);
            assert.equal(a.institution, fields(o.keyType, 0, o.prefix).institution);
            assert.deepEqual(
              a.prefixSlab.subarray(a.prefixStart, a.prefixStart + a.prefixLength),
              o.prefix,
            );
            assert.deepEqual(
              { kycTier: a.kycTier, frozen: a.frozen, sanctioned: a.sanctioned },
              { kycTier: m.kycTier, frozen: m.frozen, sanctioned: m.sanctioned },
            );
            assert.equal(a.balances.size, m.balances.size);
            assert.deepEqual([...a.balances], [...m.balances]);
            assert.deepEqual([...a.balances.keys()], [...m.balances.keys()]);
            for (const code of CODES) {
              assert.equal(a.balances.get(code), m.balances.get(code));
              assert.equal(a.balances.has(code), m.balances.has(code));
            }
          });
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("a slot taken back and opened again starts with no balance and no flag", () => {
  const columns = new AccountColumns();
  const first = new Account(columns, columns.push(fields(KeyType.Ed25519, 3, new Uint8Array(30))));
  first.balances.set("HKD" as CurrencyCode, 5n).set("PHP" as CurrencyCode, 7n);
  first.frozen = true;
  first.sanctioned = true;
  columns.pop();
  const again = new Account(columns, columns.push(fields(KeyType.P256, 1, new Uint8Array(40))));
  assert.equal(again.slot, first.slot);
  assert.deepEqual([...again.balances], []);
  assert.deepEqual(
    [again.kycTier, again.frozen, again.sanctioned, again.keyType],
    [1, false, false, KeyType.P256],
  );
  assert.equal(again.prefixLength, 40);
});

test("values that do not fit their columns are refused, not truncated", () => {
  const columns = new AccountColumns();
  assert.throws(() => columns.push(fields(KeyType.Ed25519, 256, new Uint8Array(60))), /KYC tier/);
  assert.throws(() => columns.push(fields(4 as KeyType, 1, new Uint8Array(60))), /key type/);
  assert.throws(() => columns.push(fields(KeyType.Ed25519, 1, new Uint8Array(256))), /prefix/);
  const account = new Account(
    columns,
    columns.push(fields(KeyType.Ed25519, 1, new Uint8Array(60))),
  );
  assert.throws(() => (account.kycTier = 256), /KYC tier/);
  assert.throws(() => account.balances.set("HKD" as CurrencyCode, -1n), /balance/);
  assert.throws(() => account.balances.set("HKD" as CurrencyCode, AMOUNT_MAX + 1n), /balance/);
  assert.deepEqual([...account.balances], []);
});

test("columns grow past their first size and keep every account", () => {
  const columns = new AccountColumns();
  for (let i = 0; i < 3000; i++) {
    const prefix = Uint8Array.of(i & 0xff, i >> 8, 9);
    const account = new Account(columns, columns.push(fields(KeyType.Ed25519, i % 256, prefix)));
    account.balances.set("HKD" as CurrencyCode, BigInt(i));
  }
  for (let slot = 0; slot < 3000; slot++) {
    const account = new Account(columns, slot);
    assert.equal(account.kycTier, slot % 256);
    assert.equal(account.balances.get("HKD" as CurrencyCode), BigInt(slot));
    assert.deepEqual(
      account.prefixSlab.subarray(account.prefixStart, account.prefixStart + 3),
      Uint8Array.of(slot & 0xff, slot >> 8, 9),
    );
  }
});
