// Goal: GET /v1/accounts/:id/fee quotes exactly what the ledger then charges, and refuses what
// it cannot quote (unknown account or currency, bad amounts) with the declared codes.
// Method: a single-validator TestChain (hk-bank charges 0.10 HKD + 10 bps, at most 5.00) behind
// the real server; the quote is compared with the balance change of a committed transfer.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Amount, CurrencyCode } from "@tongbao/types";
import type { TransferFeeView } from "./fee-schemas.ts";
import { createApiServer } from "./server/index.ts";
import { TestChain, hexOf, keys } from "../test/chain.ts";
import { call, postJson } from "../test/contract.ts";

const HKD = "HKD" as CurrencyCode;

test("a fee quote matches what the ledger charges, and the schedule's cap", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  const quote = await call<TransferFeeView>(app, {
    url: `/v1/accounts/${keys.alice.account}/fee?currency=HKD&amount=100.00`,
  });
  assert.equal(quote.status, 200);
  assert.deepEqual(quote.body, {
    account: keys.alice.account,
    institution: "hk-bank",
    amount: { amount: "100.00", currency: "HKD" },
    fee: { amount: "0.20", currency: "HKD" },
    total: { amount: "100.20", currency: "HKD" },
  });
  const before = chain.state.accounts.get(keys.alice.account)!.balances.get(HKD)!;
  const signed = chain.sign(keys.alice, [
    { kind: "transfer", to: keys.bob.account, currency: HKD, amount: 100_00n as Amount },
  ]);
  assert.equal(
    (await postJson(app, "/v1/transactions", { transaction: hexOf(signed) })).status,
    202,
  );
  chain.produceBlock();
  const after = chain.state.accounts.get(keys.alice.account)!.balances.get(HKD)!;
  assert.equal(before - after, 100_20n, "the ledger charged what was quoted");

  const capped = await call<TransferFeeView>(app, {
    url: `/v1/accounts/${keys.alice.account}/fee?currency=HKD&amount=9000.00`,
  });
  assert.equal(capped.body.fee.amount, "5.00");
});

test("what cannot be quoted is refused with the declared codes", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  const base = `/v1/accounts/${keys.alice.account}/fee`;
  const cases: Array<[string, number, string]> = [
    [`/v1/accounts/${"ab".repeat(20)}/fee?currency=HKD&amount=1.00`, 404, "account_not_found"],
    [`${base}?currency=XYZ&amount=1.00`, 422, "currency_not_found"],
    [`${base}?currency=HKD&amount=1.005`, 400, "invalid_request"],
    [`${base}?currency=HKD&amount=0`, 400, "invalid_request"],
    [`${base}?currency=HKD&amount=-1`, 400, "invalid_request"],
    [`${base}?currency=HKD`, 400, "invalid_request"],
  ];
  for (const [url, status, code] of cases) {
    const answer = await call<{ error: { code: string; message: string } }>(app, { url });
    assert.equal(answer.status, status, url);
    assert.equal(answer.body.error.code, code, url);
    assert.ok(answer.body.error.message.length > 0);
  }
});
