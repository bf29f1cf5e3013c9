// Goal: a consortium of validator processes keeps one chain under real faults — payments
// submitted to different nodes commit everywhere with the same app hash; a validator killed
// with SIGKILL during load is not needed for progress, catches up after a restart, and every
// payment is applied exactly once; with two of four validators down the network halts without
// forking and resumes when one returns; the regulator's observer node keeps the same chain and
// its API reports the same state as a validator's.
// Method: `tongbao node start` child processes (tsx), mutual-TLS links on 127.0.0.1 and LMDB
// directories in a temp dir, driven over each node's IPC control channel (the same admission
// path the API uses). Clients retry with the same signed bytes, as real ones must. Every wait is
// for a condition, with a deadline that only a broken network reaches.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  ChainReader,
  LOAD_BALANCE_MINOR,
  assertSameChain,
  diagnose,
  logTail,
  makePayments,
  startTestDevnet,
  trySubmit,
  waitFor,
  type Payment,
  type TestDevnet,
} from "./support.ts";

/** Submits every payment (spread over the running nodes) until each has a receipt at `reader`. */
async function submitUntilCommitted(
  net: TestDevnet,
  payments: readonly Payment[],
  reader: ChainReader,
): Promise<void> {
  let round = 0;
  await waitFor(
    "every payment to commit",
    async () => {
      await reader.sync();
      const missing = payments.filter((p) => !reader.receipts.has(p.hash));
      if (missing.length === 0) return true;
      // A client that has no receipt yet resubmits the same bytes, to another node each time.
      const running = net.devnet.nodes.filter((n) => n.running);
      await trySubmit(running[round++ % running.length]!, missing.slice(0, 1000));
      await new Promise((resolve) => setTimeout(resolve, 400));
      return false;
    },
    90_000,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await diagnose(net)}`);
  });
}

async function getJson(url: string): Promise<Record<string, any>> {
  const response = await fetch(url);
  const body = (await response.json()) as Record<string, any>;
  assert.equal(response.status, 200, `${url}: ${JSON.stringify(body)}`);
  return body;
}

describe("a four-validator devnet", { concurrency: false }, () => {
  let net: TestDevnet;
  before(async () => {
    // With the regulator's observer: it is in `devnet.nodes`, so it receives payments to
    // forward and its chain and balances are checked with the validators'.
    net = await startTestDevnet({ validators: 4, senders: 8, observer: true, api: true });
  });
  after(async () => net?.close());

  test("commits payments submitted to different nodes; every node has the same chain", async () => {
    const payments = makePayments(net, 25);
    const nodes = net.devnet.nodes;
    const results = await Promise.all(
      nodes.map((node, i) =>
        node.submit(payments.filter((_, j) => j % nodes.length === i).map((p) => p.bytes)),
      ),
    );
    for (const result of results.flat()) assert.equal(result.status, "accepted", result.message);
    const readers = nodes.map((node) => new ChainReader(node));
    await submitUntilCommitted(net, payments, readers[0]!);
    const target = readers[0]!.height;
    await waitFor("every node at the same height", async () => {
      await Promise.all(readers.map((r) => r.sync()));
      return readers.every((r) => r.height >= target);
    });
    assert.ok(assertSameChain(readers) >= target);
    for (const reader of readers) {
      for (const p of payments) {
        assert.deepEqual(reader.receipts.get(p.hash)?.heights.length, 1, `${p.hash} applied once`);
        assert.equal(reader.receipts.get(p.hash)?.code, 0);
      }
    }
    const accounts = [net.receiver, ...net.senders.map((s) => s.accountId)];
    const expected = [
      LOAD_BALANCE_MINOR + 200n,
      ...net.senders.map(() => LOAD_BALANCE_MINOR - 25n),
    ];
    for (const node of nodes) assert.deepEqual(await node.balances(accounts, "HKD"), expected);
  });

  test("the regulator's observer API reports the same height and state root as a validator's after a payment", async () => {
    const observer = net.devnet.node("regulator");
    const validator = net.devnet.nodes[0]!;
    assert.ok(observer.apiUrl !== undefined && validator.apiUrl !== undefined);
    const status = await getJson(`${observer.apiUrl}/v1/status`);
    assert.deepEqual(status["node"], {
      name: "regulator",
      role: "observer",
      institution: "regulator",
    });
    // A payment submitted at the observer is forwarded to the validators, which commit it.
    const [payment] = makePayments(net, 1);
    const submitted = await fetch(`${observer.apiUrl}/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transaction: Buffer.from(payment!.bytes).toString("hex") }),
    });
    assert.equal(submitted.status, 202, await submitted.clone().text());
    await waitFor("the payment to commit at the observer", async () => {
      const tx = await getJson(`${observer.apiUrl}/v1/transactions/${payment!.hash}`);
      return tx["status"] === "committed";
    });
    const seen = await getJson(`${observer.apiUrl}/v1/status`);
    const height = Number(seen["height"]);
    await waitFor("the validator at that height", async () => {
      return Number((await getJson(`${validator.apiUrl}/v1/status`))["height"]) >= height;
    });
    const block = await getJson(`${validator.apiUrl}/v1/blocks/${height}`);
    assert.equal(block["blockId"], seen["blockId"]);
    assert.equal(block["result"]["appHash"], seen["appHash"]);
    assert.equal(block["result"]["stateRoot"], seen["stateRoot"]);
    const tx = await getJson(`${validator.apiUrl}/v1/transactions/${payment!.hash}`);
    assert.equal(tx["status"], "committed");
  });
});

describe("a validator killed with SIGKILL during load", { concurrency: false }, () => {
  let net: TestDevnet;
  before(async () => {
    net = await startTestDevnet({ validators: 4, senders: 10 });
  });
  after(async () => net?.close());

  test("is not needed for progress, catches up after a restart, and nothing is applied twice", async () => {
    const [a, b, c, victim] = net.devnet.nodes;
    const payments = makePayments(net, 40);
    const readerA = new ChainReader(a!);
    // Load: batches of 20 every 100 ms, to every node in turn, victim included.
    const batches: Payment[][] = [];
    for (let i = 0; i < payments.length; i += 20) batches.push(payments.slice(i, i + 20));
    let killedAtHeight = 0;
    for (const [i, batch] of batches.entries()) {
      if (i === Math.floor(batches.length / 3)) {
        await victim!.kill();
        killedAtHeight = (await a!.status()).height;
      }
      const node = net.devnet.nodes[i % 4]!;
      const results = await trySubmit(node, batch);
      // The victim is down: the client sends the same payments to another node.
      if (results === undefined) await trySubmit(net.devnet.nodes[(i + 1) % 3]!, batch);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Three of four validators hold more than two thirds of the power: they go on.
    await submitUntilCommitted(net, payments, readerA);
    assert.ok(readerA.height > killedAtHeight, "blocks were committed while the victim was down");

    // Payments accepted by the victim just before the kill may never have left it; they were
    // resubmitted above. Some clients also retry payments that did commit: still once each.
    await waitFor(
      "b to hold what a committed",
      async () => (await b!.status()).height >= readerA.height,
    );
    const retried = await b!.submit(payments.slice(0, 50).map((p) => p.bytes));
    for (const result of retried) assert.equal(result.status, "committed", result.message);

    const replaying: Array<{ height: number; of: number }> = [];
    const offReplaying = victim!.onLine((line) => {
      if (line.event === "replaying") {
        replaying.push({ height: Number(line["height"]), of: Number(line["of"]) });
      }
    });
    const restarted = await victim!.start();
    offReplaying();
    // The restart rebuilt its ledger from the stored blocks and said how far it got.
    const last = replaying.at(-1);
    assert.ok(last !== undefined, "the restarted validator reported replay progress");
    assert.equal(last.height, last.of);
    assert.equal(last.height, Number(restarted["height"]));
    const readers = [a!, b!, c!, victim!].map((node) => new ChainReader(node));
    const target = readerA.height;
    await waitFor(
      "the restarted validator to catch up",
      async () => {
        await Promise.all(readers.map((r) => r.sync()));
        return readers.every((r) => r.height >= target);
      },
      60_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await logTail(net, victim!.name)}`);
    });
    assert.ok(assertSameChain(readers) >= target);
    for (const reader of readers) {
      for (const p of payments) {
        assert.equal(reader.receipts.get(p.hash)?.heights.length, 1, `${p.hash} applied once`);
      }
    }
    const accounts = [net.receiver, ...net.senders.map((s) => s.accountId)];
    const expected = [
      LOAD_BALANCE_MINOR + BigInt(payments.length),
      ...net.senders.map(() => LOAD_BALANCE_MINOR - 40n),
    ];
    for (const node of [a!, b!, c!, victim!]) {
      assert.deepEqual(await node.balances(accounts, "HKD"), expected, `${node.name} balances`);
    }
  });
});

describe("two of four validators stopped", { concurrency: false }, () => {
  let net: TestDevnet;
  before(async () => {
    net = await startTestDevnet({ validators: 4, senders: 2 });
  });
  after(async () => net?.close());

  test("halts the network without a fork; it resumes when one returns", async () => {
    const [a, b, c, d] = net.devnet.nodes;
    await net.devnet.waitForHeight(3, 30_000);
    await c!.stop();
    await d!.kill();
    const readers = [new ChainReader(a!), new ChainReader(b!)];
    // Let whatever was already decided land, then watch: no quorum, no block.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await Promise.all(readers.map((r) => r.sync()));
    const halted = Math.max(...readers.map((r) => r.height));
    const payments = makePayments(net, 5);
    const accepted = await a!.submit(payments.map((p) => p.bytes));
    for (const result of accepted) assert.equal(result.status, "accepted", result.message);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await Promise.all(readers.map((r) => r.sync()));
    // A node may still fetch a block decided before the stop, but nothing beyond it is decided.
    assert.ok(
      readers.every((r) => r.height <= halted),
      `no block without more than two thirds of the power: ${readers.map((r) => r.height)} > ${halted}`,
    );
    assertSameChain(readers);

    await d!.start();
    readers.push(new ChainReader(d!));
    await submitUntilCommitted(net, payments, readers[0]!);
    await waitFor("three validators past the halt", async () => {
      await Promise.all(readers.map((r) => r.sync()));
      return readers.every((r) => r.height > halted + 1);
    });
    await c!.start();
    readers.push(new ChainReader(c!));
    const target = readers[0]!.height;
    await waitFor("the fourth to catch up", async () => {
      await Promise.all(readers.map((r) => r.sync()));
      return readers.every((r) => r.height >= target);
    });
    assert.ok(assertSameChain(readers) >= target);
    for (const reader of readers) {
      for (const p of payments) assert.equal(reader.receipts.get(p.hash)?.heights.length, 1);
    }
  });
});
