// Goal: the classic ways to break a BFT ledger, each as a short script on the simulator: the
// honest validators never fork, never diverge in state, never break the ledger invariants, and
// commit again once the fault is over.
// Method: one Simulator per scenario (production consensus, LedgerApplication, mempool and
// safety module on simulated disks and links, random payments flowing); the script places the
// fault, runs simulated time and checks. The checkers also run at every commit, broadcast and
// safety save, so any violation fails the test at the moment it happens, naming its seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeCommittedBlock } from "@tongbao/consensus";
import { KeyRing } from "./keys.ts";
import { Simulator, type SimulatorOptions } from "./simulator.ts";

const keys = new KeyRing();

function simulator(name: string, options: Omit<SimulatorOptions, "replay" | "keys">): Simulator {
  return Simulator.create({
    ...options,
    keys,
    replay: `node --import tsx --test --test-name-pattern="${name}" packages/simulator/src/scenarios.test.ts`,
  });
}

const heights = (sim: Simulator, ids: readonly number[]) => ids.map((id) => sim.node(id).height);

/** Rounds in which each committed block was decided, and who proposed it, on node `id`. */
function committedBlocks(sim: Simulator, id: number) {
  return sim.node(id).storage.blocks.map((stored) => {
    const { block, certificate } = decodeCommittedBlock(stored.bytes);
    return { round: certificate.round, proposer: block.header.proposerIndex };
  });
}

test("isolate the proposer: the other three carry on; it catches up after the heal", () => {
  const name = "isolate the proposer";
  const sim = simulator(name, { seed: 0x5eed, validators: 4 });
  sim.runUntil((s) => s.minHonestHeight() >= 3, 30_000, "height 3");
  const proposer = sim.proposer();
  const others = [0, 1, 2, 3].filter((id) => id !== proposer);
  sim.network.isolate(proposer);
  const atCut = sim.node(proposer).height;
  const before = heights(sim, others);
  sim.runFor(20_000);
  // Three of four is a quorum: they progress, with a round change each time it proposes.
  heights(sim, others).forEach((h, i) => assert.ok(h >= before[i]! + 5, `node ${others[i]}: ${h}`));
  assert.ok(sim.node(proposer).height <= atCut + 1, "alone, it cannot commit");
  sim.network.heal();
  sim.check.liveness({ heights: 5, withinMs: 60_000 });
  sim.check.all();
  assert.ok(
    committedBlocks(sim, others[0]!).some((b) => b.round > 0),
    "some height needed round 1",
  );
});

test("split 2/2: no progress and no fork; after the heal, progress", () => {
  const name = "split 2/2";
  const sim = simulator(name, { seed: 22, validators: 4 });
  sim.runUntil((s) => s.minHonestHeight() >= 3, 30_000, "height 3");
  sim.network.partition([
    [0, 1],
    [2, 3],
  ]);
  sim.runFor(3_000); // what was in flight before the cut settles
  const stuck = heights(sim, [0, 1, 2, 3]);
  sim.runFor(30_000);
  assert.deepEqual(heights(sim, [0, 1, 2, 3]), stuck, "two of four is no quorum on either side");
  sim.check.agreement();
  // Each side prevoted nil after its propose timeout and then waits: with two of four there is
  // never a quorum of prevotes of any kind, so no further timeout is scheduled (Alg. 1 l.34).
  assert.ok(sim.nodes.every((n) => n.view().step !== "propose"));
  sim.network.heal();
  sim.check.liveness({ heights: 5, withinMs: 90_000 });
  sim.check.all();
});

test("crash the locked node: it restarts with its lock and safety holds", () => {
  const name = "crash the locked node";
  const sim = simulator(name, { seed: 7, validators: 4 });
  sim.runUntil((s) => s.minHonestHeight() >= 2, 30_000, "height 2");
  sim.runUntil((s) => s.lockedNode() !== undefined, 30_000, "a node locks");
  const locked = sim.lockedNode()!;
  const view = sim.node(locked).view();
  const saved = sim.node(locked).storage.safety.load()?.lock;
  assert.ok(saved !== undefined, "the lock is on disk before the precommit left");
  assert.equal(saved.height, view.height);
  assert.equal(saved.round, view.lockedRound);
  sim.crash(locked);
  // Keep the remaining two honest-and-up short of a quorum, so the height is not decided
  // without the locked node.
  const others = [0, 1, 2, 3].filter((id) => id !== locked);
  sim.network.isolate(others[0]!);
  sim.runFor(8_000);
  sim.restart(locked);
  const resumed = sim.node(locked).view();
  if (resumed.height === saved.height) {
    assert.equal(resumed.lockedRound, saved.round, "the engine resumes with the saved lock");
  }
  sim.runFor(10_000);
  sim.network.heal();
  sim.check.liveness({ heights: 5, withinMs: 90_000 });
  sim.check.all();
});

test("twins: two nodes share one validator key and equivocate; honest nodes agree", () => {
  const name = "twins";
  // Validator 3 runs twice: node 3 and node 4 (v3'), each with its own disk and safety store.
  // Twins that hear each other mostly mirror each other (each adopts the other's proposal and
  // vote as its own), so they never hear each other here, while the honest nodes hear both.
  const sim = simulator(name, {
    seed: 0x7a1,
    validators: 4,
    twins: [3],
    links: { delayMsMax: 100 },
  });
  const apart = () => sim.network.cutOneWay([3], [4]).cutOneWay([4], [3]);
  apart();
  sim.runFor(20_000);
  // Then each twin with a different part of the honest validators (Aptos twins).
  sim.network.partition([
    [0, 1, 3],
    [2, 4],
  ]);
  sim.runFor(10_000);
  sim.network.heal();
  apart();
  sim.check.liveness({ heights: 8, withinMs: 120_000 });
  sim.check.all();
  assert.ok(sim.stats.evidence > 0, "the twins' conflicting messages were seen as evidence");
});

test("a validator whose clock runs 10 s ahead: no safety violation; liveness holds", () => {
  const name = "clock runs 10 s ahead";
  const sim = simulator(name, { seed: 10, validators: 4, clockSkewMs: new Map([[0, 10_000]]) });
  sim.check.liveness({ heights: 15, withinMs: 120_000 });
  sim.check.all();
  // Its fresh proposals are untimely at the others (T2), so none of its own blocks commits;
  // yet it commits every block the others decide, and is held to every checker.
  const blocks = committedBlocks(sim, 1);
  assert.ok(
    blocks.every((b) => b.proposer !== 0),
    "no block proposed by the fast node",
  );
  assert.ok(sim.node(0).height >= 15);
});

test("an equivocating proposer sends different blocks and votes to different peers", () => {
  const name = "equivocating proposer";
  const sim = simulator(name, {
    seed: 31,
    validators: 4,
    byzantine: new Map([[2, ["equivocate"]]]),
    links: { delayMsMax: 200 },
  });
  sim.check.liveness({ heights: 20, withinMs: 200_000 });
  sim.check.all();
  assert.ok(sim.byzantineOf(2)!.stats.equivocations > 0);
  assert.ok(sim.stats.evidence > 0);
});

test("a Byzantine proposer's blocks that break ledger rules are never committed", () => {
  const name = "blocks that break ledger rules";
  const sim = simulator(name, {
    seed: 41,
    validators: 4,
    byzantine: new Map([[1, ["invalid-blocks"]]]),
  });
  sim.check.liveness({ heights: 40, withinMs: 300_000 });
  sim.check.all();
  const bad = sim.byzantineOf(1)!.stats.badProposals;
  const invalidKinds = Object.keys(bad).filter((k) => k !== "overspend");
  assert.ok(invalidKinds.length >= 3, `proposed: ${JSON.stringify(bad)}`);
  // Honest nodes committed only blocks the ledger accepts (a finalize of an invalid block
  // would have thrown, and the checkers re-ran the invariants at every height).
});

test("corrupted signatures, garbage and corrupted links are reported and dropped", () => {
  const name = "corrupted signatures";
  const sim = simulator(name, {
    seed: 51,
    validators: 5,
    byzantine: new Map([[4, ["corrupt-signatures", "garbage"]]]),
    links: { corruptPpm: 20_000 },
  });
  sim.check.liveness({ heights: 20, withinMs: 200_000 });
  sim.check.all();
  assert.ok(sim.stats.misbehaviourReports > 0);
  assert.ok(sim.stats.admissions["gossip-rejected"]! > 0, "garbage transactions refused");
});

test("crashes mid-step lose buffered WAL records; restarts replay the ledger and catch up", () => {
  const name = "crashes mid-step";
  const sim = simulator(name, { seed: 61, validators: 4, links: { dropPpm: 20_000 } });
  sim.runUntil((s) => s.minHonestHeight() >= 3, 30_000, "height 3");
  for (let i = 0; i < 6; i++) {
    const id = i % 4;
    sim.crash(id, { duringNextStep: i % 2 === 0 });
    sim.runFor(3_000);
    sim.restart(id);
    sim.runFor(2_000);
  }
  sim.crash(3);
  const behind = sim.node(3).height;
  sim.runFor(20_000);
  sim.restart(3);
  sim.network.setFaults({ dropPpm: 0 });
  sim.check.liveness({ heights: 5, withinMs: 90_000 });
  sim.check.all();
  assert.ok(sim.node(3).height > behind + 5);
  assert.ok(sim.stats.blocksServed > 0, "the restarted node fetched committed blocks");
  assert.ok(
    sim.nodes.some((n) => n.storage.stats.walLost > 0),
    "some crash lost buffered records",
  );
});

test("the same seed replays the same run", () => {
  const run = () => {
    const sim = simulator("same seed", {
      seed: 99,
      validators: 5,
      twins: [1],
      links: { dropPpm: 30_000, duplicatePpm: 30_000, delayMsMax: 300 },
    });
    sim.runFor(20_000);
    return sim.nodes.map((n) =>
      n.storage.blocks.map((b) => Buffer.from(b.blockId).toString("hex")),
    );
  };
  assert.deepEqual(run(), run());
});
