// Goal: a WebSocket subscriber receives a committed block, an account's payment and a payment
// reference's status; bad messages are answered with an error and leave the connection usable;
// closing the server tells subscribers why.
// Method: a real server on 127.0.0.1 (ephemeral port) over a TestChain, a `ws` client; payments
// go through the HTTP API and blocks are produced by the harness.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { Amount, CurrencyCode, Hash } from "@tongbao/types";
import { ServerMessageSchema, type ServerMessage } from "./schemas.ts";
import { createApiServer } from "./server/index.ts";
import { TestChain, hexOf, keys } from "../test/chain.ts";
import { postJson } from "../test/contract.ts";

const serverMessage = TypeCompiler.Compile(ServerMessageSchema);

/** A client that keeps every message and lets a test wait for the next that matches. */
class Inbox {
  readonly messages: ServerMessage[] = [];
  private waiters: Array<{
    match: (m: ServerMessage) => boolean;
    resolve: (m: ServerMessage) => void;
  }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      assert.ok(
        serverMessage.Check(message),
        `server message matches its schema: ${data.toString()}`,
      );
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    });
    this.closed = new Promise((resolve) =>
      socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  next<T extends ServerMessage["type"]>(type: T): Promise<Extract<ServerMessage, { type: T }>> {
    const seen = this.messages.findIndex((m) => m.type === type);
    if (seen >= 0) return Promise.resolve(this.messages.splice(seen, 1)[0] as never);
    return new Promise((resolve) =>
      this.waiters.push({
        match: (m) => m.type === type,
        resolve: (m) => {
          this.messages.splice(this.messages.indexOf(m), 1);
          resolve(m as never);
        },
      }),
    );
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }
}

async function connect(url: string): Promise<Inbox> {
  const socket = new WebSocket(url);
  const inbox = new Inbox(socket);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return inbox;
}

test("subscribers receive blocks, account payments and a reference's status", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const inbox = await connect(`${address.replace("http", "ws")}/v1/subscribe`);
  const reference = "42".repeat(32) as Hash;

  inbox.send({ subscribe: "blocks" });
  inbox.send({ subscribe: "account", id: keys.merchant.account });
  inbox.send({ subscribe: "reference", id: reference });
  const acks = [
    await inbox.next("subscribed"),
    await inbox.next("subscribed"),
    await inbox.next("subscribed"),
  ];
  assert.deepEqual(acks.map((a) => a.topic.kind).sort(), ["account", "blocks", "reference"]);

  inbox.send("not json");
  assert.equal((await inbox.next("error")).error.code, "invalid_json");
  inbox.send({ subscribe: "account" });
  const missing = await inbox.next("error");
  assert.equal(missing.error.code, "invalid_request");
  assert.match(missing.error.message, /message\.id/);
  inbox.send({ subscribe: "everything" });
  assert.equal((await inbox.next("error")).error.code, "invalid_request");

  const payment = chain.sign(keys.alice, [
    {
      kind: "transfer",
      to: keys.merchant.account,
      currency: "HKD" as CurrencyCode,
      amount: 3_00n as Amount,
      reference,
    },
  ]);
  assert.equal(
    (await postJson(app, "/v1/transactions", { transaction: hexOf(payment) })).status,
    202,
  );
  chain.produceBlock();

  const block = await inbox.next("block");
  assert.equal(block.height, 1);
  assert.equal(block.transactions, 1);
  const account = await inbox.next("account");
  assert.equal(account.account, keys.merchant.account);
  assert.ok(account.entry.type === "transaction" && account.entry.hash === payment.hash);
  const paid = await inbox.next("reference");
  assert.deepEqual(
    { kind: paid.kind, hash: paid.hash, code: paid.codeName, to: paid.to, amount: paid.amount },
    {
      kind: "payment",
      hash: payment.hash,
      code: "ok",
      to: keys.merchant.account,
      amount: { amount: "3.00", currency: "HKD" },
    },
  );

  // The merchant refunds part of it: the reference's followers hear that too.
  const refund = chain.sign(keys.merchant, [
    { kind: "refund", reference, amount: 1_00n as Amount },
  ]);
  await postJson(app, "/v1/transactions", { transaction: hexOf(refund) });
  chain.produceBlock();
  await inbox.next("block");
  await inbox.next("account");
  const refunded = await inbox.next("reference");
  assert.deepEqual(
    [refunded.kind, refunded.hash, refunded.from, refunded.to, refunded.refundable],
    [
      "refund",
      refund.hash,
      keys.merchant.account,
      keys.alice.account,
      { amount: "2.00", currency: "HKD" },
    ],
  );

  // A payee that subscribes after the payment committed is told its latest news at once.
  const late = await connect(`${address.replace("http", "ws")}/v1/subscribe`);
  late.send({ subscribe: "reference", id: reference });
  await late.next("subscribed");
  assert.equal((await late.next("reference")).hash, refund.hash);

  inbox.send({ unsubscribe: "blocks" });
  assert.deepEqual((await inbox.next("unsubscribed")).topic, { kind: "blocks" });

  // Stopping the server tells subscribers why before closing their sockets.
  const closing = app.close();
  const dropped = await inbox.next("dropped");
  assert.equal(dropped.reason, "shutdown");
  assert.equal((await inbox.closed).code, 1001);
  await late.closed;
  await closing;
});

test("a connection may follow a bounded number of topics", async () => {
  const chain = new TestChain();
  const app = await createApiServer({
    services: chain.services,
    limits: { wsTopicsPerConnectionMax: 2 },
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const inbox = await connect(`${address.replace("http", "ws")}/v1/subscribe`);
  inbox.send({ subscribe: "blocks" });
  inbox.send({ subscribe: "account", id: keys.alice.account });
  inbox.send({ subscribe: "account", id: keys.bob.account });
  await inbox.next("subscribed");
  await inbox.next("subscribed");
  assert.equal((await inbox.next("error")).error.code, "subscriptions_too_many");
  inbox.socket.close();
  await inbox.closed;
  await app.close();
});

test("a subscriber the node drops as slow is told why and closed with 1013", async () => {
  const chain = new TestChain();
  // The services' side of a slow consumer: its queue overflowed, so the node drops it.
  const services = Object.create(chain.services) as typeof chain.services;
  services.subscribe = (_topic, listener) => {
    setImmediate(() => listener.dropped("slow_consumer", "more than 4096 events were waiting"));
    return { ok: true, unsubscribe: () => {} };
  };
  const app = await createApiServer({ services });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const inbox = await connect(`${address.replace("http", "ws")}/v1/subscribe`);
  inbox.send({ subscribe: "blocks" });
  await inbox.next("subscribed");
  const dropped = await inbox.next("dropped");
  assert.equal(dropped.reason, "slow_consumer");
  assert.equal((await inbox.closed).code, 1013);
  await app.close();
});
