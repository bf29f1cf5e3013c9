// Goal: CPU and memory are read from /proc correctly, including command names with spaces and
// parentheses, and a window reports a group's usage.
// Method: parse recorded /proc lines; sample this test's own process (values only checked for
// being present and sane — a unit test asserts no timing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProcessSampler, parseProcStat, parseVmRssKb } from "./process-sampler.ts";

test("stat fields are counted from the last parenthesis", () => {
  const line =
    "4242 (node (tsx) x) S 17 4242 17 0 -1 4194560 12345 0 3 0 731 129 0 0 20 0 11 0 " +
    "5000 1073741824 30000 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0";
  assert.deepEqual(parseProcStat(line), { pid: 4242, ppid: 17, cpuTicks: 860 });
  assert.throws(() => parseProcStat("garbage"), /not a \/proc/);
});

test("VmRSS in kB, 0 when absent", () => {
  assert.equal(
    parseVmRssKb("Name:\tnode\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n"),
    123456,
  );
  assert.equal(parseVmRssKb("Name:\tzombie\nState:\tZ (zombie)\n"), 0);
});

test(
  "a window reports this process's CPU and RSS",
  { skip: process.platform !== "linux" && "needs /proc" },
  () => {
    const sampler = new ProcessSampler([{ name: "self", pids: () => [process.pid] }], 10_000);
    sampler.begin();
    let x = 0;
    for (let i = 0; i < 2_000_000; i++) x += Math.sqrt(i);
    assert.ok(x > 0);
    const [self] = sampler.end();
    assert.equal(self?.name, "self");
    assert.ok(self!.cpuPct >= 0 && Number.isFinite(self!.cpuPct));
    assert.ok(self!.rssMbMax > 1);
  },
);
