// Goal: the PostgreSQL peer is a correct ledger, so its speed is a fair comparison: a payment
// moves money or changes nothing (insufficient funds, unknown account), a repeated id is
// refused, concurrent payments to hot merchants lose no update and create no money, and pay()
// refuses to run outside SERIALIZABLE.
// Method: a throw-away server (initdb in a temp dir, about a second); the test skips, saying
// why, where PostgreSQL's binaries are absent or cannot run (.ci/run installs them when it can).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { Prng } from "@tongbao/std";
import { PostgresLedger, PostgresPaymentError } from "./postgres-ledger.ts";
import {
  PostgresUnavailableError,
  findPostgres,
  startPostgres,
  type RunningPostgres,
} from "./postgres-server.ts";

let server: RunningPostgres | undefined;
let unavailable: string | undefined;

before(async () => {
  const binaries = findPostgres();
  if (binaries === undefined) {
    unavailable = "PostgreSQL's binaries are not installed (apt-get install postgresql)";
    return;
  }
  try {
    server = await startPostgres(binaries);
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    unavailable = error.message;
  }
});
after(async () => server?.stop());

const account = (i: number) => `acct-${String(i).padStart(4, "0")}`;
const payment = (id: string, payer: number, payee: number, amountMinor: bigint) => ({
  id,
  payer: account(payer),
  payee: account(payee),
  currency: "HKD",
  amountMinor,
});

test("a payment moves money, or changes nothing and says why", async (t) => {
  if (server === undefined) return t.skip(unavailable);
  const ledger = new PostgresLedger(server, 2);
  try {
    await ledger.setup([account(0), account(1)], "HKD", 1000n);
    assert.equal(await ledger.pay(payment("p1", 0, 1, 300n)), "ok");
    assert.equal(await ledger.balanceOf(account(0), "HKD"), 700n);
    assert.equal(await ledger.balanceOf(account(1), "HKD"), 1300n);
    assert.equal(await ledger.pay(payment("p2", 0, 1, 701n)), "insufficient_funds");
    assert.equal(await ledger.pay(payment("p3", 0, 9, 1n)), "account_not_found");
    assert.equal(await ledger.pay(payment("p4", 9, 0, 1n)), "account_not_found");
    assert.equal(await ledger.pay(payment("p5", 0, 0, 1n)), "invalid");
    await assert.rejects(ledger.pay(payment("p1", 1, 0, 5n)), (error: unknown) => {
      assert.ok(error instanceof PostgresPaymentError);
      assert.equal(error.code, "duplicate");
      return true;
    });
    assert.deepEqual(await ledger.totals("HKD"), { balanceMinor: 2000n, journalRows: 1 });
    assert.equal(await ledger.balanceOf(account(0), "HKD"), 700n);
    const settings = await ledger.settings();
    assert.equal(settings["fsync"], "on");
    assert.equal(settings["synchronous_commit"], "on");
    assert.equal(settings["default_transaction_isolation"], "serializable");
  } finally {
    await ledger.close();
  }
});

test("concurrent payments to hot merchants: no lost update, no money created", async (t) => {
  if (server === undefined) return t.skip(unavailable);
  const ledger = new PostgresLedger(server, 8);
  try {
    const accounts = 50;
    const hot = 2;
    await ledger.setup(
      Array.from({ length: accounts }, (_, i) => account(i)),
      "HKD",
      10_000n,
    );
    const prng = new Prng(11);
    const payments = Array.from({ length: 400 }, (_, i) => {
      const from = hot + prng.int(accounts - hot);
      let to = prng.chancePpm(800_000) ? prng.int(hot) : hot + prng.int(accounts - hot);
      if (to === from) to = 0;
      return payment(`c${i}`, from, to, BigInt(prng.between(1, 50)));
    });
    const results = await Promise.all(payments.map((p) => ledger.pay(p)));
    assert.ok(
      results.every((r) => r === "ok"),
      JSON.stringify(results.filter((r) => r !== "ok")),
    );
    assert.deepEqual(await ledger.totals("HKD"), {
      balanceMinor: BigInt(accounts) * 10_000n,
      journalRows: payments.length,
    });
    for (let m = 0; m < hot; m++) {
      const received = payments
        .filter((p) => p.payee === account(m))
        .reduce((sum, p) => sum + p.amountMinor, 0n);
      assert.equal(await ledger.balanceOf(account(m), "HKD"), 10_000n + received);
    }
  } finally {
    await ledger.close();
  }
});

test("pay() refuses to run under a weaker isolation level", async (t) => {
  if (server === undefined) return t.skip(unavailable);
  const ledger = new PostgresLedger(server, 1);
  await ledger.setup([account(0), account(1)], "HKD", 10n);
  await ledger.close();
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    database: server.database,
  });
  await client.connect();
  try {
    await assert.rejects(
      client.query("SELECT pay('x', $1, $2, 'HKD', 1)", [account(0), account(1)]),
      /must run in a SERIALIZABLE transaction, not read committed/,
    );
  } finally {
    await client.end();
  }
});
