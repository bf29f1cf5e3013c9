// Goal: subscriber queues are bounded: a consumer that falls behind is dropped with a reason and
// counted; delivery waits for a listener's promise (back-pressure) and keeps order; a throwing
// listener is removed; the registry refuses subscribers past its bound.
// Method: SubscriberRegistry with small bounds and hand-made listeners; delivery runs on
// setImmediate, so tests await a turn of the event loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SubscriptionEvent, SubscriptionListener } from "@tongbao/api";
import { SubscriberRegistry } from "./subscribers.ts";

const turn = () => new Promise((resolve) => setImmediate(resolve));
const event = (height: number): SubscriptionEvent => ({
  type: "block",
  blockId: "00".repeat(32),
  height,
  timestamp: "2026-01-01T00:00:00.000Z",
  transactions: 0,
  appHash: "00".repeat(32),
  stateRoot: "00".repeat(32),
});

function registry(subscribersMax = 10, queueMax = 3) {
  const dropped: string[] = [];
  return {
    dropped,
    subscribers: new SubscriberRegistry(subscribersMax, queueMax, {
      dropped: (r) => dropped.push(r),
    }),
  };
}

test("events arrive in order; a listener's promise holds back the next ones", async () => {
  const { subscribers } = registry();
  const seen: number[] = [];
  let release: () => void = () => {};
  const listener: SubscriptionListener = {
    event: (e) => {
      seen.push((e as { height: number }).height);
      if (seen.length === 1) return new Promise<void>((resolve) => (release = resolve));
      return undefined;
    },
    dropped: () => assert.fail("not dropped"),
  };
  subscribers.add({ kind: "blocks" }, listener);
  for (const h of [1, 2, 3]) subscribers.publish({ kind: "blocks" }, event(h));
  await turn();
  assert.deepEqual(seen, [1]);
  release();
  await turn();
  assert.deepEqual(seen, [1, 2, 3]);
});

test("a consumer that falls further behind than its queue is dropped as slow, and counted", async () => {
  const { subscribers, dropped } = registry(10, 3);
  const reasons: string[] = [];
  subscribers.add(
    { kind: "blocks" },
    {
      event: () => new Promise<void>(() => {}), // never ready again
      dropped: (reason) => reasons.push(reason),
    },
  );
  const fast: number[] = [];
  subscribers.add(
    { kind: "blocks" },
    { event: (e) => void fast.push((e as { height: number }).height), dropped: () => {} },
  );
  for (let h = 1; h <= 6; h++) {
    subscribers.publish({ kind: "blocks" }, event(h));
    await turn();
  }
  assert.deepEqual(reasons, ["slow_consumer"]);
  assert.deepEqual(dropped, ["slow_consumer"]);
  assert.equal(subscribers.size, 1);
  assert.deepEqual(fast, [1, 2, 3, 4, 5, 6]);
});

test("a listener that throws is removed; the registry refuses subscribers past its bound", async () => {
  const { subscribers, dropped } = registry(2, 3);
  subscribers.add(
    { kind: "blocks" },
    {
      event: () => {
        throw new Error("bug");
      },
      dropped: () => {},
    },
  );
  const other = subscribers.add(
    { kind: "account", id: "11".repeat(20) },
    { event: () => {}, dropped: () => {} },
  );
  assert.equal(
    subscribers.add({ kind: "blocks" }, { event: () => {}, dropped: () => {} }),
    undefined,
  );
  subscribers.publish({ kind: "blocks" }, event(1));
  await turn();
  assert.deepEqual(dropped, ["listener_error"]);
  assert.equal(subscribers.size, 1);
  other!.unsubscribe();
  assert.equal(subscribers.size, 0);
  assert.equal(subscribers.hasSubscribers({ kind: "blocks" }), false);
});

test("dropAll tells every subscriber why", () => {
  const { subscribers } = registry();
  const reasons: string[] = [];
  for (let i = 0; i < 3; i++)
    subscribers.add({ kind: "blocks" }, { event: () => {}, dropped: (r) => reasons.push(r) });
  subscribers.dropAll("shutdown", "stopping");
  assert.deepEqual(reasons, ["shutdown", "shutdown", "shutdown"]);
  assert.equal(subscribers.size, 0);
});
