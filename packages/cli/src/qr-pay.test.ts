// Goal: `tongbao pay --qr` pays what a verified code says — its payee, amount, currency and, for
// a sale, its ledger reference — and refuses an amount that contradicts the code, or a counter
// code without one, before anything is signed.
// Method: codes built and read with @tongbao/emvqr (the verification itself is the client's,
// tested there and end to end in e2e/gateway.test.ts); qrPaymentOf on each case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTongbaoCode, readTongbaoCode, type TongbaoCode } from "@tongbao/emvqr";
import type { VerifyPaymentCodeReturnType } from "@tongbao/client";
import { CliError } from "./errors.ts";
import { describeQrPayment, qrPaymentOf } from "./qr-pay.ts";

const ACCOUNT = "5f1e3c0d6e2b4a7981a0c2d4e6f8091a2b3c4d5e";
const INSTITUTION: VerifyPaymentCodeReturnType["institution"] = {
  id: "hk-emoney",
  name: "HK E-Money Ltd",
  roles: ["validator", "issuer"],
  account: "ab".repeat(20),
  keyType: "ed25519",
  publicKey: "cd".repeat(32),
};
const NOW = 1_767_225_600_000;

function code(sale: boolean): TongbaoCode {
  const built = buildTongbaoCode({
    account: ACCOUNT,
    institution: "hk-emoney",
    merchantName: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
    currency: "HKD",
    ...(sale
      ? { amount: "12.50", reference: "INV-1", nowMs: NOW, expiresAtMs: NOW + 900_000 }
      : {}),
  });
  assert.ok(built.ok);
  const read = readTongbaoCode(built.value);
  assert.ok(read.ok);
  return read.value;
}

const verified = (sale: boolean) => ({ code: code(sale), institution: INSTITUTION, payload: "" });

test("a sale's code is paid as it says, with its ledger reference", () => {
  const payment = qrPaymentOf(verified(true), undefined);
  assert.equal(payment.to, ACCOUNT);
  assert.equal(payment.amount, "12.50");
  assert.equal(payment.currency, "HKD");
  assert.match(payment.reference ?? "", /^[0-9a-f]{64}$/);
  assert.equal(payment.reference, code(true).ledgerReference);
  assert.equal(
    qrPaymentOf(verified(true), "12.50").amount,
    "12.50",
    "the same amount may be given",
  );
  assert.equal(
    describeQrPayment(payment, NOW + 60_000),
    `paying TEA HOUSE, HONG KONG (${ACCOUNT} at hk-emoney; code verified by HK E-Money Ltd, valid 840 s more): 12.50 HKD, reference INV-1`,
  );
  assert.throws(
    () => qrPaymentOf(verified(true), "1.00"),
    (e: unknown) => {
      assert.ok(e instanceof CliError);
      assert.match(e.message, /the code asks for 12\.50 HKD, not 1\.00/);
      return true;
    },
  );
});

test("a counter code is paid with the amount given, and no reference", () => {
  const payment = qrPaymentOf(verified(false), "3.20");
  assert.equal(payment.amount, "3.20");
  assert.equal(payment.reference, undefined);
  assert.equal(payment.payee.kind, "static");
  assert.throws(() => qrPaymentOf(verified(false), undefined), /counter code carries no amount/);
});
