// Goal: the flags mean what the help says, `--quick` only changes defaults, and bad values are
// refused with the flag's name. Method: parse argument lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULTS, parseBenchOptions } from "./options.ts";

test("a full run by default, every scenario", () => {
  const options = parseBenchOptions([]);
  assert.equal(options.quick, false);
  assert.equal(options.seconds, DEFAULTS.full.seconds);
  assert.deepEqual(options.rates, DEFAULTS.full.rates);
  assert.equal(options.scenarios.length, 6);
  assert.equal(options.install, true);
  assert.equal(options.out, "bench-results");
  assert.equal(options.openAccounts, 0);
});

test("--quick shortens what was not given explicitly", () => {
  const options = parseBenchOptions(["--quick", "--seconds", "5"]);
  assert.equal(options.seconds, 5);
  assert.equal(options.accounts, DEFAULTS.quick.accounts);
  assert.deepEqual(options.sweep, { fromTps: 500, factor: 2, stepsMax: 4 });
  assert.equal(options.drainTimeoutMs, DEFAULTS.quick.drainSeconds * 1000);
});

test("lists, scenarios and switches", () => {
  const options = parseBenchOptions([
    "--scenarios",
    "4-validators,postgresql",
    "--rates",
    "100, 200",
    "--skew",
    "0.5",
    "--no-install",
    "--json",
  ]);
  assert.deepEqual(
    options.scenarios.map((s) => s.name),
    ["4-validators", "postgresql"],
  );
  assert.deepEqual(options.rates, [100, 200]);
  assert.equal(options.hotShare, 0.5);
  assert.equal(options.install, false);
  assert.equal(options.json, true);
});

test("bad values name the flag", () => {
  assert.throws(() => parseBenchOptions(["--rates", "100,abc"]), /--rates/);
  assert.throws(() => parseBenchOptions(["--seconds", "0"]), /--seconds/);
  assert.throws(() => parseBenchOptions(["--skew", "2"]), /--skew/);
  assert.throws(() => parseBenchOptions(["--accounts", "1000000"]), /--accounts.*16 MiB/);
  assert.equal(parseBenchOptions(["--accounts", "60000"]).accounts, 60_000);
  assert.equal(parseBenchOptions(["--open-accounts", "1000000"]).openAccounts, 1_000_000);
  assert.throws(() => parseBenchOptions(["--open-accounts", "-5"]), /--open-accounts/);
  assert.throws(
    () => parseBenchOptions(["--open-accounts", "3000000"]),
    /--open-accounts.*2000000/,
  );
  assert.throws(() => parseBenchOptions(["--scenarios", "7-validators"]), /the scenarios are/);
  assert.throws(() => parseBenchOptions(["--frobnicate"]), /unknown option/);
});
