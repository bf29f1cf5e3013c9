// Goal: an account's packed fields (key type, KYC tier, frozen and sanctioned flags, the leaf
// prefix's place) read back as written, each independent of the others, and its balances are
// its own.
// Method: fast-check sequences of changes to the mutable fields, checked against plain values
// after every step, over accounts of both key types and prefix places up to the bounds.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CurrencyCode, InstitutionId } from "@tongbao/types";
import { KeyType } from "../tx/transaction.ts";
import { Account } from "./model.ts";

const make = (keyType: KeyType, kycTier: number, prefixStart: number, prefixLength: number) =>
  new Account({
    slot: 7,
    keyType,
    institution: "hk-bank" as InstitutionId,
    kycTier,
    frozen: false,
    prefixSlab: new Uint8Array(0),
    prefixStart,
    prefixLength,
  });

test("packed fields read back as written, each independent of the others", () => {
  const change = fc.oneof(
    fc.record({ field: fc.constant("kycTier" as const), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ field: fc.constant("frozen" as const), value: fc.boolean() }),
    fc.record({ field: fc.constant("sanctioned" as const), value: fc.boolean() }),
  );
  fc.assert(
    fc.property(
      fc.constantFrom(KeyType.Ed25519, KeyType.P256),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 2 ** 16 - 1 }),
      fc.integer({ min: 0, max: 255 }),
      fc.array(change, { maxLength: 20 }),
      (keyType, kycTier, prefixStart, prefixLength, changes) => {
        const account = make(keyType, kycTier, prefixStart, prefixLength);
        const model = { kycTier, frozen: false, sanctioned: false };
        for (const { field, value } of changes) {
          (account as unknown as Record<string, unknown>)[field] = value;
          (model as Record<string, unknown>)[field] = value;
          assert.deepEqual(
            {
              keyType: account.keyType,
              kycTier: account.kycTier,
              frozen: account.frozen,
              sanctioned: account.sanctioned,
              prefixStart: account.prefixStart,
              prefixLength: account.prefixLength,
            },
            { keyType, ...model, prefixStart, prefixLength },
          );
        }
      },
    ),
  );
});

test("an account is its own balances, and starts with none", () => {
  const account = make(KeyType.Ed25519, 1, 0, 60);
  assert.equal(account.balances, account);
  assert.equal(account.balances.size, 0);
  account.balances.set("HKD" as CurrencyCode, 5n);
  assert.deepEqual([...account.balances], [["HKD", 5n]]);
  assert.equal(account.slot, 7);
});

test("values that do not fit their bits are refused, not truncated", () => {
  assert.throws(() => make(KeyType.Ed25519, 256, 0, 60));
  assert.throws(() => make(KeyType.Ed25519, 1, 2 ** 16, 60));
  assert.throws(() => make(KeyType.Ed25519, 1, 0, 256));
  assert.throws(() => make(4 as KeyType, 1, 0, 60));
});
