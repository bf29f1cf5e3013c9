// Goal: the simulated network does exactly the faults it is configured for — delays within
// bounds, drops, duplicates, reordering, one-byte corruption, symmetric and one-way partitions
// that also cut packets in flight, and heals — and does them identically for the same seed.
// Method: a SimNetwork over an EventQueue with a recording deliver callback; extreme rates
// (0 or 1 000 000 ppm) make each fault certain or absent, so every assertion is exact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Prng } from "@tongbao/std";
import { EventQueue } from "./event-queue.ts";
import { CALM_LINKS, SimNetwork, type LinkFaults, type Packet } from "./network.ts";

interface Delivery {
  readonly from: number;
  readonly to: number;
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

function setup(faults: Partial<LinkFaults> = {}, seed = 1, size = 4) {
  const queue = new EventQueue();
  const delivered: Delivery[] = [];
  const net = new SimNetwork(
    size,
    new Prng(seed),
    queue,
    (from, to, packet) => delivered.push({ from, to, atMs: queue.nowMs, bytes: packet.bytes }),
    { ...CALM_LINKS, ...faults },
  );
  const drain = () => {
    while (queue.runNext(Number.MAX_SAFE_INTEGER));
  };
  return { queue, net, delivered, drain };
}

const packet = (n: number): Packet => ({ channel: "consensus", bytes: Uint8Array.of(n, n, n) });

test("calm links deliver every packet once, after a delay within the bounds", () => {
  const { net, delivered, drain } = setup({ delayMsMin: 5, delayMsMax: 9 });
  for (let i = 0; i < 100; i++) net.send(0, 1 + (i % 3), packet(i));
  drain();
  assert.equal(delivered.length, 100);
  for (const d of delivered) assert.ok(d.atMs >= 5 && d.atMs <= 9, `delay ${d.atMs}`);
  assert.deepEqual(
    delivered.map((d) => d.bytes[0]).sort((a, b) => a! - b!),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.equal(net.stats.delivered, 100);
});

test("a node never sends to itself", () => {
  const { net, delivered, drain } = setup();
  net.send(2, 2, packet(1));
  drain();
  assert.equal(delivered.length, 0);
  assert.equal(net.stats.sent, 0);
});

test("drop: at 100 % nothing arrives; at 0 % everything does", () => {
  const lossy = setup({ dropPpm: 1_000_000 });
  for (let i = 0; i < 50; i++) lossy.net.send(0, 1, packet(i));
  lossy.drain();
  assert.equal(lossy.delivered.length, 0);
  assert.equal(lossy.net.stats.dropped, 50);
});

test("duplicate: at 100 % every packet arrives twice", () => {
  const { net, delivered, drain } = setup({ duplicatePpm: 1_000_000 });
  for (let i = 0; i < 20; i++) net.send(0, 1, packet(i));
  drain();
  assert.equal(delivered.length, 40);
  for (let i = 0; i < 20; i++) assert.equal(delivered.filter((d) => d.bytes[0] === i).length, 2);
});

test("reorder: held-back packets are overtaken by later ones", () => {
  // Without reordering, equal delays deliver in send order (ties run in scheduling order).
  const { net, delivered, drain } = setup({
    delayMsMin: 1,
    delayMsMax: 1,
    reorderPpm: 500_000,
    reorderMsMax: 1_000,
  });
  for (let i = 0; i < 50; i++) net.send(0, 1, packet(i));
  drain();
  assert.equal(delivered.length, 50);
  const order = delivered.map((d) => d.bytes[0]!);
  assert.notDeepEqual(
    order,
    [...order].sort((a, b) => a - b),
    "some packet was overtaken",
  );
});

test("corrupt: at 100 % each delivered copy differs from what was sent in exactly one byte", () => {
  const { net, delivered, drain } = setup({ corruptPpm: 1_000_000 });
  const sent = Uint8Array.from({ length: 32 }, (_, i) => i);
  net.send(0, 1, { channel: "tx", bytes: sent });
  drain();
  assert.equal(delivered.length, 1);
  const got = delivered[0]!.bytes;
  assert.equal(got.length, sent.length);
  assert.equal(got.filter((b, i) => b !== sent[i]).length, 1);
  assert.deepEqual(
    sent,
    Uint8Array.from({ length: 32 }, (_, i) => i),
    "the sender's copy is intact",
  );
});

test("isolate cuts a node off both ways; heal restores it and names the restored links", () => {
  const { net, delivered, drain } = setup();
  net.isolate(2);
  net.send(2, 0, packet(1));
  net.send(0, 2, packet(2));
  net.send(0, 1, packet(3));
  drain();
  assert.deepEqual(
    delivered.map((d) => [d.from, d.to]),
    [[0, 1]],
  );
  const restored = net.heal();
  assert.equal(restored.length, 6, "3 peers × 2 directions");
  assert.ok(restored.some(([a, b]) => a === 2 && b === 0));
  net.send(2, 0, packet(4));
  drain();
  assert.deepEqual(delivered.at(-1)!.bytes[0], 4);
  assert.equal(net.partitioned, false);
});

test("a symmetric partition lets nodes talk only within their group", () => {
  const { net, delivered, drain } = setup();
  net.partition([
    [0, 1],
    [2, 3],
  ]);
  for (let from = 0; from < 4; from++) for (let to = 0; to < 4; to++) net.send(from, to, packet(0));
  drain();
  assert.deepEqual(delivered.map((d) => [d.from, d.to]).sort(), [
    [0, 1],
    [1, 0],
    [2, 3],
    [3, 2],
  ]);
  assert.throws(() => net.partition([[0, 1], [2]]), /every node belongs to a group/);
});

test("a one-way cut drops one direction only", () => {
  const { net, delivered, drain } = setup();
  net.cutOneWay([0], [1, 2]);
  net.send(0, 1, packet(1));
  net.send(1, 0, packet(2));
  net.send(0, 3, packet(3));
  net.send(2, 0, packet(4));
  drain();
  assert.deepEqual(delivered.map((d) => d.bytes[0]).sort(), [2, 3, 4]);
});

test("a cut made while a packet is in flight loses it", () => {
  const { net, queue, delivered, drain } = setup({ delayMsMin: 50, delayMsMax: 50 });
  net.send(0, 1, packet(1));
  while (queue.runNext(10));
  queue.advanceTo(10);
  net.isolate(1);
  drain();
  assert.equal(delivered.length, 0);
  assert.equal(net.stats.cut, 1);
});

test("the same seed gives the same deliveries; another seed does not", () => {
  const run = (seed: number) => {
    const { net, delivered, drain } = setup(
      { dropPpm: 200_000, duplicatePpm: 200_000, delayMsMin: 1, delayMsMax: 100 },
      seed,
    );
    for (let i = 0; i < 200; i++) net.send(i % 4, (i + 1 + (i % 3)) % 4, packet(i & 0xff));
    drain();
    return delivered.map((d) => `${d.from}>${d.to}@${d.atMs}:${d.bytes[0]}`).join(" ");
  };
  assert.equal(run(7), run(7));
  assert.notEqual(run(7), run(8));
});

test("fault rates are checked", () => {
  const { net } = setup();
  assert.throws(() => net.setFaults({ dropPpm: 1_000_001 }), /at most/);
  assert.throws(() => net.setFaults({ delayMsMin: 0 }), /delays/);
  assert.throws(() => net.setFaults({ delayMsMin: 10, delayMsMax: 5 }), /delays/);
});
