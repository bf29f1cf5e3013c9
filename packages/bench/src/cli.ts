/**
 * `npm run bench`: the signature bound, the ledger scenarios on devnets of real validator
 * processes, and the PostgreSQL peer, all measured in one run on this machine; then the table
 * (or `--json`), `results.json` and the latency plot in `--out`.
 *
 *   npm run bench -- --quick
 *   npm run bench -- --scenarios 4-validators,postgresql --rates 500,1000 --seconds 10
 *   npm run bench -- --json > results.json
 *
 * Progress goes to stderr, one line per step, so stdout holds only the results.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CommanderError } from "commander";
import { measureBound } from "./bound.ts";
import { checkWorkload } from "./generator.ts";
import { runLedgerScenario, type RunContext } from "./ledger-scenario.ts";
import { machineInfo, withEndLoad } from "./machine.ts";
import { benchCommand, parseBenchOptions, type BenchOptions } from "./options.ts";
import { runPostgresPeers } from "./postgres-peer.ts";
import { buildReport, formatTable, type RunResults, type ScenarioResult } from "./report.ts";
import { ratesOf, type LedgerScenario, type PeerScenario } from "./scenarios.ts";
import { renderLatencyPlot, type PlotSeries } from "./svg-plot.ts";

/** Exit code for bad arguments (sysexits EX_USAGE). */
const EXIT_USAGE = 64;

function parseOrExit(argv: readonly string[]): BenchOptions {
  try {
    const options = parseBenchOptions(argv);
    checkWorkload({
      accounts: options.accounts,
      hotShare: options.scenarios.some((s) => s.mix === "hot") ? options.hotShare : 0,
      hotMerchants: options.hotMerchants,
      seed: options.seed,
    });
    return options;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help") {
        process.stdout.write(benchCommand().name("npm run bench --").helpInformation());
        process.exit(0);
      }
      process.stderr.write(`bench: ${error.message.replace(/^error: /, "")}\n`);
      process.stderr.write("Run `npm run bench -- --help` for the flags.\n");
      process.exit(EXIT_USAGE);
    }
    if (error instanceof RangeError) {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw error;
  }
}

function plotSeries(results: RunResults): PlotSeries[] {
  const series: PlotSeries[] = results.scenarios.map((s: ScenarioResult) => ({
    name: s.name,
    points: s.steps,
  }));
  for (const peer of results.peers) {
    if (!("skipped" in peer)) series.push({ name: peer.name, points: peer.steps });
  }
  return series;
}

async function main(): Promise<void> {
  const options = parseOrExit(process.argv.slice(2));
  const startedMs = performance.now();
  const progress = (line: string) => {
    const elapsed = ((performance.now() - startedMs) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[bench ${elapsed} s] ${line}\n`);
  };

  // Validators and the PostgreSQL server are processes of their own: stop them on Ctrl-C too.
  const stoppers = new Set<() => Promise<void>>();
  let interrupted = false;
  const interrupt = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    progress(`${signal}: stopping the validators and the database…`);
    void Promise.allSettled([...stoppers].map((stop) => stop())).then(() => process.exit(130));
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));

  const context: RunContext = {
    seconds: options.seconds,
    tickMs: options.tickMs,
    accounts: options.accounts,
    openAccounts: options.openAccounts,
    hotShare: options.hotShare,
    hotMerchants: options.hotMerchants,
    seed: options.seed,
    drainTimeoutMs: options.drainTimeoutMs,
    warmupSeconds: options.warmupSeconds,
    p99LimitMs: options.p99LimitMs,
    refine: !options.quick,
    keepDirs: options.keepDirs,
    progress,
    defer: (stop) => {
      stoppers.add(stop);
      return () => stoppers.delete(stop);
    },
  };

  const machine = machineInfo();
  progress(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; ` +
      `load average ${machine.loadAverageStart}`,
  );
  progress("measuring the signature bound (Ed25519 and P-256 verifications per core)");
  const bound = measureBound({ windowMs: options.quick ? 200 : 500, windows: 5 });
  progress(
    `bound: Ed25519 ${Math.round(bound.verifyPerCore)} verifies/s/core, ` +
      `P-256 ${Math.round(bound.p256VerifyPerCore)}; ${bound.cores} cores`,
  );

  const scenarios: ScenarioResult[] = [];
  const ledgerScenarios = options.scenarios.filter((s): s is LedgerScenario => s.kind === "ledger");
  for (const scenario of ledgerScenarios) {
    scenarios.push(
      await runLedgerScenario(
        scenario,
        ratesOf(scenario, options.rates, options.sweep, !options.quick),
        context,
        bound,
      ),
    );
  }
  const peerScenarios = options.scenarios.filter((s): s is PeerScenario => s.kind === "peer");
  const peers = await runPostgresPeers(
    peerScenarios,
    (scenario) => ratesOf(scenario, options.rates, options.sweep),
    context,
    { poolSize: options.poolSize, install: options.install },
  );

  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const plotPath = resolve(out, "latency.svg");
  const results: RunResults = {
    machine: withEndLoad(machine),
    settings: {
      command: ["npm run bench --", ...process.argv.slice(2)].join(" "),
      quick: options.quick,
      seconds: options.seconds,
      accounts: options.accounts,
      openAccounts: options.openAccounts,
      hotShare: options.hotShare,
      hotMerchants: options.hotMerchants,
      seed: options.seed,
      p99LimitMs: options.p99LimitMs,
      tickMs: options.tickMs,
      warmupSeconds: options.warmupSeconds,
    },
    bound,
    scenarios,
    peers,
    plot: plotPath,
  };
  await writeFile(
    plotPath,
    renderLatencyPlot(plotSeries(results), {
      title: `Submit → final latency against offered load (${machine.cores} cores, ${options.seconds} s per step)`,
      p99LimitMs: options.p99LimitMs,
    }),
  );
  const report = buildReport(results);
  await writeFile(resolve(out, "results.json"), JSON.stringify(report, null, 2) + "\n");
  progress(`done in ${Math.round((performance.now() - startedMs) / 1000)} s; plot ${plotPath}`);
  process.stdout.write(
    options.json ? JSON.stringify(report, null, 2) + "\n" : formatTable(report) + "\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
