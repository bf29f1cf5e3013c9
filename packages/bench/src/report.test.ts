// Goal: `--json` prints the documented shape — machine, bound, scenarios with their headline
// figures and bound, peers (or why they were skipped) — with null, never NaN, for what could not
// be measured; and the table shows every step. Method: a hand-built run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildReport, formatTable, type RunResults, type StepResult } from "./report.ts";

function step(
  offeredTps: number,
  tps: number,
  p99Ms: number,
  extra: Partial<StepResult> = {},
): StepResult {
  return {
    offeredTps,
    seconds: 3,
    tps,
    p50Ms: p99Ms / 2,
    p99Ms,
    maxMs: p99Ms * 1.2,
    submitted: offeredTps * 3,
    committed: offeredTps * 3,
    failed: 0,
    lost: 0,
    refused: {},
    lagMsMax: 0,
    cpuPct: 55,
    rssMbMax: 180,
    generatorCpuPct: 20,
    processes: [{ name: "hk-emoney", cpuPct: 55, rssMbMax: 180 }],
    ...extra,
  };
}

const run: RunResults = {
  machine: {
    cpuModel: "Test CPU",
    cores: 2,
    memoryGb: 24,
    node: "v20.0.0",
    os: "linux 6",
    loadAverageStart: 1,
    loadAverageEnd: 2,
  },
  settings: {
    command: "npm run bench -- --quick",
    quick: true,
    seconds: 3,
    accounts: 2000,
    hotShare: 0.8,
    hotMerchants: 10,
    seed: 1,
    p99LimitMs: 2000,
    tickMs: 20,
    warmupSeconds: 1,
  },
  bound: { verifyPerCore: 9000, p256VerifyPerCore: 15000, cores: 2 },
  scenarios: [
    {
      name: "4-validators",
      validators: 4,
      mix: "uniform",
      boundTps: 4500,
      steps: [step(250, 250, 400, { paymentsPerBlock: 60 }), step(1000, 900, 2500)],
    },
    { name: "1-validator", validators: 1, mix: "uniform", boundTps: 18000, steps: [] },
  ],
  peers: [
    {
      name: "postgresql",
      mix: "uniform",
      settings: { fsync: "on" },
      steps: [step(250, 250, 20), step(1000, 1000, 40, { retries: 3 })],
    },
    { name: "postgresql-hot", mix: "hot", skipped: "PostgreSQL is not installed" },
  ],
  plot: "/tmp/latency.svg",
};

test("the JSON report has the documented shape", () => {
  const report = buildReport(run);
  assert.deepEqual(Object.keys(report).sort(), [
    "bound",
    "machine",
    "peers",
    "plot",
    "scenarios",
    "settings",
  ]);
  assert.deepEqual(report.bound, { verifyPerCore: 9000, p256VerifyPerCore: 15000, cores: 2 });
  const [four, one] = report.scenarios;
  for (const key of [
    "name",
    "validators",
    "tps",
    "p50Ms",
    "p99Ms",
    "maxMs",
    "cpuPct",
    "rssMbMax",
    "boundTps",
  ]) {
    assert.ok(key in four!, key);
  }
  assert.equal(four!.name, "4-validators");
  assert.equal(four!.validators, 4);
  // The headline is the step that kept up (250/s), not the faster one past the p99 limit.
  assert.equal(four!.tps, 250);
  assert.equal(four!.p99Ms, 400);
  assert.equal(four!.keptUp, true);
  // The most it carried at all, whatever the latency, is what the bound and the peer's most
  // are compared with.
  assert.equal(four!.tpsMax, 900);
  assert.equal(four!.boundTps, 4500);
  assert.equal(four!.boundShare, 0.2);
  assert.equal(four!.saturated, true);
  assert.deepEqual(four!.vsPeer, { peer: "postgresql", tpsRatio: 0.25, tpsMaxRatio: 0.9 });
  assert.equal(four!.steps.length, 2);
  assert.equal(four!.steps[0]!.paymentsPerBlock, 60);
  // Nothing measured: nulls, which JSON can carry.
  assert.equal(one!.tps, null);
  assert.equal(one!.tpsMax, null);
  assert.equal(one!.p99Ms, null);
  assert.equal(one!.keptUp, false);
  assert.equal(one!.vsPeer!.tpsRatio, null);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(report)));
  assert.ok(!JSON.stringify(report).includes("NaN"));
  const [pg, pgHot] = report.peers;
  assert.ok(
    pg !== undefined && "tps" in pg && pg.tps === 1000 && pg.p50Ms === 20 && pg.p99Ms === 40,
  );
  assert.deepEqual(pgHot, {
    name: "postgresql-hot",
    mix: "hot",
    skipped: "PostgreSQL is not installed",
  });
});

test("the table lists every step, the skipped peer's reason and the plot", () => {
  const text = formatTable(buildReport(run));
  assert.match(text, /4-validators\s+250\s+250/);
  assert.match(text, /4-validators\s+1,000\s+900/);
  assert.match(text, /postgresql\s+1,000\s+1,000/);
  assert.match(text, /postgresql-hot\s.*skipped$/m);
  assert.match(text, /^postgresql-hot skipped: PostgreSQL is not installed$/m);
  assert.match(
    text,
    /4-validators\s+250 at 250\/s\s+400\s+900\s+4,500\s+0\.20\s+0\.25\s+0\.90 × postgresql/,
  );
  assert.match(text, /1-validator\s+never/);
  assert.match(text, /Ed25519 9,000 verifies\/s\/core/);
  assert.match(text, /Plot: \/tmp\/latency\.svg/);
});
