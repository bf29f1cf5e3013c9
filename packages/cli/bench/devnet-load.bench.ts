/**
 * Load on a devnet of real validator processes: pre-signed transfers submitted open-loop at
 * fixed rates, spread over the validators through their control channels (the admission path
 * the API will use), and for each payment the time from submission to its receipt arriving
 * from one validator. Reports committed payments/s, submit→final latency and block sizes per
 * rate, and the signature bound of this machine measured in the same run.
 *
 *   npm run bench:devnet                       # rates 250 500 1000 2000, 10 s each
 *   npm run bench:devnet -- --rates 1000 --seconds 20 --validators 4
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Verifier, generateKeyPair, sign, signingKeyFromPrivateKey } from "@tongbao/crypto";
import {
  DEVNET_NODE_SETTINGS,
  Devnet,
  Signer,
  freePorts,
  prepareDevnet,
  type CommittedEvent,
} from "../src/index.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const values: string[] = [];
  for (let j = i + 1; j < process.argv.length && !process.argv[j]!.startsWith("--"); j++) {
    values.push(process.argv[j]!);
  }
  return values.join(" ");
}

const rates = arg("rates", "250 500 1000 2000").split(" ").map(Number);
const seconds = Number(arg("seconds", "10"));
const validators = Number(arg("validators", "4"));
const senders = Number(arg("senders", "400"));
const TICK_MS = 20;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Ed25519 verifications per second on one core here (KeyObject cached), for the bound. */
function verifyRate(): number {
  const key = generateKeyPair();
  const input = { chainId: "bench", purpose: "tx", payload: new Uint8Array(200) };
  const signature = sign(signingKeyFromPrivateKey(key.privateKey), input);
  const verifier = new Verifier();
  const item = { ...input, keyType: key.type, publicKey: key.publicKey, signature };
  for (let i = 0; i < 2000; i++) verifier.verify(item);
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 1000) {
    verifier.verify(item);
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const perCore = verifyRate();
  const cores = availableParallelism();
  const dir = await mkdtemp(join(tmpdir(), "tongbao-bench-"));
  const prepared = await prepareDevnet({
    dir,
    validators,
    ports: await freePorts(validators),
    // Validators only: an observer would share the cores being measured.
    observer: false,
    node: { ...DEVNET_NODE_SETTINGS, logLevel: process.env["TONGBAO_BENCH_LOG"] ?? "warn" },
    extraAccounts: {
      count: senders + 1,
      institution: "hk-emoney",
      balances: { HKD: "1000000.00" },
    },
  });
  const devnet = new Devnet(prepared, { statusMs: 1000 });
  const [receiver, ...senderKeys] = prepared.extraKeys;
  const signers = senderKeys.map((key) => new Signer(prepared.genesis.chainId, key));
  const out = (line: string) => process.stdout.write(line + "\n");
  out(
    `devnet load: ${validators} validators on ${cores} cores, ${senders} senders, ${seconds} s per rate`,
  );
  out(
    `signature bound: ${Math.round(perCore)} verifies/s/core × ${cores} ÷ ${validators} = ` +
      `${Math.round((perCore * cores) / validators)} payments/s`,
  );
  try {
    await devnet.startAll();
    await devnet.waitForHeight(2, 60_000);
    const observer = devnet.nodes[0]!;
    await observer.subscribe();
    for (const rate of rates) {
      const total = rate * seconds;
      const payments = Array.from({ length: total }, (_, i) =>
        signers[i % signers.length]!.transfer(receiver!.accountId, "HKD", 1n),
      );
      const submittedAt = new Map<string, number>();
      const latencies: number[] = [];
      const blocks: { txs: number; atMs: number }[] = [];
      const statuses = new Map<string, number>();
      const off = observer.onCommitted((event: CommittedEvent) => {
        const now = performance.now();
        let ours = 0;
        for (const [hash] of event.receipts) {
          const at = submittedAt.get(hash);
          if (at === undefined) continue;
          latencies.push(now - at);
          submittedAt.delete(hash);
          ours++;
        }
        blocks.push({ txs: ours, atMs: now });
      });
      const started = performance.now();
      let sent = 0;
      let tick = 0;
      const pending: Promise<void>[] = [];
      while (sent < total) {
        const due = Math.min(total, Math.round(((performance.now() - started) / 1000) * rate));
        if (due > sent) {
          const batch = payments.slice(sent, Math.min(due, sent + 1000));
          const node = devnet.nodes[tick++ % devnet.nodes.length]!;
          const now = performance.now();
          for (const p of batch) submittedAt.set(p.signed.hash, now);
          pending.push(
            node.submit(batch.map((p) => p.bytes)).then((results) => {
              for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            }),
          );
          sent += batch.length;
        }
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
      await Promise.all(pending);
      const accepted = statuses.get("accepted") ?? 0;
      const deadline = performance.now() + 30_000;
      while (latencies.length < accepted && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      off();
      const elapsedS = (Math.max(...blocks.map((b) => b.atMs), started) - started) / 1000;
      const busy = blocks.filter((b) => b.txs > 0);
      latencies.sort((a, b) => a - b);
      out(
        `rate ${rate}/s: committed ${latencies.length}/${total} in ${elapsedS.toFixed(1)} s ` +
          `= ${Math.round(latencies.length / elapsedS)}/s · latency p50 ${percentile(latencies, 50).toFixed(0)} ms ` +
          `p99 ${percentile(latencies, 99).toFixed(0)} ms max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms · ` +
          `${busy.length} blocks with payments, ${Math.round(latencies.length / Math.max(1, busy.length))} per block · ` +
          `answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
    }
    const verified = await Promise.all(devnet.nodes.map((n) => n.status()));
    out(
      `signatures verified per node: ${verified.map((s) => `${s.name} ${s.signaturesVerified}`).join(", ")} ` +
        `(payments: ${rates.reduce((sum, r) => sum + r * seconds, 0)})`,
    );
  } finally {
    await devnet.stopAll();
    if (process.env["TONGBAO_BENCH_KEEP"] === "1") out(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
