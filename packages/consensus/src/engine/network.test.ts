// Goal: honest engines connected by a network agree on every block and keep committing, with
// messages reordered, with one validator silent, and across a crash and restart.
// Method: the small harness in test/harness.ts runs 4 engines in simulated time (delivery
// delays drawn from a seeded Prng, so every run replays exactly from its seed) until each
// live engine has committed 20 blocks; then agreement, certificates and time are checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex } from "@tongbao/std";
import { verifyCertificate } from "../index.ts";
import { CHAIN_ID } from "../../test/fixtures.ts";
import { Harness, type HarnessOptions } from "../../test/harness.ts";
import { ed25519Verifier } from "../../test/keys.ts";

const HEIGHTS = 20;

function run(options: HarnessOptions): Harness {
  const harness = new Harness(options);
  harness.runUntil((h) => h.minCommitted() >= HEIGHTS);
  return harness;
}

/** Agreement, valid certificates and strictly increasing agreed time, on every live node. */
function check(harness: Harness): void {
  const live = harness.nodes.filter((n) => n.alive);
  const reference = live[0]!.commits.slice(0, HEIGHTS);
  let previousMs = harness.net.genesis.timestampMs;
  reference.forEach((commit, i) => {
    assert.equal(commit.height, i + 1);
    const { header } = commit.committed.block;
    assert.ok(header.timestampMs > previousMs, `time moves forward at height ${i + 1}`);
    previousMs = header.timestampMs;
    const verdict = verifyCertificate({
      chainId: CHAIN_ID,
      validators: harness.net.validators,
      certificate: commit.committed.certificate,
      verifier: ed25519Verifier,
    });
    assert.deepEqual(verdict, { ok: true });
  });
  const summary = (n: (typeof live)[number]) =>
    n.commits
      .slice(0, HEIGHTS)
      .map((c) => `${c.height}:${bytesToHex(c.blockId)}:${bytesToHex(c.appHash)}`);
  for (const node of live) {
    assert.deepEqual(summary(node), summary(live[0]!), `node ${node.index} agrees`);
    assert.deepEqual(node.reports, [], `node ${node.index} reported nothing unusual`);
  }
}

for (const seed of [1, 2, 3]) {
  test(`4 validators commit the same ${HEIGHTS} blocks (seed ${seed})`, () => {
    check(run({ seed, delayMsMax: 50, clockSkewMsMax: 200 }));
  });
}

test(`one silent validator: the other three still commit ${HEIGHTS} blocks`, () => {
  const harness = run({ seed: 4, silent: [3], delayMsMax: 50 });
  check(harness);
  // Every fourth round-0 proposer is the silent one, so some heights needed a second round.
  const rounds = harness.nodes[0]!.commits.map((c) => c.committed.certificate.round);
  assert.ok(rounds.some((round) => round > 0));
});

test("heavy reordering: delays up to 4 s, beyond the round-0 timeouts", () => {
  const harness = run({ seed: 5, delayMsMax: 4000, clockSkewMsMax: 500 });
  check(harness);
});

test("a validator crashes, restarts from its safety store and WAL, and catches up", () => {
  const harness = run({
    seed: 6,
    delayMsMax: 50,
    crash: { index: 2, atMs: 400, restartAtMs: 20_000 },
  });
  check(harness);
  const restarted = harness.nodes[2]!;
  assert.equal(restarted.incarnation, 1);
  // While it was down the others moved on, so it had to fetch blocks to rejoin.
  assert.ok(restarted.blocksServed > 0);
});
