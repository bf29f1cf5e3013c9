/**
 * The peer scenarios: the same payments (same generator, same seed per rate) offered to the
 * PostgreSQL ledger (postgres-ledger.ts) on a throw-away server (postgres-server.ts), open-loop
 * through a pool of concurrent connections. A payment's latency runs from the moment it is
 * handed to the pool to the moment its durable commit is acknowledged — the database's
 * equivalent of submit → final (queueing for a connection included, as a payment queues in a
 * mempool).
 *
 * If PostgreSQL cannot be found, installed or started, every peer scenario is reported as
 * skipped with the reason and the run goes on.
 */
import { createHash, randomBytes } from "node:crypto";
import { PaymentGenerator, type PaymentIntent } from "./generator.ts";
import {
  CURRENCY,
  GENERATOR,
  OPENING_BALANCE_MINOR,
  fmtMs,
  stepLine,
  type RunContext,
} from "./ledger-scenario.ts";
import type { LatencyRecorder } from "./latency-recorder.ts";
import { PostgresLedger, PostgresPaymentError, type Payment } from "./postgres-ledger.ts";
import {
  PostgresUnavailableError,
  ensurePostgres,
  startPostgres,
  type RunningPostgres,
} from "./postgres-server.ts";
import { ProcessSampler, childPids, type GroupUsage } from "./process-sampler.ts";
import type { PeerResult, StepResult } from "./report.ts";
import { stepSeed, type PeerScenario } from "./scenarios.ts";
import { offerLadder } from "./ladder.ts";
import { runStep } from "./step.ts";

export interface PeerOptions {
  /** Concurrent connections in the pool. */
  readonly poolSize: number;
  /** Install Debian's postgresql with apt-get when it is missing. */
  readonly install: boolean;
}

const SERVER = "postgresql";

/** An account's id in the peer's tables: 40 hex characters, like a ledger account id. */
export function peerAccountId(index: number): string {
  return createHash("sha256").update(`tongbao-bench-account-${index}`).digest("hex").slice(0, 40);
}

function peerUsage(groups: readonly GroupUsage[]) {
  const server = groups.find((g) => g.name === SERVER);
  return {
    cpuPct: server?.cpuPct ?? NaN,
    rssMbMax: server?.rssMbMax ?? NaN,
    generatorCpuPct: groups.find((g) => g.name === GENERATOR)?.cpuPct ?? NaN,
  };
}

export async function runPostgresPeers(
  scenarios: readonly PeerScenario[],
  ratesOf: (scenario: PeerScenario) => readonly number[],
  context: RunContext,
  options: PeerOptions,
): Promise<PeerResult[]> {
  if (scenarios.length === 0) return [];
  const { progress } = context;
  let server: RunningPostgres;
  try {
    const binaries = await ensurePostgres({ install: options.install, log: progress });
    progress(
      `postgresql: starting PostgreSQL ${binaries.version} in a temp directory on 127.0.0.1`,
    );
    server = await startPostgres(binaries);
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    progress(`postgresql: skipped — ${error.message}`);
    return scenarios.map((s) => ({ name: s.name, mix: s.mix, skipped: error.message }));
  }
  const results: PeerResult[] = [];
  const undefer = context.defer(() => server.stop());
  try {
    for (const scenario of scenarios) {
      results.push(await runPeerScenario(scenario, ratesOf(scenario), server, context, options));
    }
  } finally {
    await server.stop();
    undefer();
  }
  return results;
}

async function runPeerScenario(
  scenario: PeerScenario,
  rates: readonly number[],
  server: RunningPostgres,
  context: RunContext,
  options: PeerOptions,
): Promise<PeerResult> {
  const { progress } = context;
  const ledger = new PostgresLedger(server, options.poolSize);
  const steps: StepResult[] = [];
  let settings: Record<string, string>;
  try {
    progress(
      `${scenario.name}: creating the balances of ${context.accounts} accounts and the journal`,
    );
    const accounts = Array.from({ length: context.accounts }, (_, i) => peerAccountId(i));
    await ledger.setup(accounts, CURRENCY, OPENING_BALANCE_MINOR);
    settings = await ledger.settings();
    if (settings["fsync"] !== "on" || settings["synchronous_commit"] !== "on") {
      throw new Error(`PostgreSQL is not durable here: ${JSON.stringify(settings)}`);
    }
    const opening = await ledger.totals(CURRENCY);
    const sampler = new ProcessSampler([
      { name: SERVER, pids: () => [server.pid, ...childPids(server.pid)] },
      { name: GENERATOR, pids: () => [process.pid] },
    ]);
    const inFlight = new Set<Promise<void>>();
    let current: LatencyRecorder | undefined;
    /** Offers `rate` for `seconds`, then lets the pool's queue finish. */
    const offer = async (rate: number, seconds: number, label: string): Promise<StepResult> => {
      const total = Math.max(1, Math.round(rate * seconds));
      const generator = new PaymentGenerator({
        accounts: context.accounts,
        hotShare: scenario.mix === "hot" ? context.hotShare : 0,
        hotMerchants: context.hotMerchants,
        seed: stepSeed(context.seed, scenario.mix, rate),
      });
      const payments = generator.take(total).map((intent: PaymentIntent): Payment => ({
        id: randomBytes(16).toString("hex"),
        payer: accounts[intent.from]!,
        payee: accounts[intent.to]!,
        currency: CURRENCY,
        amountMinor: intent.amountMinor,
      }));
      const retriesBefore = ledger.retries;
      progress(
        `${label}: offering ${total} payments for ${seconds} s ` +
          `through a pool of ${options.poolSize} connections`,
      );
      const step = await runStep<Payment>({
        ratePerS: rate,
        seconds,
        tickMs: context.tickMs,
        payments,
        sampler,
        drainTimeoutMs: context.drainTimeoutMs,
        useRecorder: (recorder) => (current = recorder),
        usage: peerUsage,
        extra: () => ({ retries: ledger.retries - retriesBefore }),
        target: {
          send: (due, _tick, recorder) => {
            recorder.submitted(
              due.map((p) => p.id),
              performance.now(),
            );
            for (const payment of due) {
              const done = ledger.pay(payment).then(
                (result) => {
                  current?.committed([payment.id], performance.now(), [result === "ok" ? 0 : 1]);
                },
                (error: unknown) => {
                  const code = error instanceof PostgresPaymentError ? error.code : "client_error";
                  current?.refused(payment.id, code);
                },
              );
              inFlight.add(done);
              void done.finally(() => inFlight.delete(done));
            }
          },
          // The database answers a payment with its commit: nothing else to wait for.
          settled: () => Promise.resolve(),
          idle: () => Promise.resolve(),
        },
      });
      // Payments still queued in the pool would load the next step: let them finish first.
      const deadline = performance.now() + 3 * context.drainTimeoutMs;
      while (inFlight.size > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return step;
    };
    if (context.warmupSeconds > 0 && rates[0] !== undefined) {
      // A fresh server fills its caches and its pool's connections first.
      const warm = await offer(
        rates[0],
        context.warmupSeconds,
        `${scenario.name}: warm-up @ ${rates[0]}/s`,
      );
      progress(`${stepLine(`${scenario.name}: warm-up`, warm)} (not reported)`);
    }
    const offered = await offerLadder(
      rates,
      { stopsWhenBehind: true, refine: context.refine, p99LimitMs: context.p99LimitMs },
      (rate) => offer(rate, context.seconds, `${scenario.name} @ ${rate}/s`),
      {
        step: (step, between) =>
          progress(
            `${stepLine(scenario.name, step)}${between ? " (between the last two)" : ""}; ` +
              `${step.retries} serialization retries`,
          ),
        stopped: (rate, step) =>
          progress(
            `${scenario.name}: stopping at ${rate}/s — PostgreSQL no longer keeps up ` +
              `(${Math.round(step.tps)} final/s, p99 ${fmtMs(step.p99Ms)}, ${step.committed}/${step.submitted} final)`,
          ),
      },
    );
    steps.push(...offered);
    const closing = await ledger.totals(CURRENCY);
    if (closing.balanceMinor !== opening.balanceMinor) {
      throw new Error(
        `${scenario.name}: money was created or lost (${opening.balanceMinor} → ${closing.balanceMinor} minor units)`,
      );
    }
  } finally {
    await ledger.close();
  }
  return {
    name: scenario.name,
    mix: scenario.mix,
    settings: { ...settings, poolSize: options.poolSize },
    steps,
  };
}
