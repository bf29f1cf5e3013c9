// Goal: each numbered rule of docs/spec/consensus.md (C1–C12, T1–T2) does what Algorithm 1 says.
// Method: drive one engine of a 4-validator network (equal power: quorum 3, f+1 = 2) with
// messages signed by the other validators' test keys, and assert on the actions it returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  TIMESTAMP_DRIFT_MS_MAX,
  blockIdOf,
  decodeMessage,
  verifyCertificate,
  type ConsensusAction,
} from "../index.ts";
import { ed25519Verifier } from "../../test/keys.ts";
import {
  CHAIN_ID,
  INVALID_MARK,
  T0,
  broadcastVotes,
  feed,
  fromPeer,
  makeBlock,
  makeEngine,
  ofKind,
  proposalBytes,
  start,
  testNetwork,
  timeout,
  voteBytes,
} from "../../test/fixtures.ts";

const net = testNetwork();
const B = makeBlock(net, { round: 0 });
const idB = blockIdOf(B.header);

// With equal powers the weighted round-robin is plain rotation (validator-set.test.ts).
assert.deepEqual(
  [0, 1, 2, 3].map((round) => net.validators.proposer(1 as never, round as never)),
  [0, 1, 2, 3],
);

function prevoteOf(actions: readonly ConsensusAction[]) {
  return broadcastVotes(actions).filter((v) => v.type === "prevote");
}
function precommitOf(actions: readonly ConsensusAction[]) {
  return broadcastVotes(actions).filter((v) => v.type === "precommit");
}
function timeoutsOf(actions: readonly ConsensusAction[], step: string) {
  return ofKind(actions, "schedule-timeout").filter((a) => a.step === step);
}

test("C1: the proposer of round 0 proposes a fresh block with validRound -1, persisted first", () => {
  const { engine, app } = makeEngine(net, 0);
  const actions = engine.step(start());
  const proposals = ofKind(actions, "broadcast").filter((a) => a.message.kind === "proposal");
  assert.equal(proposals.length, 1);
  const message = decodeMessage(proposals[0]!.bytes);
  assert.ok(message.kind === "proposal");
  assert.equal(message.signed.proposal.validRound, -1);
  assert.equal(message.block.header.height, 1);
  assert.equal(app.proposed.length, 1);
  // Every broadcast is preceded by a durable persist of the same bytes.
  actions.forEach((action, i) => {
    if (action.kind !== "broadcast") return;
    const before = actions[i - 1];
    assert.ok(before?.kind === "persist" && before.durable);
    assert.deepEqual(before.bytes, action.bytes);
  });
});

test("C1: a non-proposer schedules timeoutPropose(0) and sends nothing", () => {
  const { engine } = makeEngine(net, 1);
  const actions = engine.step(start());
  assert.equal(ofKind(actions, "broadcast").length, 0);
  assert.deepEqual(
    timeoutsOf(actions, "propose").map((a) => [a.round, a.durationMs]),
    [[0, 3000]],
  );
});

test("C1: a proposer with a valid value re-proposes it with its validRound", () => {
  // Validator 1 sees a polka for B in round 0 (valid value), then proposes in round 1.
  const { engine } = makeEngine(net, 1);
  feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, B)),
    fromPeer(0, voteBytes(net, 0, "precommit", 0, null)),
    fromPeer(2, voteBytes(net, 2, "precommit", 0, null)),
  ]);
  assert.equal(engine.view().validRound, 0);
  const actions = engine.step(timeout("precommit", 0));
  const proposal = ofKind(actions, "broadcast")
    .map((a) => a.message)
    .find((m) => m.kind === "proposal");
  assert.ok(proposal?.kind === "proposal");
  assert.equal(proposal.signed.proposal.round, 1);
  assert.equal(proposal.signed.proposal.validRound, 0);
  assert.deepEqual(proposal.signed.proposal.blockId, idB);
});

test("C2: a valid, timely fresh proposal gets a prevote for it", () => {
  const { engine } = makeEngine(net, 1);
  const actions = feed(engine, [start(), fromPeer(0, proposalBytes(net, B, 0))]);
  assert.deepEqual(
    prevoteOf(actions).map((v) => v.blockId),
    [idB],
  );
  assert.equal(engine.view().step, "prevote");
});

test("C2: an invalid proposal (application says no) gets a nil prevote", () => {
  const bad = makeBlock(net, { payload: new Uint8Array([INVALID_MARK, 1]) });
  const { engine } = makeEngine(net, 1);
  const actions = feed(engine, [start(), fromPeer(0, proposalBytes(net, bad, 0))]);
  assert.deepEqual(
    prevoteOf(actions).map((v) => v.blockId),
    [null],
  );
});

test("C2/T2: a timestamp beyond the drift bound, or not after the parent's, gets nil", () => {
  const cases = [
    T0 + TIMESTAMP_DRIFT_MS_MAX + 1,
    T0 - TIMESTAMP_DRIFT_MS_MAX - 1,
    net.genesis.timestampMs,
  ];
  for (const timestampMs of cases) {
    const block = makeBlock(net, { timestampMs });
    const { engine } = makeEngine(net, 1);
    const actions = feed(engine, [start(), fromPeer(0, proposalBytes(net, block, 0))]);
    assert.deepEqual(
      prevoteOf(actions).map((v) => v.blockId),
      [null],
      `timestamp ${timestampMs}`,
    );
  }
  // The edge of the bound is still timely.
  const edge = makeBlock(net, { timestampMs: T0 + TIMESTAMP_DRIFT_MS_MAX });
  const { engine } = makeEngine(net, 1);
  const actions = feed(engine, [start(), fromPeer(0, proposalBytes(net, edge, 0))]);
  assert.deepEqual(
    prevoteOf(actions).map((v) => v.blockId),
    [blockIdOf(edge.header)],
  );
});

test("C2/T2: a fresh proposal carrying a block from an earlier round gets nil", () => {
  // Re-proposing without a validRound skips the polka that would justify the old timestamp.
  const { engine } = makeEngine(net, 2);
  feed(engine, [start(), timeout("propose", 0), timeout("prevote", 0), timeout("precommit", 0)]);
  assert.equal(engine.view().round, 1);
  const actions = engine.step(fromPeer(1, proposalBytes(net, B, 1, -1)));
  assert.deepEqual(
    prevoteOf(actions).map((v) => [v.round, v.blockId]),
    [[1, null]],
  );
});

/** Validator 2 locks on B in round 0, then moves to round 1 where validator 1 proposes C. */
function lockedOnBThenFreshC(unsafeSkipLockCheck: boolean) {
  const { engine } = makeEngine(net, 2, { unsafeSkipLockCheck });
  const C = makeBlock(net, { round: 1, payload: new TextEncoder().encode("C") });
  feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(1, voteBytes(net, 1, "prevote", 0, B)),
  ]);
  assert.equal(engine.view().lockedRound, 0);
  feed(engine, [
    fromPeer(0, voteBytes(net, 0, "precommit", 0, null)),
    fromPeer(1, voteBytes(net, 1, "precommit", 0, null)),
    timeout("precommit", 0),
  ]);
  const actions = engine.step(fromPeer(1, proposalBytes(net, C, 1)));
  return { actions, C };
}

test("C2: a validator locked on B prevotes nil for a fresh C", () => {
  const { actions } = lockedOnBThenFreshC(false);
  assert.deepEqual(
    prevoteOf(actions).map((v) => [v.round, v.blockId]),
    [[1, null]],
  );
});

test("C2 canary: unsafeSkipLockCheck prevotes the fresh C despite the lock", () => {
  const { actions, C } = lockedOnBThenFreshC(true);
  assert.deepEqual(
    prevoteOf(actions).map((v) => [v.round, v.blockId]),
    [[1, blockIdOf(C.header)]],
  );
});

test("C3: a re-proposal whose polka is older than our lock gets a nil prevote", () => {
  // Validator 3: round 0 has a polka for C that it cannot use (C's proposal never came);
  // round 1 locks it on B1; round 2 re-proposes C with validRound 0 < lockedRound 1.
  const { engine } = makeEngine(net, 3);
  const C = makeBlock(net, { round: 0, payload: new TextEncoder().encode("C") });
  const B1 = makeBlock(net, { round: 1 });
  feed(engine, [
    start(),
    ...[0, 1, 2].map((i) => fromPeer(i, voteBytes(net, i, "prevote", 0, C))),
    fromPeer(1, proposalBytes(net, B1, 1)),
    fromPeer(0, voteBytes(net, 0, "prevote", 1, B1)),
    fromPeer(1, voteBytes(net, 1, "prevote", 1, B1)),
  ]);
  assert.equal(engine.view().lockedRound, 1);
  const actions = feed(engine, [
    fromPeer(2, proposalBytes(net, C, 2, 0)),
    fromPeer(0, voteBytes(net, 0, "precommit", 2, null)),
  ]);
  assert.equal(engine.view().round, 2);
  assert.deepEqual(
    prevoteOf(actions).map((v) => [v.round, v.blockId]),
    [[2, null]],
  );
});

test("C3: a re-proposal whose polka is not older than our lock gets a prevote for it", () => {
  // Validator 3 locks on B in round 0; round 1 has a polka for C; C is re-proposed in round 2.
  const { engine } = makeEngine(net, 3);
  const C = makeBlock(net, { round: 1, payload: new TextEncoder().encode("C") });
  feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(1, voteBytes(net, 1, "prevote", 0, B)),
  ]);
  assert.equal(engine.view().lockedRound, 0);
  const actions = feed(engine, [
    ...[0, 1, 2].map((i) => fromPeer(i, voteBytes(net, i, "prevote", 1, C))),
    fromPeer(2, proposalBytes(net, C, 2, 1)),
    fromPeer(0, voteBytes(net, 0, "prevote", 2, C)),
  ]);
  assert.equal(engine.view().round, 2, "f+1 in later rounds moved us on");
  assert.deepEqual(
    prevoteOf(actions).map((v) => [v.round, v.blockId]),
    [[2, blockIdOf(C.header)]],
  );
});

test("C3: without the polka of its validRound a re-proposal waits for timeoutPropose", () => {
  const { engine } = makeEngine(net, 3);
  const C = makeBlock(net, { round: 0, payload: new TextEncoder().encode("C") });
  const actions = feed(engine, [
    start(),
    fromPeer(2, voteBytes(net, 2, "precommit", 2, null)),
    fromPeer(0, voteBytes(net, 0, "precommit", 2, null)),
    fromPeer(2, proposalBytes(net, C, 2, 0)),
  ]);
  assert.equal(engine.view().round, 2);
  assert.equal(prevoteOf(actions).length, 0);
  assert.deepEqual(
    prevoteOf(engine.step(timeout("propose", 2))).map((v) => v.blockId),
    [null],
  );
});

test("C4: 2f+1 prevotes of any kind schedule timeoutPrevote once", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), timeout("propose", 0)]); // we prevote nil
  const first = feed(engine, [
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, null)),
  ]);
  assert.deepEqual(
    timeoutsOf(first, "prevote").map((a) => [a.round, a.durationMs]),
    [[0, 1000]],
  );
  const later = engine.step(fromPeer(3, voteBytes(net, 3, "prevote", 0, B)));
  assert.equal(timeoutsOf(later, "prevote").length, 0);
});

test("C5: a polka for the proposed block locks it and precommits it", () => {
  const { engine } = makeEngine(net, 1);
  const actions = feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    fromPeer(0, voteBytes(net, 0, "prevote", 0, B)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, B)),
  ]);
  assert.deepEqual(
    precommitOf(actions).map((v) => v.blockId),
    [idB],
  );
  const view = engine.view();
  assert.equal(view.lockedRound, 0);
  assert.deepEqual(view.lockedBlockId, idB);
  assert.equal(view.validRound, 0);
});

test("C5: a polka completing after a nil precommit sets validValue only", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), fromPeer(0, proposalBytes(net, B, 0))]); // we prevote B
  feed(engine, [fromPeer(3, voteBytes(net, 3, "prevote", 0, null))]);
  feed(engine, [fromPeer(0, voteBytes(net, 0, "prevote", 0, B))]); // B:2, nil:1 → C4
  assert.deepEqual(
    precommitOf(engine.step(timeout("prevote", 0))).map((v) => v.blockId),
    [null],
  );
  const actions = engine.step(fromPeer(2, voteBytes(net, 2, "prevote", 0, B)));
  assert.equal(precommitOf(actions).length, 0);
  const view = engine.view();
  assert.equal(view.lockedRound, -1);
  assert.equal(view.validRound, 0);
  assert.deepEqual(view.validBlockId, idB);
});

test("C6: a polka for nil precommits nil", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), timeout("propose", 0)]);
  const actions = feed(engine, [
    fromPeer(0, voteBytes(net, 0, "prevote", 0, null)),
    fromPeer(2, voteBytes(net, 2, "prevote", 0, null)),
  ]);
  assert.deepEqual(
    precommitOf(actions).map((v) => v.blockId),
    [null],
  );
});

test("C7: 2f+1 precommits of any kind schedule timeoutPrecommit once", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start()]);
  const actions = feed(engine, [
    fromPeer(0, voteBytes(net, 0, "precommit", 0, B)),
    fromPeer(2, voteBytes(net, 2, "precommit", 0, null)),
    fromPeer(3, voteBytes(net, 3, "precommit", 0, null)),
  ]);
  assert.deepEqual(
    timeoutsOf(actions, "precommit").map((a) => [a.round, a.durationMs]),
    [[0, 1000]],
  );
  const more = engine.step(fromPeer(1, voteBytes(net, 1, "precommit", 0, null)));
  assert.equal(timeoutsOf(more, "precommit").length, 0);
});

test("C8: 2f+1 precommits for the proposed block commit it with a valid certificate", () => {
  const { engine, app } = makeEngine(net, 1);
  const actions = feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[0, 2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
  ]);
  const commits = ofKind(actions, "commit");
  assert.equal(commits.length, 1);
  const commit = commits[0]!;
  assert.deepEqual(commit.blockId, idB);
  assert.equal(app.finalized.length, 1);
  const verdict = verifyCertificate({
    chainId: CHAIN_ID,
    validators: net.validators,
    certificate: commit.committed.certificate,
    verifier: ed25519Verifier,
  });
  assert.deepEqual(verdict, { ok: true });
  assert.equal(engine.view().height, 2);
  assert.equal(engine.view().round, 0);
});

test("C8: a decision can come from an earlier round than ours", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 1, null))),
  ]);
  assert.equal(engine.view().round, 1);
  const actions = feed(
    engine,
    [0, 2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
  );
  assert.deepEqual(
    ofKind(actions, "commit").map((c) => [c.height, c.committed.certificate.round]),
    [[1, 0]],
  );
});

test("C8/K1: 2f+1 precommits for an unseen block request it, and the fetched block commits", () => {
  const full = makeEngine(net, 2);
  full.engine.step(start());
  const { engine } = makeEngine(net, 1);
  engine.step(start());
  const precommits = [0, 2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B)));
  const actions = feed(engine, precommits);
  assert.deepEqual(
    ofKind(actions, "request-block").map((a) => [a.height, a.blockId]),
    [[1, idB]],
  );
  assert.equal(ofKind(actions, "commit").length, 0);
  // Another engine commits B and its commit action carries the bytes a peer would serve.
  const served = feed(full.engine, [fromPeer(0, proposalBytes(net, B, 0)), ...precommits]).find(
    (a) => a.kind === "commit",
  );
  assert.ok(served?.kind === "commit");
  const fetched = engine.step({
    kind: "block-fetched",
    nowMs: T0,
    peer: "p0",
    bytes: served.bytes,
  });
  assert.deepEqual(
    ofKind(fetched, "commit").map((c) => c.blockId),
    [idB],
  );
});

test("C9: messages from f+1 of the power in a later round move us to that round", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start()]);
  const one = engine.step(fromPeer(2, voteBytes(net, 2, "prevote", 3, null)));
  assert.equal(engine.view().round, 0, "one validator (f) is not enough");
  assert.equal(timeoutsOf(one, "propose").length, 0);
  const two = engine.step(fromPeer(3, voteBytes(net, 3, "precommit", 3, null)));
  assert.equal(engine.view().round, 3);
  assert.deepEqual(
    timeoutsOf(two, "propose").map((a) => [a.round, a.durationMs]),
    [[3, 3000 + 3 * 500]],
  );
});

test("C10: timeoutPropose of the current round prevotes nil; a stale one does nothing", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start()]);
  assert.equal(broadcastVotes(engine.step(timeout("propose", 1))).length, 0);
  assert.equal(broadcastVotes(engine.step(timeout("propose", 0, 2))).length, 0);
  assert.deepEqual(
    prevoteOf(engine.step(timeout("propose", 0))).map((v) => v.blockId),
    [null],
  );
  assert.equal(broadcastVotes(engine.step(timeout("propose", 0))).length, 0, "step moved on");
});

test("C11: timeoutPrevote in step prevote precommits nil", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start(), timeout("propose", 0)]);
  assert.deepEqual(
    precommitOf(engine.step(timeout("prevote", 0))).map((v) => v.blockId),
    [null],
  );
  assert.equal(engine.view().step, "precommit");
});

test("C12: timeoutPrecommit of the current round starts the next round", () => {
  const { engine } = makeEngine(net, 1);
  feed(engine, [start()]);
  engine.step(timeout("precommit", 1));
  assert.equal(engine.view().round, 0, "not the current round");
  const actions = engine.step(timeout("precommit", 0));
  assert.equal(engine.view().round, 1);
  // Validator 1 proposes in round 1.
  assert.equal(ofKind(actions, "broadcast")[0]?.message.kind, "proposal");
});

test("T1: the proposer's timestamp is its clock, but always after the parent's", () => {
  const later = makeEngine(net, 0);
  feed(later.engine, [start(T0)]);
  assert.equal(later.app.proposed[0]!.timestampMs, T0);
  const behind = makeEngine(net, 0);
  feed(behind.engine, [start(net.genesis.timestampMs - 10_000)]);
  assert.equal(behind.app.proposed[0]!.timestampMs, net.genesis.timestampMs + 1);
});

test("commitDelayMs: the next height waits for the commit timeout", () => {
  const { engine } = makeEngine(net, 1, { commitDelayMs: 1000 });
  const actions = feed(engine, [
    start(),
    fromPeer(0, proposalBytes(net, B, 0)),
    ...[0, 2, 3].map((i) => fromPeer(i, voteBytes(net, i, "precommit", 0, B))),
  ]);
  assert.deepEqual(
    timeoutsOf(actions, "commit").map((a) => [a.height, a.durationMs]),
    [[2, 1000]],
  );
  assert.equal(engine.view().roundStarted, false);
  const resumed = engine.step({ ...timeout("propose", 0, 2), step: "commit" });
  assert.equal(engine.view().roundStarted, true);
  // Validator 1 is the proposer of height 2, round 0.
  assert.equal(ofKind(resumed, "broadcast")[0]?.message.kind, "proposal");
});
