/**
 * A ledger scenario: a fresh devnet of real validator processes (`tongbao node start`, mutual TLS
 * on 127.0.0.1, LMDB, the devnet's timeouts), each serving the public API; payments pre-signed
 * per step, submitted open-loop through the batch endpoint of every gateway, and their commit
 * moments read from the gateways' block subscriptions (commit-stream.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorStatus, isErrorCode, limits } from "@tongbao/api";
import {
  DEVNET_NODE_SETTINGS,
  Devnet,
  Signer,
  freePorts,
  loadAccountKey,
  prepareDevnet,
} from "@tongbao/cli";
import { createClient, getStatus } from "@tongbao/client";
import { boundTps, type Bound } from "./bound.ts";
import { CommitStream } from "./commit-stream.ts";
import { PaymentGenerator, lazySigners, signPayments, type SignedPayment } from "./generator.ts";
import { signAccountOpenings } from "./account-openings.ts";
import type { LatencyRecorder } from "./latency-recorder.ts";
import { loopbackAddress, loopbackFetch } from "./loopback-fetch.ts";
import { ProcessSampler, type GroupUsage } from "./process-sampler.ts";
import type { ScenarioResult, StepResult } from "./report.ts";
import { stepSeed, type LedgerScenario } from "./scenarios.ts";
import { offerLadder } from "./ladder.ts";
import { runStep } from "./step.ts";
import { BatchSubmitter, planLanes } from "./submitter.ts";

export interface RunContext {
  readonly seconds: number;
  readonly tickMs: number;
  readonly accounts: number;
  /** Accounts opened and funded by transactions before the load (account-openings.ts). */
  readonly openAccounts: number;
  /** Share of payments to hot merchants in the "hot" mix. */
  readonly hotShare: number;
  readonly hotMerchants: number;
  readonly seed: number;
  readonly drainTimeoutMs: number;
  /** Load offered before the first step and not reported: 0 for none. */
  readonly warmupSeconds: number;
  readonly p99LimitMs: number;
  /**
   * After a sweep stops, one more step between the last rate kept and the first not kept
   * (refinedRate). Off in a quick run, which must stay within its three minutes.
   */
  readonly refine: boolean;
  readonly keepDirs: boolean;
  readonly progress: (line: string) => void;
  /** Registers what stops a process this run started, should the run be interrupted. */
  readonly defer: (stop: () => Promise<void>) => () => void;
}

export const CURRENCY = "HKD";
/** Each account's opening balance: far more than a run's payments can spend. */
export const OPENING_BALANCE = "100000.00";
export const OPENING_BALANCE_MINOR = 10_000_000n;
/** The institution that holds the bench's accounts, and opens those of `--open-accounts`. */
export const OPENING_INSTITUTION = "hk-emoney";
/** What each account of `--open-accounts` is issued: 1.00 HKD. */
export const OPENED_BALANCE_MINOR = 100n;
/**
 * Opening transactions offered per second (eight accounts each, so 1 M accounts in about four
 * minutes). One institution signs them all, and a mempool holds at most 1,000 waiting
 * transactions of one signer: at this rate that allows two seconds from submission to commit.
 */
export const OPENINGS_PER_S = 500;
/** Rounds of offering again the openings a busy node refused. */
export const OPENING_ROUNDS_MAX = 5;
/**
 * Refusals that say "not now", not "never": the API's codes answered with HTTP 429 or 503, and a
 * gateway the submitter could not reach.
 */
function isBusyRefusal(code: string): boolean {
  if (code === "unreachable") return true;
  return isErrorCode(code) && [429, 503].includes(errorStatus(code));
}
/** Loopback address number of the recorder's block reads (submitters start at 10). */
const RECORDER_ADDRESS = 2;
/** How long a fresh devnet has to commit its first blocks. */
const READY_TIMEOUT_MS = 120_000;
/** Validators write a status line each second (statusMs below); a few missed ones are allowed. */
const STATUS_WAIT_MS = 5_000;

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
    (step.checksPerPayment === undefined || !Number.isFinite(step.checksPerPayment)
      ? ""
      : `; ${step.checksPerPayment.toFixed(2)} signature checks per payment per validator`) +
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
      institution: OPENING_INSTITUTION,
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
    const accounts = lazySigners(chainId, prepared.extraKeys);
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
      const payments = signPayments(generator.take(total), accounts, CURRENCY);
      const checksBefore = await signatureChecks(devnet);
      const step = await offerSigned(payments, rate, seconds, label);
      const checks = (await signatureChecks(devnet)) - checksBefore;
      const final = step.committed + step.failed;
      return final === 0 ? step : { ...step, checksPerPayment: checks / (validators * final) };
    };
    /** Submits signed `payments` open-loop at `rate` over `seconds`; waits for the last. */
    const offerSigned = async (
      payments: readonly SignedPayment[],
      rate: number,
      seconds: number,
      label: string,
      onRefused?: (payment: SignedPayment, code: string) => void,
    ): Promise<StepResult> => {
      const total = payments.length;
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
                      if (answer.status !== "refused") return;
                      recorder.refused(chunk[k]!.hash, answer.code);
                      onRefused?.(chunk[k]!, answer.code);
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
    if (context.openAccounts > 0) {
      progress(`${scenario.name}: signing the openings of ${context.openAccounts} accounts`);
      const institution = new Signer(chainId, await loadAccountKey(dir, OPENING_INSTITUTION));
      const openings = signAccountOpenings(institution, {
        count: context.openAccounts,
        seed: context.seed,
        currency: CURRENCY,
        balanceMinor: OPENED_BALANCE_MINOR,
      });
      // A busy node refuses some while the ledger grows: those are offered again.
      let pending: readonly SignedPayment[] = openings;
      for (let round = 1; pending.length > 0; round++) {
        const label = `${scenario.name}: opening ${context.openAccounts} accounts (round ${round})`;
        if (round > OPENING_ROUNDS_MAX) {
          throw new Error(
            `${label}: ${pending.length} of ${openings.length} opening transactions still ` +
              `refused after ${OPENING_ROUNDS_MAX} rounds; try fewer --open-accounts`,
          );
        }
        const busy: SignedPayment[] = [];
        const refusedFor = new Map<string, number>();
        const step = await offerSigned(
          pending,
          OPENINGS_PER_S,
          Math.max(1, pending.length / OPENINGS_PER_S),
          label,
          (opening, code) => {
            if (isBusyRefusal(code)) busy.push(opening);
            // Offered again after an answer was lost, and already in: nothing to do.
            else if (round > 1 && code === "transaction_duplicate") return;
            else refusedFor.set(code, (refusedFor.get(code) ?? 0) + 1);
          },
        );
        if (step.failed > 0 || step.lost > 0 || refusedFor.size > 0) {
          throw new Error(
            `${label}: ${step.failed} failed, ${step.lost} not final, refused ` +
              `${JSON.stringify(Object.fromEntries(refusedFor))}: the ledger does not hold the ` +
              "accounts asked for",
          );
        }
        progress(
          `${stepLine(label, step)}; ${busy.length} refused as busy; ${memoryOf(devnet)} ` +
            "(not reported)",
        );
        pending = busy;
      }
    }
    if (context.warmupSeconds > 0 && rates[0] !== undefined) {
      // Fresh processes compile and warm their caches first; that is not the ledger's steady cost.
      const warm = await offer(
        rates[0],
        context.warmupSeconds,
        `${scenario.name}: warm-up @ ${rates[0]}/s`,
      );
      progress(`${stepLine(`${scenario.name}: warm-up`, warm)} (not reported)`);
    }
    const offered = await offerLadder(
      rates,
      {
        stopsWhenBehind: scenario.rates !== "fixed",
        refine: context.refine,
        p99LimitMs: context.p99LimitMs,
      },
      (rate) => offer(rate, context.seconds, `${scenario.name} @ ${rate}/s`),
      {
        step: (step, between) =>
          progress(
            `${stepLine(scenario.name, step)}${between ? " (between the last two)" : ""}; ` +
              memoryOf(devnet),
          ),
        stopped: (rate, step) =>
          progress(
            `${scenario.name}: stopping the sweep at ${rate}/s — the network no longer keeps up ` +
              `(${Math.round(step.tps)} final/s, p99 ${fmtMs(step.p99Ms)}, ${step.committed}/${step.submitted} final)`,
          ),
      },
    );
    steps.push(...offered);
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

/**
 * Signature checks of every validator together since it started, from a status line written
 * after this call: one step's drain ends with the last payment final, and the next status line
 * (each second) has counted every check made for it.
 */
async function signatureChecks(devnet: Devnet): Promise<number> {
  const stale = devnet.nodes.map((node) => node.last);
  const deadline = performance.now() + STATUS_WAIT_MS;
  while (devnet.nodes.some((node, i) => node.last === stale[i])) {
    if (performance.now() > deadline) return Number.NaN;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let sum = 0;
  for (const node of devnet.nodes) {
    const checks = node.last?.["signaturesVerified"];
    if (typeof checks !== "number") return Number.NaN;
    sum += checks;
  }
  return sum;
}

/** Each validator's memory as its last status line gave it: heap in use, V8's heap, the process's. */
function memoryOf(devnet: Devnet): string {
  const parts = devnet.nodes.map((node) => {
    const heapMb = node.last?.["heapMb"];
    const committedMb = node.last?.["heapCommittedMb"];
    const rssMb = node.last?.["rssMb"];
    if (typeof heapMb !== "number" || typeof rssMb !== "number") {
      return `${node.name} memory not reported`;
    }
    const committed = typeof committedMb === "number" ? ` (V8 heap ${committedMb} MB)` : "";
    return `${node.name} heap ${heapMb} MB${committed}, rss ${rssMb} MB`;
  });
  return parts.join(", ");
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
