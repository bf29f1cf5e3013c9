// Goal: a peer's outbound queue never exceeds its byte and frame bounds; gossip gives way
// (oldest first) and consensus is never silently dropped — it overflows, and the link resets.
// Method: one case per rule with tiny bounds, then fast-check runs random pushes and shifts and
// checks the bounds, the accounting and per-channel order against a model after every step.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { FRAME_HEADER_BYTES } from "./limits.ts";
import { OutboundQueue, type OutboundFrame } from "./outbound-queue.ts";
import { Channel, isDroppable } from "./transport.ts";

const frame = (channel: Channel, tag: number, bytes = 10): OutboundFrame => ({
  channel,
  payload: new Uint8Array(bytes).fill(tag),
});
const tagOf = (f: OutboundFrame | undefined): number | undefined => f?.payload[0];
const size = (bytes: number): number => FRAME_HEADER_BYTES + bytes;

test("critical frames leave first; each lane keeps its order", () => {
  const queue = new OutboundQueue(1000, 10);
  queue.push(frame(Channel.Transactions, 1), true);
  queue.push(frame(Channel.Consensus, 2), false);
  queue.push(frame(Channel.Transactions, 3), true);
  queue.push(frame(Channel.BlockResponse, 4), false);
  assert.deepEqual(
    [1, 2, 3, 4].map(() => tagOf(queue.shift())),
    [2, 4, 1, 3],
  );
  assert.equal(queue.shift(), undefined);
  assert.equal(queue.bytes, 0);
});

test("when full, the oldest gossip is evicted for a newer frame of any kind", () => {
  const queue = new OutboundQueue(3 * size(10), 10);
  queue.push(frame(Channel.Transactions, 1), true);
  queue.push(frame(Channel.Transactions, 2), true);
  queue.push(frame(Channel.Consensus, 3), false);
  assert.deepEqual(queue.push(frame(Channel.Consensus, 4), false), { kind: "queued", evicted: 1 });
  assert.deepEqual(queue.push(frame(Channel.Transactions, 5), true), {
    kind: "queued",
    evicted: 1,
  });
  assert.deepEqual(
    [1, 2, 3].map(() => tagOf(queue.shift())),
    [3, 4, 5],
  );
});

test("the frame bound evicts like the byte bound", () => {
  const queue = new OutboundQueue(10_000, 2);
  queue.push(frame(Channel.Transactions, 1), true);
  queue.push(frame(Channel.Consensus, 2), false);
  assert.deepEqual(queue.push(frame(Channel.Consensus, 3), false), { kind: "queued", evicted: 1 });
  assert.equal(queue.frames, 2);
});

test("gossip that cannot fit beside critical frames is dropped, the queue unchanged", () => {
  const queue = new OutboundQueue(2 * size(10), 10);
  queue.push(frame(Channel.Consensus, 1), false);
  queue.push(frame(Channel.Consensus, 2), false);
  assert.deepEqual(queue.push(frame(Channel.Transactions, 3), true), { kind: "dropped" });
  assert.equal(queue.frames, 2);
  assert.equal(queue.bytes, 2 * size(10));
});

test("a frame that cannot fit even without the gossip evicts nothing", () => {
  const queue = new OutboundQueue(3 * size(10), 10);
  queue.push(frame(Channel.Consensus, 1), false);
  queue.push(frame(Channel.Transactions, 2), true);
  assert.deepEqual(queue.push(frame(Channel.Transactions, 3, 40), true), { kind: "dropped" });
  assert.deepEqual(queue.push(frame(Channel.Consensus, 4, 40), false), { kind: "overflow" });
  assert.deepEqual(
    [1, 2].map(() => tagOf(queue.shift())),
    [1, 2],
  );
});

test("a critical frame that cannot fit is an overflow, never a silent drop", () => {
  const queue = new OutboundQueue(2 * size(10), 2);
  queue.push(frame(Channel.Consensus, 1), false);
  queue.push(frame(Channel.BlockRequest, 2), false);
  // Full of critical frames, by bytes and by count: the caller must reset the link.
  assert.deepEqual(queue.push(frame(Channel.Consensus, 3, 0), false), { kind: "overflow" });
  assert.deepEqual(
    [1, 2].map(() => tagOf(queue.shift())),
    [1, 2],
  );
});

test("random pushes and shifts keep the bounds, the accounting and each channel's order", () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant("push" as const),
      channel: fc.constantFrom(...Object.values(Channel)),
      bytes: fc.integer({ min: 0, max: 40 }),
    }),
    fc.constant({ kind: "shift" as const }),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: size(40), max: 400 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(op, { maxLength: 200 }),
      (bytesMax, framesMax, ops) => {
        const queue = new OutboundQueue(bytesMax, framesMax);
        // Model: frames in the queue, by sequence number; and the last sequence seen per channel.
        const queued = new Map<number, OutboundFrame>();
        const lastOut = new Map<Channel, number>();
        let sequence = 0;
        const seqOf = new Map<Uint8Array, number>();
        for (const step of ops) {
          if (step.kind === "push") {
            const f = { channel: step.channel, payload: new Uint8Array(step.bytes) };
            seqOf.set(f.payload, sequence++);
            const outcome = queue.push(f, isDroppable(step.channel));
            if (outcome.kind === "queued") queued.set(seqOf.get(f.payload)!, f);
            if (outcome.kind === "overflow") assert.ok(!isDroppable(step.channel));
            if (outcome.kind === "dropped") assert.ok(isDroppable(step.channel));
            if (outcome.kind === "queued" && outcome.evicted > 0) {
              // Evicted frames are the oldest gossip.
              const gossip = [...queued.entries()].filter(([, q]) => isDroppable(q.channel));
              for (const [seq] of gossip.slice(0, outcome.evicted)) queued.delete(seq);
            }
          } else {
            const f = queue.shift();
            if (f === undefined) {
              assert.equal(queued.size, 0);
              continue;
            }
            const seq = seqOf.get(f.payload)!;
            assert.ok(queued.delete(seq), "shifted a frame that was queued");
            assert.ok((lastOut.get(f.channel) ?? -1) < seq, "channel order kept");
            lastOut.set(f.channel, seq);
            if (isDroppable(f.channel)) {
              assert.ok(
                [...queued.values()].every((q) => isDroppable(q.channel)),
                "critical first",
              );
            }
          }
          const modelBytes = [...queued.values()].reduce(
            (sum, q) => sum + size(q.payload.length),
            0,
          );
          assert.equal(queue.bytes, modelBytes);
          assert.equal(queue.frames, queued.size);
          assert.ok(queue.bytes <= bytesMax && queue.frames <= framesMax);
        }
      },
    ),
  );
});
