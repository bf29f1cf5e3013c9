/**
 * Ledger execution benchmark: applies blocks of signed, already-verified transfers to state in
 * memory and reports transfers per second on one core, state root included.
 *
 *   npm run bench:ledger -- [--accounts N] [--blocks N] [--per-block N] [--hot PCT] [--referenced PCT]
 *
 * `--referenced` makes that share of the transfers referenced payments (each with a fresh
 * reference, so each is remembered): the cost of QR payments next to plain transfers.
 *
 * Not a test: nothing here asserts a time. Signing and encoding happen before the clock starts,
 * because they are the client's and the gateway's cost, not the ledger's. Decoding is measured
 * separately, since a node decodes each transaction once at admission.
 */
import { sign } from "node:crypto";
import { parseArgs } from "node:util";
import { GENESIS_TIME_MS, testKey } from "../test/fixtures.ts";
import { Prng, bytesToHex } from "@tongbao/std";
import type { Amount, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";
import {
  KeyType,
  applyBlock,
  checkInvariants,
  createGenesisState,
  decodeSignedTransaction,
  encodeSignedTransaction,
  encodeTransaction,
  toSignedTransaction,
  type SignedTransaction,
} from "../src/index.ts";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "10000" },
    blocks: { type: "string", default: "20" },
    "per-block": { type: "string", default: "5000" },
    hot: { type: "string", default: "0" },
    referenced: { type: "string", default: "0" },
  },
});
const accountCount = Number(values.accounts);
const blockCount = Number(values.blocks);
const perBlock = Number(values["per-block"]);
const hotPercent = Number(values.hot);
const referencedPercent = Number(values.referenced);

const GENESIS_MS = GENESIS_TIME_MS;

/** Deterministic keys, the same ones the ledger tests derive. */
const key = (index: number) => testKey(`bench-${index}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const log = (line: string) => process.stdout.write(line + "\n");
log(
  `setup: ${accountCount} accounts, ${blockCount} blocks × ${perBlock} transfers, hot merchants ${hotPercent}%, referenced ${referencedPercent}%`,
);

const bank = key(1_000_000);
const keys = Array.from({ length: accountCount }, (_, i) => key(i));
const state = createGenesisState({
  chainId: "tongbao-bench",
  genesisTimeMs: GENESIS_MS,
  institutions: [
    {
      id: "bank",
      name: "Bench Bank",
      roles: ["validator", "issuer"],
      keyType: "ed25519",
      publicKey: bytesToHex(bank.publicKey),
    },
  ],
  currencies: [{ code: "HKD", minorUnits: 2, issuer: "bank" }],
  accounts: keys.map((k) => ({
    keyType: "ed25519" as const,
    publicKey: bytesToHex(k.publicKey),
    institution: "bank",
    kycTier: 1,
    balances: { HKD: "1000000.00" },
  })),
  fees: [{ institution: "bank", currency: "HKD", fixed: "0.01", bps: 5, max: "1.00" }],
});

const prng = new Prng(0xbe7c);
const hotCount = Math.max(1, Math.floor(accountCount / 100));
let sequence = 0n;
const blocks: Uint8Array[][] = [];
for (let b = 0; b < blockCount; b++) {
  const encoded: Uint8Array[] = [];
  for (let t = 0; t < perBlock; t++) {
    const from = prng.int(accountCount);
    let to = prng.chancePpm(hotPercent * 10_000) ? prng.int(hotCount) : prng.int(accountCount);
    if (to === from) to = (to + 1) % accountCount;
    sequence++;
    const tx = {
      version: 1,
      keyType: KeyType.Ed25519,
      publicKey: keys[from]!.publicKey,
      id: sequence.toString(16).padStart(32, "0") as ClientId,
      validUntilMs: (GENESIS_MS + 3_600_000) as TimestampMs,
      operations: [
        {
          kind: "transfer" as const,
          to: keys[to]!.account,
          currency: "HKD" as CurrencyCode,
          amount: BigInt(1 + prng.int(10_000)) as Amount,
          // Drawn only when asked for, so that the default run signs the same transfers as before.
          reference:
            referencedPercent > 0 && prng.chancePpm(referencedPercent * 10_000)
              ? (bytesToHex(prng.bytes(32)) as Hash)
              : undefined,
        },
      ],
    };
    const body = encodeTransaction(tx);
    encoded.push(
      encodeSignedTransaction(
        toSignedTransaction(tx, body, new Uint8Array(sign(null, body, keys[from]!.privateKey))),
      ),
    );
  }
  blocks.push(encoded);
}
log("setup done: transactions signed and encoded");

// Decode once per transaction, as a node does at admission.
const decodeStart = process.hrtime.bigint();
const decoded: SignedTransaction[][] = blocks.map((block) => block.map(decodeSignedTransaction));
const decodeSeconds = Number(process.hrtime.bigint() - decodeStart) / 1e9;

const blockMs: number[] = [];
let nowMs = GENESIS_MS;
let ok = 0;
const applyStart = process.hrtime.bigint();
for (const txs of decoded) {
  nowMs += 500;
  const start = process.hrtime.bigint();
  const execution = applyBlock(state, txs, { height: state.height + 1, timestampMs: nowMs });
  blockMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  for (const receipt of execution.receipts) if (receipt.code === 0) ok++;
}
const applySeconds = Number(process.hrtime.bigint() - applyStart) / 1e9;
const total = blockCount * perBlock;

const violations = checkInvariants(state);
log(`decode:   ${Math.round(total / decodeSeconds).toLocaleString("en-US")} transactions/s`);
log(
  `apply:    ${Math.round(total / applySeconds).toLocaleString("en-US")} transfers/s (execute + state root + commit), ${ok} ok`,
);
log(
  `block:    median ${median(blockMs).toFixed(1)} ms for ${perBlock} transfers; max ${Math.max(...blockMs).toFixed(1)} ms`,
);
log(`memory:   ${Math.round(process.memoryUsage().rss / 1e6)} MB RSS`);
log(`invariants: ${violations.length === 0 ? "hold" : violations.join("; ")}`);
if (violations.length > 0) process.exitCode = 1;
