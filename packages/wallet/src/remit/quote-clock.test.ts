// Goal: a firm quote is offered only while a remittance can still reach a block before it
// lapses, and asked again then — counted on the device's clock from the quote's arrival, so a
// clock that is off neither hides a live quote nor requotes in a loop; an indicative one is read
// again now and then; nothing is asked again while a payment is being sent.
// Method: fixed times, no clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  INDICATIVE_REFRESH_MS,
  REQUOTE_BEFORE_MS,
  msToLapse,
  msUntilRequote,
  requoteDelay,
  secondsToSend,
} from "./quote-clock.ts";

const T0 = Date.parse("2026-03-01T08:00:00.000Z");
/** Held at T0 for 60 s of agreed time, and answered at once. */
const firm = { firm: true, expiresAt: "2026-03-01T08:01:00.000Z", expiresInMs: 60_000 };

test("a firm quote is asked again just before it lapses, and counts down the seconds to send", () => {
  assert.equal(msUntilRequote(firm, T0, T0), 60_000 - REQUOTE_BEFORE_MS);
  assert.equal(msUntilRequote(firm, T0, T0 + 60_000), 0, "never negative");
  assert.equal(secondsToSend(firm, T0, T0), (60_000 - REQUOTE_BEFORE_MS) / 1000);
  assert.equal(secondsToSend(firm, T0, T0 + 55_500), 1, "part of a second counts as one");
  assert.equal(secondsToSend(firm, T0, T0 + 56_000), 0);
  assert.equal(secondsToSend(firm, T0, T0 + 90_000), 0);
  assert.equal(msToLapse(firm, T0, T0 + 10_000), 50_000);
});

test("the device's clock being off changes nothing: the countdown runs from the arrival", () => {
  for (const offMs of [60_000, -60_000, 3_600_000]) {
    // The phone reads T0 + off when the quote arrives, and counts from there.
    const arrived = T0 + offMs;
    assert.equal(msUntilRequote(firm, arrived, arrived), 60_000 - REQUOTE_BEFORE_MS, `${offMs}`);
    assert.equal(secondsToSend(firm, arrived, arrived + 20_000), 36, `${offMs}`);
  }
  // A quote that spent 15 s on the way has 45 s left when it arrives.
  const late = { ...firm, expiresInMs: 45_000 };
  assert.equal(msToLapse(late, T0 + 15_000, T0 + 15_000), 45_000);
});

test("a gateway that gives no remaining life leaves the agreed expiry to go by", () => {
  const { expiresInMs: _, ...old } = firm;
  assert.equal(msUntilRequote(old, T0, T0), 60_000 - REQUOTE_BEFORE_MS);
  assert.equal(secondsToSend({ firm: true, expiresAt: "not a time" }, T0, T0), 0, "unreadable");
  assert.equal(msUntilRequote({ firm: true, expiresAt: "not a time" }, T0, T0), 0);
});

test("an indicative quote is read again after a while, from when it arrived", () => {
  assert.equal(msUntilRequote({ firm: false }, T0, T0 + 1_000), INDICATIVE_REFRESH_MS - 1_000);
  assert.equal(msUntilRequote({ firm: false }, T0, T0 + INDICATIVE_REFRESH_MS + 1), 0);
});

test("no quote is asked again while paused; once resumed, a lapsed one is asked at once", () => {
  assert.equal(requoteDelay(firm, T0, T0, true), undefined);
  assert.equal(requoteDelay({ firm: false }, T0, T0, true), undefined);
  assert.equal(requoteDelay(firm, T0, T0 + 70_000, false), 0);
  assert.equal(requoteDelay(firm, T0, T0, false), 60_000 - REQUOTE_BEFORE_MS);
});
