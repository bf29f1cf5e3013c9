// Goal: remittances under the classic faults — crashes (some mid-step, losing buffered WAL
// records) with restarts that replay the ledger, and a partition that stops the chain — keep
// every currency conserved (quote holds included), every honest node on one state root, and
// every settled remittance balanced; and a seed replays the same remittances.
// Method: the simulator with a remittance-heavy workload under the corridor's KYC limits and
// travel-rule thresholds; the checkers run at every commit (the full state scan on every honest
// node), the script places the faults and then asks what committed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyRing } from "./keys.ts";
import { Simulator, type SimulatorOptions } from "./simulator.ts";

const keys = new KeyRing();
const FILE = "packages/simulator/src/remittance-scenarios.test.ts";

function simulator(name: string, options: Omit<SimulatorOptions, "replay" | "keys">): Simulator {
  return Simulator.create({
    validators: 4,
    remittanceRules: true,
    ...options,
    workload: { paymentsPerSecond: 4, remittancePpm: 500_000, ...options.workload },
    keys,
    replay: `node --import tsx --test --test-name-pattern="${name}" ${FILE}`,
  });
}

/** Remittance operations that committed and failed, by result code. */
function failures(sim: Simulator): string[] {
  return Object.entries(sim.checkers.remittances.stats.outcomes)
    .filter(([outcome, n]) => !outcome.endsWith(":ok") && n > 0)
    .map(([outcome]) => outcome);
}

test("remittances through crashes and restarts stay conserved and balanced", () => {
  const name = "through crashes and restarts";
  const sim = simulator(name, { seed: 0xf0, links: { dropPpm: 20_000 } });
  sim.runUntil((s) => s.minHonestHeight() >= 3, 30_000, "height 3");
  for (let i = 0; i < 6; i++) {
    const id = i % 4;
    sim.crash(id, { duringNextStep: i % 2 === 0 });
    sim.runFor(4_000);
    sim.restart(id);
    sim.runFor(3_000);
  }
  sim.network.setFaults({ dropPpm: 0 });
  sim.check.liveness({ heights: 5, withinMs: 90_000 });
  sim.check.all();
  assert.ok(sim.stats.restarts >= 6);
  assert.ok(sim.checkers.stats.remittances >= 10, `settled ${sim.checkers.stats.remittances}`);
  // The mix reached the ledger's refusals too, not only the happy path.
  assert.ok(failures(sim).length >= 3, `failures: ${failures(sim).join(", ")}`);
});

test("remittances across a partition: no progress, no divergence, and they resume", () => {
  const name = "across a partition";
  const sim = simulator(name, { seed: 0xf1 });
  sim.runUntil((s) => s.checkers.stats.remittances >= 5, 60_000, "five remittances");
  sim.network.partition([
    [0, 1],
    [2, 3],
  ]);
  sim.runFor(3_000);
  const during = sim.checkers.stats.remittances;
  // Quotes held before the cut lapse while it lasts; their liquidity returns to the provider.
  sim.runFor(20_000);
  assert.equal(sim.checkers.stats.remittances, during, "nothing settles without a quorum");
  sim.network.heal();
  sim.check.liveness({ heights: 10, withinMs: 120_000 });
  sim.check.all();
  assert.ok(sim.checkers.stats.remittances > during, "remittances settle again after the heal");
});

test("a remittance seed replays the same blocks, app hashes and outcomes", () => {
  const run = () => {
    const sim = simulator("replays", {
      seed: 0xf2,
      validators: 5,
      twins: [2],
      links: { dropPpm: 30_000, duplicatePpm: 30_000, delayMsMax: 300 },
    });
    sim.runFor(25_000);
    sim.crash(1, { duringNextStep: true });
    sim.runFor(5_000);
    sim.restart(1);
    sim.runFor(10_000);
    return {
      blocks: sim.nodes.map((n) =>
        n.storage.blocks.map((b) => Buffer.from(b.appHash).toString("hex")),
      ),
      stats: sim.checkers.stats,
      outcomes: sim.checkers.remittances.stats.outcomes,
    };
  };
  const first = run();
  assert.ok(first.stats.remittances > 0);
  assert.deepEqual(run(), first);
});
