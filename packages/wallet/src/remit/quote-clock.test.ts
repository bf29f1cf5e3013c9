// Goal: a firm quote is offered only while a remittance can still reach a block before it
// lapses, and asked again then; an indicative one is read again now and then.
// Method: fixed times, no clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  INDICATIVE_REFRESH_MS,
  REQUOTE_BEFORE_MS,
  msUntilRequote,
  secondsToSend,
} from "./quote-clock.ts";

const T0 = Date.parse("2026-03-01T08:00:00.000Z");
const firm = { firm: true, expiresAt: "2026-03-01T08:01:00.000Z" };

test("a firm quote is asked again just before it lapses, and counts down the seconds to send", () => {
  assert.equal(msUntilRequote(firm, T0, T0), 60_000 - REQUOTE_BEFORE_MS);
  assert.equal(msUntilRequote(firm, T0, T0 + 60_000), 0, "never negative");
  assert.equal(secondsToSend(firm.expiresAt, T0), (60_000 - REQUOTE_BEFORE_MS) / 1000);
  assert.equal(secondsToSend(firm.expiresAt, T0 + 55_500), 1, "part of a second counts as one");
  assert.equal(secondsToSend(firm.expiresAt, T0 + 56_000), 0);
  assert.equal(secondsToSend(firm.expiresAt, T0 + 90_000), 0);
  assert.equal(secondsToSend("not a time", T0), 0, "an unreadable expiry is not sent with");
});

test("an indicative quote is read again after a while, from when it arrived", () => {
  assert.equal(msUntilRequote({ firm: false }, T0, T0 + 1_000), INDICATIVE_REFRESH_MS - 1_000);
  assert.equal(msUntilRequote({ firm: false }, T0, T0 + INDICATIVE_REFRESH_MS + 1), 0);
});
