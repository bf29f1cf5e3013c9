// Goal: every signed or hashed structure has exactly one encoding, and decoders refuse the rest.
// Method: fast-check round-trips for headers, votes, proposals and wire messages; hand-made
// non-canonical variants (trailing bytes, bad version, bad tags, bad booleans) must throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DecodeError } from "@tongbao/codec";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import {
  blockIdOf,
  decodeHeader,
  decodeMessage,
  decodeProposal,
  decodeVote,
  encodeHeader,
  encodeMessage,
  encodeProposal,
  encodeVote,
  type BlockHeader,
  type ConsensusMessage,
  type Proposal,
  type Vote,
} from "./messages.ts";
import { signingBytes } from "./signing.ts";

/** fast-check may build null-prototype records, which strict deep equality tells apart. */
const record: typeof fc.record = ((model: never, constraints?: object) =>
  fc.record(model, { ...constraints, noNullPrototype: true } as never)) as typeof fc.record;

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const height = fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((n) => n as Height);
const round = fc.integer({ min: 0, max: 2 ** 32 - 2 }).map((n) => n as Round);
const index = fc.integer({ min: 0, max: 0xffff });

const header: fc.Arbitrary<BlockHeader> = record({
  height,
  round,
  timestampMs: fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((n) => n as TimestampMs),
  parentId: hash,
  payloadHash: hash,
  appHash: hash,
  proposerIndex: index,
});

const vote: fc.Arbitrary<Vote> = record({
  type: fc.constantFrom("prevote" as const, "precommit" as const),
  height,
  round,
  blockId: fc.option(hash, { nil: null }),
  validatorIndex: index,
});

const proposal: fc.Arbitrary<Proposal> = record({
  height,
  round,
  validRound: fc.integer({ min: -1, max: 2 ** 32 - 2 }),
  blockId: hash,
  proposerIndex: index,
});

const signature = fc.uint8Array({ minLength: 64, maxLength: 64 });

const message: fc.Arbitrary<ConsensusMessage> = fc.oneof(
  record({
    kind: fc.constant("vote" as const),
    signed: record({ vote, signature }),
  }),
  record({
    kind: fc.constant("proposal" as const),
    signed: record({ proposal, signature }),
    block: record({ header, payload: fc.uint8Array({ maxLength: 300 }) }),
  }),
);

test("headers, votes, proposals and messages round-trip", () => {
  fc.assert(fc.property(header, (h) => assert.deepEqual(decodeHeader(encodeHeader(h)), h)));
  fc.assert(fc.property(vote, (v) => assert.deepEqual(decodeVote(encodeVote(v)), v)));
  fc.assert(fc.property(proposal, (p) => assert.deepEqual(decodeProposal(encodeProposal(p)), p)));
  fc.assert(fc.property(message, (m) => assert.deepEqual(decodeMessage(encodeMessage(m)), m)));
});

test("decoders refuse appended, truncated and re-tagged bytes", () => {
  fc.assert(
    fc.property(message, fc.integer({ min: 0, max: 255 }), (m, extra) => {
      const bytes = encodeMessage(m);
      assert.throws(() => decodeMessage(new Uint8Array([...bytes, extra])), DecodeError);
      assert.throws(() => decodeMessage(bytes.subarray(0, bytes.length - 1)), DecodeError);
      const version = bytes.slice();
      version[0] = 2;
      assert.throws(() => decodeMessage(version), DecodeError);
      const kind = bytes.slice();
      kind[1] = 3;
      assert.throws(() => decodeMessage(kind), DecodeError);
    }),
  );
});

test("a vote's nil flag must be 0 or 1, and a nil vote carries no block id", () => {
  const nil = encodeVote({
    type: "prevote",
    height: 1 as Height,
    round: 0 as Round,
    blockId: null,
    validatorIndex: 2,
  });
  // Layout: version, type, height (8), round (4), has-block flag at offset 14.
  assert.equal(nil[14], 0);
  const two = nil.slice();
  two[14] = 2;
  assert.throws(() => decodeVote(two), DecodeError);
  const badType = nil.slice();
  badType[1] = 0;
  assert.throws(() => decodeVote(badType), DecodeError);
});

test("the block id is the tagged hash of the header, so any field change changes it", () => {
  fc.assert(
    fc.property(header, fc.integer({ min: 0, max: 255 }), (h, proposerIndex) => {
      fc.pre(proposerIndex !== h.proposerIndex);
      assert.notDeepEqual(blockIdOf({ ...h, proposerIndex }), blockIdOf(h));
    }),
  );
});

test("signing bytes separate chains and purposes", () => {
  const payload = new Uint8Array([1, 2, 3]);
  const a = signingBytes("chain-a", "vote", payload);
  assert.notDeepEqual(a, signingBytes("chain-b", "vote", payload));
  assert.notDeepEqual(a, signingBytes("chain-a", "proposal", payload));
});
