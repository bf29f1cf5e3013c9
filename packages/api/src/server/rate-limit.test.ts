// Goal: the token bucket lets a client spend its burst, refills at its rate, says how long to
// wait, charges costs above one, and forgets the least recently seen client past its bound.
// Method: a hand-driven clock; no real time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RateLimiter } from "./rate-limit.ts";

function limiter(clientsMax = 10) {
  const clock = { nowMs: 0 };
  const limits = new RateLimiter({ perSecond: 2, burst: 4, clientsMax }, () => clock.nowMs);
  return { clock, limits };
}

test("a burst, then one request per refill, with the wait until the next token", () => {
  const { clock, limits } = limiter();
  for (let i = 0; i < 4; i++) assert.deepEqual(limits.take("a"), { ok: true });
  assert.deepEqual(limits.take("a"), { ok: false, retryAfterMs: 500 });
  clock.nowMs = 250;
  assert.deepEqual(limits.take("a"), { ok: false, retryAfterMs: 250 });
  clock.nowMs = 500;
  assert.deepEqual(limits.take("a"), { ok: true });
  // Another address has its own bucket.
  assert.deepEqual(limits.take("b"), { ok: true });
});

test("a cost above one takes that many tokens; a refusal takes none", () => {
  const { clock, limits } = limiter();
  assert.deepEqual(limits.take("a", 3), { ok: true });
  assert.deepEqual(limits.take("a", 3), { ok: false, retryAfterMs: 1000 });
  assert.deepEqual(limits.take("a", 1), { ok: true });
  clock.nowMs = 60_000;
  assert.deepEqual(limits.take("a", 4), { ok: true });
});

test("memory is bounded: the least recently seen client is forgotten", () => {
  const { limits } = limiter(2);
  for (let i = 0; i < 4; i++) limits.take("a");
  limits.take("b");
  limits.take("c");
  assert.equal(limits.clients, 2);
  // "a" was forgotten and starts again with a full bucket.
  assert.deepEqual(limits.take("a"), { ok: true });
});
