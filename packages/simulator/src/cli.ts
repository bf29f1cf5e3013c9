/**
 * `npm run sim -- --seed N` replays one seed exactly; `npm run sim -- --seeds K` runs a swarm of
 * K seeds. Prints one line per seed and a summary; on a violation, the seed, what broke and the
 * command that replays it. Exit status 1 on any violation, 2 on bad arguments.
 *
 * This is the shell around the simulator: it alone reads the wall clock (to report seeds per
 * second) and, when no --from is given, picks the swarm's first seed at random, so that each
 * swarm explores new seeds. Every seed it runs is replayable on its own.
 */
import { randomInt } from "node:crypto";
import { KeyRing } from "./keys.ts";
import { describeResult, replayCommand, runSeed, type Mix, type RunOptions } from "./swarm.ts";

const USAGE = `usage: npm run sim -- --seed N [--canary] [--mix default|fork-prone] [--verbose]
       npm run sim -- --seeds K [--from S] [--canary] [--mix default|fork-prone]

  --seed N     run seed N (decimal or 0x-hex) and print what happened
  --seeds K    run K seeds: S, S+1, … (S from --from, or random) and a summary
  --canary     run with unsafeSkipLockCheck (the engine without its locking rule) on the
               fork-prone mix: the run must end in an agreement violation
  --mix M      draw configurations from mix M (default; fork-prone is the canary's mix)
  --verbose    with --seed: print the drawn fault schedule and the run's statistics`;

interface Args {
  seed?: number;
  seeds?: number;
  from?: number;
  canary: boolean;
  mix?: Mix;
  verbose: boolean;
}

function parseSeed(text: string | undefined, flag: string): number {
  const value = text === undefined ? NaN : Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new Error(`${flag}: expected an integer from 0 to 2^32 − 1, got ${text ?? "nothing"}`);
  }
  return value;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { canary: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case "--seed":
        args.seed = parseSeed(argv[++i], flag);
        break;
      case "--seeds":
        args.seeds = parseSeed(argv[++i], flag);
        break;
      case "--from":
        args.from = parseSeed(argv[++i], flag);
        break;
      case "--canary":
        args.canary = true;
        break;
      case "--mix": {
        const mix = argv[++i];
        if (mix !== "default" && mix !== "fork-prone") {
          throw new Error(`--mix: expected default or fork-prone, got ${mix ?? "nothing"}`);
        }
        args.mix = mix;
        break;
      }
      case "--verbose":
        args.verbose = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${flag}`);
    }
  }
  if ((args.seed === undefined) === (args.seeds === undefined)) {
    throw new Error("give exactly one of --seed N and --seeds K");
  }
  return args;
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const keys = new KeyRing();
  const options: RunOptions = {
    canary: args.canary,
    keys,
    ...(args.mix === undefined ? {} : { mix: args.mix }),
  };
  if (args.seed !== undefined) return runOne(args.seed, options, args.verbose);
  return runSwarm(args.from ?? randomInt(0, 2 ** 31), args.seeds!, options);
}

function runOne(seed: number, options: RunOptions, verbose: boolean): number {
  const result = runSeed(seed, options);
  console.log(describeResult(result));
  if (verbose) {
    for (const fault of result.config.faults) console.log(`  fault ${JSON.stringify(fault)}`);
    console.log(`  stats ${JSON.stringify(result.stats)}`);
  }
  if (result.violation !== undefined) {
    console.log(`\n${result.violation.message}`);
    return 1;
  }
  return 0;
}

function runSwarm(from: number, count: number, options: RunOptions): number {
  const started = performance.now();
  const failures: number[] = [];
  let heights = 0;
  let payments = 0;
  for (let seed = from; seed < from + count; seed++) {
    const result = runSeed(seed >>> 0, options);
    heights += result.heights;
    payments += result.payments;
    console.log(describeResult(result));
    if (result.violation !== undefined) {
      failures.push(seed >>> 0);
      console.log(`  ${result.violation.message.replace(/\n/g, "\n  ")}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\n${count} seeds from ${from}: ${count - failures.length} passed, ${failures.length} failed; ` +
      `${heights} blocks, ${payments} payments; ${seconds.toFixed(1)} s (${(count / seconds).toFixed(1)} seeds/s)`,
  );
  for (const seed of failures) console.log(`  replay: ${replayCommand(seed, options)}`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = main();
