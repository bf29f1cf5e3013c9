/**
 * A ledger scenario: a fresh devnet of real validator processes (`tongbao node start`, mutual TLS
 * on 127.0.0.1, LMDB, the devnet's timeouts), each serving the public API; payments pre-signed
 * per step, submitted open-loop through the batch endpoint of every gateway, and their commit
 * moments read from the gateways' block subscriptions (commit-stream.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { limits } from "@tongbao/api";
import { DEVNET_NODE_SETTINGS, Devnet, Signer, freePorts, prepareDevnet } from "@tongbao/cli";
import { createClient, getStatus } from "@tongbao/client";
import { boundTps, type Bound } from "./bound.ts";
import { CommitStream } from "./commit-stream.ts";
import { PaymentGenerator, signPayments, type SignedPayment } from "./generator.ts";
import type { LatencyRecorder } from "./latency-recorder.ts";
import { loopbackAddress, loopbackFetch } from "./loopback-fetch.ts";
import { ProcessSampler, type GroupUsage } from "./process-sampler.ts";
import type { ScenarioResult, StepResult } from "./report.ts";
import { stepSeed, sweepShouldStop, type LedgerScenario } from "./scenarios.ts";
import { runStep } from "./step.ts";
import { BatchSubmitter, planLanes } from "./submitter.ts";

export interface RunContext {
  readonly seconds: number;
  readonly tickMs: number;
  readonly accounts: number;
  /** Share of payments to hot merchants in the "hot" mix. */
  readonly hotShare: number;
  readonly hotMerchants: number;
  readonly seed: number;
  readonly drainTimeoutMs: number;
  /** Load offered before the first step and not reported: 0 for none. */
  readonly warmupSeconds: number;
  readonly p99LimitMs: number;
  readonly keepDirs: boolean;
  readonly progress: (line: string) => void;
  /** Registers what stops a process this run started, should the run be interrupted. */
  readonly defer: (stop: () => Promise<void>) => () => void;
}

export const CURRENCY = "HKD";
/** Each account's opening balance: far more than a run's payments can spend. */
export const OPENING_BALANCE = "100000.00";
export const OPENING_BALANCE_MINOR = 10_000_000n;
/** Loopback address number of the recorder's block reads (submitters start at 10). */
const RECORDER_ADDRESS = 2;
/** How long a fresh devnet has to commit its first blocks. */
const READY_TIMEOUT_MS = 120_000;

/** The name shown for a generator process in the per-process figures. */
export const GENERATOR = "generator";

/** Validators' mean CPU and largest RSS; the generator's own CPU. */
export function validatorUsage(groups: readonly GroupUsage[]): {
  cpuPct: number;
  rssMbMax: number;
  generatorCpuPct: number;
} {
  const validators = groups.filter((g) => g.name !== GENERATOR);
  return {
    cpuPct: validators.reduce((sum, g) => sum + g.cpuPct, 0) / Math.max(1, validators.length),
    rssMbMax: Math.max(0, ...validators.map((g) => g.rssMbMax)),
    generatorCpuPct: groups.find((g) => g.name === GENERATOR)?.cpuPct ?? NaN,
  };
}

export const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : "–");

export function stepLine(name: string, step: StepResult): string {
  const refused = Object.entries(step.refused)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return (
    `${name} @ ${step.offeredTps}/s: ${Math.round(step.tps)} final/s, p50 ${fmtMs(step.p50Ms)}, ` +
    `p99 ${fmtMs(step.p99Ms)}, max ${fmtMs(step.maxMs)}; ${step.committed}/${step.submitted} final` +
    (step.lost > 0 ? `, ${step.lost} lost` : "") +
    (refused === "" ? "" : `, refused: ${refused}`) +
    `; cpu ${Math.round(step.cpuPct)} %/process` +
    (step.lagMsMax > 50 ? `; generator ${Math.round(step.lagMsMax)} ms behind schedule` : "")
  );
}

export async function runLedgerScenario(
  scenario: LedgerScenario,
  rates: readonly number[],
  context: RunContext,
  bound: Bound,
): Promise<ScenarioResult> {
  const { progress } = context;
  const { validators } = scenario;
  progress(
    `${scenario.name}: creating a devnet of ${validators} validator${validators === 1 ? "" : "s"} ` +
      `with ${context.accounts} funded accounts`,
  );
  const dir = await mkdtemp(join(tmpdir(), "tongbao-bench-"));
  const prepared = await prepareDevnet({
    dir,
    validators,
    ports: await freePorts(validators),
    // Validators only: an observer would share the cores being measured.
    observer: false,
    node: { ...DEVNET_NODE_SETTINGS, logLevel: process.env["TONGBAO_BENCH_LOG"] ?? "warn" },
    extraAccounts: {
      count: context.accounts,
      institution: "hk-emoney",
      balances: { [CURRENCY]: OPENING_BALANCE },
    },
  });
  const chainId = prepared.genesis.chainId;
  const devnet = new Devnet(prepared, { statusMs: 1000, api: true });
  const recorderConnection = loopbackFetch(loopbackAddress(RECORDER_ADDRESS));
  let stream: CommitStream | undefined;
  const steps: StepResult[] = [];
  const undefer = context.defer(() => devnet.stopAll());
  try {
    progress(`${scenario.name}: starting the validators`);
    await devnet.startAll();
    await devnet.waitForHeight(2, READY_TIMEOUT_MS);
    const gateways = devnet.nodes.map((node) => {
      if (node.apiUrl === undefined) throw new Error(`${node.name} started without an API`);
      return {
        name: node.name,
        url: node.apiUrl,
        client: createClient({ url: node.apiUrl, chainId, fetch: recorderConnection.fetch }),
      };
    });
    let current: LatencyRecorder | undefined;
    stream = new CommitStream({
      gateways,
      onBlock: (block) => current?.committed(block.hashes, block.atMs, block.codes),
      onWarning: (line) => progress(`${scenario.name}: ${line}`),
    });
    await stream.start();
    const signers = prepared.extraKeys.map((key) => new Signer(chainId, key));
    const sampler = new ProcessSampler([
      ...devnet.nodes.map((node) => ({
        name: node.name,
        pids: () => (node.pid === undefined ? [] : [node.pid]),
      })),
      { name: GENERATOR, pids: () => [process.pid] },
    ]);
    /** Offers `rate` for `seconds`: sign, submit open-loop, wait for the last to be final. */
    const offer = async (rate: number, seconds: number, label: string): Promise<StepResult> => {
      const total = Math.max(1, Math.round(rate * seconds));
      progress(`${label}: signing ${total} payments`);
      const generator = new PaymentGenerator({
        accounts: context.accounts,
        hotShare: scenario.mix === "hot" ? context.hotShare : 0,
        hotMerchants: context.hotMerchants,
        seed: stepSeed(context.seed, scenario.mix, rate),
      });
      const payments = signPayments(generator.take(total), signers, CURRENCY);
      const plan = planLanes(rate, validators, context.tickMs);
      const submitter = new BatchSubmitter(
        gateways.map((g) => g.url),
        chainId,
        plan,
      );
      let batch = 0;
      progress(
        `${label}: offering ${total} payments for ${seconds} s through ` +
          `${plan.submitters} submitter${plan.submitters === 1 ? "" : "s"} × ${validators} gateway${validators === 1 ? "" : "s"}`,
      );
      try {
        return await runStep<SignedPayment>({
          ratePerS: rate,
          seconds,
          tickMs: context.tickMs,
          payments,
          sampler,
          drainTimeoutMs: context.drainTimeoutMs,
          useRecorder: (recorder) => (current = recorder),
          usage: validatorUsage,
          extra: (outcome) => ({
            paymentsPerBlock: outcome.committed / Math.max(1, outcome.commits.length),
          }),
          target: {
            send: (due, _tick, recorder) => {
              for (let i = 0; i < due.length; i += limits.BATCH_ITEMS_MAX) {
                const chunk = due.slice(i, i + limits.BATCH_ITEMS_MAX);
                recorder.submitted(
                  chunk.map((p) => p.hash),
                  performance.now(),
                );
                void submitter
                  .submit(
                    batch++,
                    chunk.map((p) => p.bytes),
                  )
                  .then((answers) =>
                    answers.forEach((answer, k) => {
                      if (answer.status === "refused")
                        recorder.refused(chunk[k]!.hash, answer.code);
                    }),
                  );
              }
            },
            settled: () => submitter.settled(),
            idle: () => stream!.idle(),
          },
        });
      } finally {
        submitter.close();
        await waitForEmptyMempools(
          gateways.map((g) => g.client),
          context.drainTimeoutMs,
        );
      }
    };
    if (context.warmupSeconds > 0 && rates[0] !== undefined) {
      // Fresh processes compile and warm their caches first; that is not the ledger's steady cost.
      const warm = await offer(
        rates[0],
        context.warmupSeconds,
        `${scenario.name}: warm-up @ ${rates[0]}/s`,
      );
      progress(`${stepLine(`${scenario.name}: warm-up`, warm)} (not reported)`);
    }
    for (const rate of rates) {
      const step = await offer(rate, context.seconds, `${scenario.name} @ ${rate}/s`);
      steps.push(step);
      progress(stepLine(scenario.name, step));
      if (scenario.rates !== "fixed" && sweepShouldStop(step, context.p99LimitMs)) {
        progress(
          `${scenario.name}: stopping the sweep at ${rate}/s — the network no longer keeps up ` +
            `(${Math.round(step.tps)} final/s, p99 ${fmtMs(step.p99Ms)}, ${step.committed}/${step.submitted} final)`,
        );
        break;
      }
    }
  } finally {
    await stream?.stop();
    recorderConnection.close();
    await devnet.stopAll();
    undefer();
    if (context.keepDirs) progress(`${scenario.name}: kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  return {
    name: scenario.name,
    validators,
    mix: scenario.mix,
    boundTps: boundTps(bound, validators),
    steps,
  };
}

/** Waits until no gateway holds waiting payments, so one step's backlog does not load the next. */
async function waitForEmptyMempools(
  clients: readonly Parameters<typeof getStatus>[0][],
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const sizes = await Promise.all(
      clients.map((client) =>
        getStatus(client).then(
          (status) => status.mempool.transactions,
          () => 0,
        ),
      ),
    );
    if (sizes.every((n) => n === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
