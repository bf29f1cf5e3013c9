// Goal: the safety module never lets this validator sign two conflicting messages, even across
// restarts, and persists before it signs; its stored data has one canonical encoding.
// Method: the shared safety suite against the in-memory store, plus codec round-trips and
// refusals of altered bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Height, Round } from "@tongbao/types";
import { DecodeError } from "@tongbao/codec";
import { safetySuite } from "./safety.suite.ts";
import {
  MemorySafetyStore,
  decodeSafetyData,
  encodeSafetyData,
  type SafetyData,
  type SignedStep,
} from "./safety-data.ts";

/** fast-check may build null-prototype records, which strict deep equality tells apart. */
const record: typeof fc.record = ((model: never, constraints?: object) =>
  fc.record(model, { ...constraints, noNullPrototype: true } as never)) as typeof fc.record;

safetySuite("memory store", () => {
  const store = new MemorySafetyStore();
  return { open: () => store };
});

const safetyData: fc.Arbitrary<SafetyData> = record(
  {
    last: record({
      height: fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((n) => n as Height),
      round: fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => n as Round),
      step: fc.constantFrom<SignedStep>(0, 1, 2),
      payload: fc.uint8Array({ maxLength: 256 }),
    }),
    lock: record({
      height: fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((n) => n as Height),
      round: fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => n as Round),
      blockId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    }),
  },
  { requiredKeys: [] },
);

test("safety data round-trips through its encoding", () => {
  fc.assert(
    fc.property(safetyData, (data) => {
      assert.deepEqual(decodeSafetyData(encodeSafetyData(data)), data);
    }),
  );
});

test("altered safety data bytes are refused, not misread", () => {
  const bytes = encodeSafetyData({
    last: { height: 1 as Height, round: 0 as Round, step: 1, payload: new Uint8Array([1]) },
  });
  const bad = [
    new Uint8Array([...bytes, 0]), // trailing byte
    bytes.subarray(0, bytes.length - 1), // truncated
    new Uint8Array([2, ...bytes.subarray(1)]), // unknown version
    Uint8Array.from(bytes, (b, i) => (i === 1 ? 2 : b)), // "has last" flag not 0/1
  ];
  for (const input of bad) assert.throws(() => decodeSafetyData(input), DecodeError);
});
