/**
 * The command line of `npm run bench`: flags, their defaults, and what `--quick` changes.
 * Parsing only; cli.ts runs what this describes.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { OPEN_ACCOUNTS_MAX } from "./account-openings.ts";
import { SCENARIOS, scenarioNamed, type Scenario, type SweepOptions } from "./scenarios.ts";

export interface BenchOptions {
  readonly quick: boolean;
  readonly scenarios: readonly Scenario[];
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly accounts: number;
  readonly openAccounts: number;
  readonly hotShare: number;
  readonly hotMerchants: number;
  readonly sweep: SweepOptions;
  readonly p99LimitMs: number;
  readonly poolSize: number;
  readonly install: boolean;
  readonly seed: number;
  readonly tickMs: number;
  readonly drainTimeoutMs: number;
  readonly warmupSeconds: number;
  readonly out: string;
  readonly json: boolean;
  readonly keepDirs: boolean;
}

/** Defaults of a full run, and of `--quick` (about three minutes on a quiet 2-core machine). */
export const DEFAULTS = {
  full: {
    rates: [250, 500, 1000, 2000],
    seconds: 15,
    accounts: 10_000,
    sweepFrom: 250,
    sweepFactor: 1.5,
    sweepSteps: 12,
    drainSeconds: 30,
    warmupSeconds: 3,
  },
  quick: {
    rates: [250, 1000],
    seconds: 3,
    accounts: 2_000,
    sweepFrom: 500,
    sweepFactor: 2,
    sweepSteps: 4,
    drainSeconds: 10,
    warmupSeconds: 1,
  },
} as const;

function number(check: (n: number) => boolean, expected: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || !check(n)) {
      throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
    }
    return n;
  };
}

const positive = number((n) => n > 0, "a number > 0");
const positiveInteger = number((n) => Number.isInteger(n) && n > 0, "an integer > 0");

/**
 * Funded accounts the bench can put in a devnet's genesis: about 240 bytes each, and a node reads
 * at most 16 MiB of genesis (GENESIS_FILE_BYTES_MAX). Refused up front, not after minutes of
 * generating keys. A larger ledger gets its further accounts by transactions: --open-accounts.
 */
export const BENCH_ACCOUNTS_MAX = 60_000;

const accountCount = number(
  (n) => Number.isInteger(n) && n > 0 && n <= BENCH_ACCOUNTS_MAX,
  `an integer from 1 to ${BENCH_ACCOUNTS_MAX} (the accounts are funded in the genesis file, which a node reads up to 16 MiB; --open-accounts opens more)`,
);

function list<T>(parse: (item: string) => T) {
  return (value: string): T[] => {
    const items = value
      .split(/[\s,]+/)
      .filter((item) => item !== "")
      .map(parse);
    if (items.length === 0) throw new InvalidArgumentError("expected a comma-separated list");
    return items;
  };
}

function scenarioList(value: string): Scenario[] {
  return list((name) => {
    try {
      return scenarioNamed(name);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })(value);
}

export function benchCommand(): Command {
  return new Command("bench")
    .description(
      "Payments through the batch API of real validator processes: submit→final latency and " +
        "throughput per offered rate, against the signature bound and a PostgreSQL ledger " +
        "measured in the same run",
    )
    .option("--quick", "a short run: 3 s steps, 2,000 accounts, fewer rates (≈3 min when quiet)")
    .option(
      "--scenarios <list>",
      `comma-separated, from: ${SCENARIOS.map((s) => s.name).join(", ")} (default: all)`,
      scenarioList,
    )
    .option(
      "--rates <list>",
      "offered payments/s of the fixed-rate scenarios (default 250,500,1000,2000; quick 250,1000)",
      list(positive),
    )
    .option("--seconds <s>", "seconds of load per rate (default 15; quick 3)", positive)
    .option(
      "--accounts <n>",
      `funded accounts (default 10000; quick 2000; at most ${BENCH_ACCOUNTS_MAX})`,
      accountCount,
    )
    .option(
      "--open-accounts <n>",
      "accounts opened and funded by transactions before the load, beside the paying ones: " +
        `the ledger's size, e.g. 1000000 for the memory target (default 0; at most ${OPEN_ACCOUNTS_MAX})`,
      number(
        (n) => Number.isInteger(n) && n >= 0 && n <= OPEN_ACCOUNTS_MAX,
        `an integer from 0 to ${OPEN_ACCOUNTS_MAX}`,
      ),
      0,
    )
    .option(
      "--skew <share>",
      "share of payments paid to hot merchants in the *-hot scenarios",
      number((n) => n >= 0 && n <= 1, "a share from 0 to 1"),
      0.8,
    )
    .option("--hot <n>", "hot merchants in the *-hot scenarios", positiveInteger, 10)
    .option("--sweep-from <rate>", "first rate of the sweep (default 250; quick 500)", positive)
    .option(
      "--sweep-factor <x>",
      "each sweep step offers this much more (default 1.5; quick 2)",
      number((n) => n > 1, "a number > 1"),
    )
    .option("--sweep-steps <n>", "most steps of the sweep (default 12; quick 4)", positiveInteger)
    .option("--p99-limit-ms <ms>", "the sweep stops after the p99 passes this", positive, 2000)
    .option("--pool <n>", "PostgreSQL connections of the peer", positiveInteger, 16)
    .option("--no-install", "never install PostgreSQL with apt-get when it is missing")
    .option("--seed <n>", "seed of the payments (same seed, same payments)", positiveInteger, 1)
    .addOption(
      new Option("--tick-ms <ms>", "how often the generator hands over due payments")
        .argParser(positive)
        .default(20),
    )
    .option(
      "--drain-seconds <s>",
      "how long to wait for a step's last payments (default 30; quick 10)",
      positive,
    )
    .option(
      "--warmup-seconds <s>",
      "unreported load before each scenario's first step (default 3; quick 1; 0 for none)",
      number((n) => n >= 0, "a number ≥ 0"),
    )
    .option("--out <dir>", "where the plot and results.json are written", "bench-results")
    .option("--json", "print the results as JSON instead of a table")
    .option("--keep", "keep the devnets' directories (logs) instead of deleting them");
}

interface RawOptions {
  quick?: boolean;
  scenarios?: Scenario[];
  rates?: number[];
  seconds?: number;
  accounts?: number;
  openAccounts: number;
  skew: number;
  hot: number;
  sweepFrom?: number;
  sweepFactor?: number;
  sweepSteps?: number;
  p99LimitMs: number;
  pool: number;
  install: boolean;
  seed: number;
  tickMs: number;
  drainSeconds?: number;
  warmupSeconds?: number;
  out: string;
  json?: boolean;
  keep?: boolean;
}

/** Parses `argv` (user arguments only); throws commander's errors for bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const command = benchCommand()
    .exitOverride()
    .configureOutput({
      writeOut: () => {},
      writeErr: () => {},
    });
  command.parse([...argv], { from: "user" });
  const raw = command.opts<RawOptions>();
  const quick = raw.quick === true;
  const d = quick ? DEFAULTS.quick : DEFAULTS.full;
  return {
    quick,
    scenarios: raw.scenarios ?? SCENARIOS,
    rates: raw.rates ?? [...d.rates],
    seconds: raw.seconds ?? d.seconds,
    accounts: raw.accounts ?? d.accounts,
    openAccounts: raw.openAccounts,
    hotShare: raw.skew,
    hotMerchants: raw.hot,
    sweep: {
      fromTps: raw.sweepFrom ?? d.sweepFrom,
      factor: raw.sweepFactor ?? d.sweepFactor,
      stepsMax: raw.sweepSteps ?? d.sweepSteps,
    },
    p99LimitMs: raw.p99LimitMs,
    poolSize: raw.pool,
    install: raw.install,
    seed: raw.seed,
    tickMs: raw.tickMs,
    drainTimeoutMs: (raw.drainSeconds ?? d.drainSeconds) * 1000,
    warmupSeconds: raw.warmupSeconds ?? d.warmupSeconds,
    out: raw.out,
    json: raw.json === true,
    keepDirs: raw.keep === true,
  };
}
