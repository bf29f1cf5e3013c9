// Goal: bad input is reported and dropped (never thrown), equivocation becomes evidence, early
// messages wait for their height, and a restarted validator resumes without equivocating.
// Method: one engine of a 4-validator network fed crafted, corrupted, duplicated, early and
// replayed messages; restarts rebuild engine and safety module from the same store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { taggedHash } from "@tongbao/codec";
import { concatBytes, equalBytes } from "@tongbao/std";
import {
  ConsensusEngine,
  MemorySafetyStore,
  blockIdOf,
  encodeMessage,
  encodeProposal,
  encodeVote,
  signingBytes,
  VOTE_VALUES_PER_VALIDATOR_MAX,
  type ConsensusAction,
  type ParentInfo,
} from "../index.ts";
import { ed25519Verifier, testKey } from "../../test/keys.ts";
import {
  CHAIN_ID,
  T0,
  TestApplication,
  broadcastVotes,
  feed,
  fromPeer,
  h,
  makeBlock,
  makeEngine,
  ofKind,
  proposalBytes,
  r,
  start,
  testNetwork,
  timeout,
  voteBytes,
} from "../../test/fixtures.ts";

const net = testNetwork();
const B = makeBlock(net);
const idB = blockIdOf(B.header);

function reasons(actions: readonly ConsensusAction[]) {
  return ofKind(actions, "peer-misbehaved").map((a) => [a.peer, a.reason]);
}

test("M: malformed bytes, bad signatures and unknown validators are reported, not thrown", () => {
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const good = voteBytes(net, 2, "prevote", 0, B);
  const badSignature = good.slice();
  badSignature[badSignature.length - 1]! ^= 1;
  const stranger = { type: "prevote" as const, height: h(1), round: r(0), blockId: null };
  const unknown = encodeMessage({
    kind: "vote",
    signed: {
      vote: { ...stranger, validatorIndex: 9 },
      signature: net.keys[0]!.sign(
        signingBytes(CHAIN_ID, "vote", encodeVote({ ...stranger, validatorIndex: 9 })),
      ),
    },
  });
  const actions = feed(engine, [
    fromPeer(2, good.subarray(0, 10)),
    fromPeer(2, badSignature),
    fromPeer(3, unknown),
  ]);
  const found = reasons(actions);
  assert.equal(found.length, 3);
  assert.match(String(found[0]![1]), /^malformed message/);
  assert.deepEqual(found.slice(1), [
    ["p2", "bad signature"],
    ["p3", "unknown validator index 9"],
  ]);
  assert.equal(ofKind(actions, "persist").length, 0, "nothing dropped reaches the WAL");
});

test("M: a proposal from the wrong validator or with a mismatched payload is reported", () => {
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const wrongProposer = proposalBytes(net, B, 0, -1, 2);
  const forged = proposalBytes(net, { ...B, payload: new Uint8Array([1, 2, 3]) }, 0);
  const actions = feed(engine, [fromPeer(2, wrongProposer), fromPeer(0, forged)]);
  assert.deepEqual(reasons(actions), [
    ["p2", "proposal from a validator that is not the round's proposer"],
    ["p0", "payload does not match its hash"],
  ]);
  assert.equal(broadcastVotes(actions).length, 0);
});

test("M5: a second, different vote for the same step is evidence and counts for its own value", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), timeout("propose", 0)]); // own prevote: nil
  const first = voteBytes(net, 0, "prevote", 0, B);
  const second = voteBytes(net, 0, "prevote", 0, null);
  const actions = feed(engine, [fromPeer(0, first), fromPeer(0, second)]);
  const evidence = ofKind(actions, "evidence");
  assert.equal(evidence.length, 1);
  const e = evidence[0]!.evidence;
  assert.ok(e.kind === "duplicate-vote");
  assert.deepEqual(e.first.vote.blockId, idB);
  assert.equal(e.second.vote.blockId, null);
  assert.deepEqual(feed(engine, [fromPeer(2, second)]), [], "a copy of it is a plain duplicate");
  // Own nil + validator 0's second vote (nil) + validator 2's nil: a polka for nil, as
  // Algorithm 1 counts messages.
  const after = engine.step(fromPeer(2, voteBytes(net, 2, "prevote", 0, null)));
  assert.deepEqual(
    broadcastVotes(after).map((v) => [v.type, v.blockId]),
    [["precommit", null]],
  );
});

test("M5: an equivocator's vote heard second still completes a polka (lock visible to all)", () => {
  // Regression (found by the simulator): others locked on B with a polka that included
  // validator 0's prevote for B; this node heard validator 0's nil first. If only first votes
  // counted, it would never see that polka, never accept B re-proposed with its valid round,
  // and the locked validators could never be released: the height stalls for good.
  const { engine } = makeEngine(net, 1);
  const actions = feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)), // own prevote: B
    fromPeer(0, voteBytes(net, 0, "prevote", 0, null)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, B)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
  ]);
  assert.deepEqual(
    broadcastVotes(actions).map((v) => [v.type, v.blockId]),
    [
      ["prevote", idB],
      ["precommit", idB],
    ],
  );
  assert.equal(engine.view().lockedRound, 0);
  // The conflicting vote is relayed with the others, so peers can see the polka too.
  const relayed = engine.messagesForHeight();
  assert.ok(
    relayed.some((bytes) => bytes.every((b, i) => b === voteBytes(net, 0, "prevote", 0, B)[i])),
  );
});

test("M5: one validator's votes count for at most VOTE_VALUES_PER_VALIDATOR_MAX values", () => {
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const ids = Array.from({ length: VOTE_VALUES_PER_VALIDATOR_MAX + 2 }, (_, i) =>
    taggedHash("test/other-block", Uint8Array.of(i)),
  );
  const persisted = ids.map(
    (id) => ofKind(engine.step(fromPeer(0, voteBytes(net, 0, "prevote", 0, id))), "persist").length,
  );
  assert.deepEqual(
    persisted,
    ids.map((_, i) => (i < VOTE_VALUES_PER_VALIDATOR_MAX ? 1 : 0)),
  );
});

test("M: an identical duplicate and a message for a past height produce nothing", () => {
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const vote = voteBytes(net, 2, "prevote", 0, B);
  assert.equal(engine.step(fromPeer(2, vote)).length, 1, "persist of the first copy");
  assert.deepEqual(engine.step(fromPeer(3, vote)), []);
  // Commit height 1, then a late precommit of height 1 arrives.
  feed(engine, [
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[0, 2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
  ]);
  assert.equal(engine.view().height, 2);
  assert.deepEqual(engine.step(fromPeer(1, voteBytes(net, 1, "precommit", 0, B))), []);
});

/** The parent of height 2 after committing B, as every honest node computes it. */
function parentAfterB(): ParentInfo {
  const appHash = taggedHash("test/app", concatBytes(net.genesis.appHash, B.payload));
  return { height: h(1), blockId: idB, timestampMs: B.header.timestampMs, appHash };
}

test("M4: next-height messages wait, then count as soon as we commit", () => {
  const { engine } = makeEngine(net, 2);
  engine.step(start());
  const parent = parentAfterB();
  const next = makeBlock(net, { height: 2, parent, timestampMs: T0 + 1 });
  const early = feed(engine, [fromPeer(1, proposalBytes(net, next, 0))]);
  assert.equal(broadcastVotes(early).length, 0);
  const actions = feed(engine, [
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[0, 1, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
  ]);
  assert.equal(ofKind(actions, "commit").length, 1);
  assert.deepEqual(
    broadcastVotes(actions)
      .filter((v) => v.height === 2)
      .map((v) => [v.type, v.blockId]),
    [["prevote", blockIdOf(next.header)]],
  );
});

test("K1: f+1 of the power two heights ahead triggers a request for our block", () => {
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const one = engine.step(fromPeer(2, voteBytes(net, 2, "prevote", 0, null, 3)));
  assert.equal(ofKind(one, "request-block").length, 0);
  const two = engine.step(fromPeer(3, voteBytes(net, 3, "precommit", 0, null, 3)));
  assert.deepEqual(
    ofKind(two, "request-block").map((a) => [a.height, a.blockId, a.peers]),
    [[1, null, ["p2", "p3"]]],
  );
});

test("K2: one height behind with no timer running, the node fetches its block, and retries", () => {
  // Regression (found by the simulator): validators 2 and 3 decided height 1 and moved on; this
  // node missed their precommits, holds no quorum of votes in its round (so no timeout is
  // running) and sees them only one height ahead, so K1 never fired and it waited forever.
  // One validator ahead is enough: the fetched block proves itself with its certificate.
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), timeout("propose", 0)]); // own prevote nil; no quorum, no timer
  const first = engine.step(fromPeer(2, voteBytes(net, 2, "prevote", 0, null, 2)));
  assert.equal(ofKind(first, "request-block").length, 0, "one height behind may just be late");
  assert.deepEqual(
    ofKind(first, "schedule-timeout").map((a) => [a.height, a.step, a.durationMs]),
    [[1, "catch-up", 1000]],
  );
  const second = engine.step(fromPeer(3, voteBytes(net, 3, "prevote", 0, null, 2)));
  assert.equal(ofKind(second, "schedule-timeout").length, 0, "one catch-up timer at a time");
  const catchUp = {
    kind: "timeout" as const,
    nowMs: T0,
    height: h(1),
    round: r(0),
    step: "catch-up" as const,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const fired = engine.step(catchUp);
    assert.deepEqual(
      ofKind(fired, "request-block").map((a) => [a.height, a.blockId, a.peers]),
      [[1, null, ["p2", "p3"]]],
    );
    assert.equal(ofKind(fired, "schedule-timeout").length, 1, "retried while still behind");
  }
});

test("restart: WAL replay re-sends the same signed prevote and proposal", () => {
  for (const index of [0, 1]) {
    const store = new MemorySafetyStore();
    const before = makeEngine(net, index, {}, store);
    const actions = feed(before.engine, [
      start(),
      ...(index === 0 ? [] : [fromPeer(0, proposalBytes(net, B, 0))]),
    ]);
    const wal = ofKind(actions, "persist").map((a) => a.bytes);
    const sent = ofKind(actions, "broadcast").map((a) => a.bytes);
    assert.ok(sent.length >= 1);

    const after = makeEngine(net, index, {}, store);
    const replayed = feed(after.engine, [
      ...wal.map((bytes) => ({ kind: "replay" as const, nowMs: T0, bytes })),
      start(),
    ]);
    assert.deepEqual(
      ofKind(replayed, "broadcast").map((a) => a.bytes),
      sent,
      `validator ${index}`,
    );
    assert.equal(ofKind(replayed, "signing-refused").length, 0);
    assert.equal(after.app.proposed.length, 0, "no second block is built");
  }
});

test("restart without the WAL: the vote the safety module signed stands and is sent again", () => {
  const store = new MemorySafetyStore();
  const before = makeEngine(net, 1, {}, store);
  const first = feed(before.engine, [start(), fromPeer(0, proposalBytes(net, B, 0))]); // prevote B
  const prevoteB = broadcastVotes(first);
  assert.equal(prevoteB.length, 1);
  const after = makeEngine(net, 1, {}, store);
  // Re-evaluated now, the round would get a nil prevote; the safety module refuses that, and the
  // engine sends the prevote for B it signed before the restart instead of staying silent.
  const actions = feed(after.engine, [start(), timeout("propose", 0)]);
  assert.equal(ofKind(actions, "signing-refused").length, 0);
  assert.deepEqual(broadcastVotes(actions), prevoteB);
  // It counts towards the round like any vote of ours: two more prevotes for B make a polka.
  const more = feed(after.engine, [
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, B)),
  ]);
  assert.equal(after.engine.view().lockedRound, 0);
  assert.ok(ofKind(more, "broadcast").length > 0);
});

test("restart: the lock survives, so a fresh proposal of another block gets nil", () => {
  const store = new MemorySafetyStore();
  const before = makeEngine(net, 2, {}, store);
  feed(before.engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(1, voteBytes(net, 1, "prevote", 0, B)),
  ]);
  assert.equal(before.engine.view().lockedRound, 0);
  const after = makeEngine(net, 2, {}, store);
  assert.deepEqual(after.engine.view().lockedBlockId, idB);
  const C = makeBlock(net, { round: 1, payload: new TextEncoder().encode("C") });
  const actions = feed(after.engine, [
    start(),
    timeout("propose", 0),
    timeout("prevote", 0),
    timeout("precommit", 0),
    fromPeer(1, proposalBytes(net, C, 1)),
  ]);
  assert.deepEqual(
    broadcastVotes(actions)
      .filter((v) => v.type === "prevote" && v.round === 1)
      .map((v) => v.blockId),
    [null],
  );
});

test("restart: a locked proposer re-proposes its locked block, not a fresh one", () => {
  // Regression (found by the simulator): the lock came back from the safety data but the valid
  // value did not, so a restarted locked proposer proposed a fresh block and prevoted nil on it
  // itself; with the others unable to justify the locked block, the height never ended.
  const store = new MemorySafetyStore();
  const before = makeEngine(net, 2, {}, store);
  const wal = ofKind(
    feed(before.engine, [
      start(),
      fromPeer(0, proposalBytes(net, B, 0)),
      fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
      fromPeer(1, voteBytes(net, 1, "prevote", 0, B)),
      // Locked in round 0; then round 1 times out into a nil prevote, and the node crashes.
      ...[0, 1, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, null))),
      timeout("precommit", 0),
      timeout("propose", 1),
    ]),
    "persist",
  ).map((a) => a.bytes);
  assert.deepEqual([before.engine.view().round, before.engine.view().lockedRound], [1, 0]);
  const after = makeEngine(net, 2, {}, store);
  const actions = feed(after.engine, [
    ...wal.map((bytes) => ({ kind: "replay" as const, nowMs: T0, bytes })),
    start(), // resumes in round 1, where it last signed
    timeout("precommit", 1), // round 2: validator 2 proposes
  ]);
  assert.equal(after.engine.view().validRound, 0);
  const proposals = ofKind(actions, "broadcast")
    .map((a) => a.message)
    .filter((m) => m.kind === "proposal");
  assert.deepEqual(
    proposals.map((m) => [
      m.signed.proposal.round,
      m.signed.proposal.validRound,
      m.signed.proposal.blockId,
    ]),
    [[2, 0, idB]],
  );
});

test("an engine without a key in the set follows and commits but never sends", () => {
  const app = new TestApplication(net.genesis);
  const engine = new ConsensusEngine(
    { chainId: CHAIN_ID, validators: net.validators, parent: net.genesis },
    { application: app, verifier: ed25519Verifier },
  );
  const actions = feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[0, 1, 2].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
    timeout("propose", 0, 2),
  ]);
  assert.equal(ofKind(actions, "broadcast").length, 0);
  assert.deepEqual(
    ofKind(actions, "commit").map((a) => a.blockId),
    [idB],
  );
  assert.equal(engine.view().height, 2);
});

test("votes and proposals signed by a key outside the set (an observer's) never count", () => {
  // An observer holds a node key but no seat: whatever it signs claims a validator's index,
  // and that validator's key is what the signature is checked against.
  const outsider = testKey(99);
  const forgedVote = (from: number) => {
    const vote = {
      type: "precommit" as const,
      height: h(1),
      round: r(0),
      blockId: idB,
      validatorIndex: from,
    };
    const signature = outsider.sign(signingBytes(CHAIN_ID, "vote", encodeVote(vote)));
    return encodeMessage({ kind: "vote", signed: { vote, signature } });
  };
  const proposal = { height: h(1), round: r(0), validRound: -1, blockId: idB, proposerIndex: 0 };
  const forgedProposal = encodeMessage({
    kind: "proposal",
    signed: {
      proposal,
      signature: outsider.sign(signingBytes(CHAIN_ID, "proposal", encodeProposal(proposal))),
    },
    block: B,
  });
  const { engine } = makeEngine(net, 3);
  const actions = feed(engine, [
    start(),
    fromPeer(9, forgedProposal),
    // Two genuine precommits and one forged: short of a quorum of 3.
    fromPeer(0, voteBytes(net, 0, "precommit", 0, B)),
    fromPeer(1, voteBytes(net, 1, "precommit", 0, B)),
    fromPeer(9, forgedVote(2)),
  ]);
  assert.deepEqual(
    ofKind(actions, "peer-misbehaved").map((a) => [a.peer, a.reason]),
    [
      ["p9", "bad signature"],
      ["p9", "bad signature"],
    ],
  );
  // Nothing from the outsider is kept: no prevote for its proposal, no commit on its precommit.
  assert.deepEqual(prevoteOfActions(actions), []);
  assert.equal(ofKind(actions, "commit").length, 0);
  assert.equal(engine.view().height, 1);
  const forged = forgedVote(2);
  assert.ok(!engine.messagesForHeight().some((m) => equalBytes(m, forged)));
  // The third genuine precommit (with the genuine proposal) decides the block.
  const decided = feed(engine, [
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(2, voteBytes(net, 2, "precommit", 0, B)),
  ]);
  assert.deepEqual(
    ofKind(decided, "commit").map((a) => a.blockId),
    [idB],
  );
});

function prevoteOfActions(actions: readonly ConsensusAction[]) {
  return broadcastVotes(actions).filter((v) => v.type === "prevote" && v.blockId !== null);
}

test("messagesForHeight hands a peer what it needs to reach our state", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, B)),
  ]);
  assert.equal(engine.view().lockedRound, 0);
  const peer = makeEngine(net, 3);
  peer.engine.step(start());
  const actions = feed(
    peer.engine,
    engine.messagesForHeight().map((bytes) => fromPeer(1, bytes)),
  );
  assert.deepEqual(
    broadcastVotes(actions).map((v) => [v.type, v.blockId]),
    [
      ["prevote", idB],
      ["precommit", idB],
    ],
  );
});
