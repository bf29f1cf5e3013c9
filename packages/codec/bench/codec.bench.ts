/**
 * `npm run bench:codec`: encode + decode of a transfer-like structure with our codec, borsh and
 * msgpackr, measured in one process so that the ratios are comparable (docs/adr/0001).
 *
 * The structure is what a signed transfer carries: version u8, 20-byte signer, 16-byte client
 * id, u53 validUntil, op tag, 20-byte recipient, 3-letter currency, u64 amount and an optional
 * 32-byte reference. Each iteration encodes and decodes two of them, one with and one without
 * the reference. The run is repeated ROUNDS times and the medians are printed, because this
 * machine is shared and single runs drift.
 */
import assert from "node:assert/strict";
import { Bench } from "tinybench";
import { deserialize, serialize, type Schema } from "borsh";
import { Packr } from "msgpackr";
import { AMOUNT_MAX } from "@tongbao/types";
import { Writer, decodeAll } from "@tongbao/codec";

const ROUNDS = 5;
const BATCH = 100;
const TIME_MS = 400;

interface Transfer {
  version: number;
  signer: Uint8Array;
  id: Uint8Array;
  validUntilMs: number;
  op: number;
  recipient: Uint8Array;
  currency: string;
  amount: bigint;
  reference: Uint8Array | undefined;
}

function filled(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed + i * 31) & 0xff);
}

const samples: Transfer[] = [
  {
    version: 1,
    signer: filled(20, 1),
    id: filled(16, 2),
    validUntilMs: 1_767_225_600_000,
    op: 1,
    recipient: filled(20, 3),
    currency: "HKD",
    amount: 12_345n,
    reference: filled(32, 4),
  },
  {
    version: 1,
    signer: filled(20, 5),
    id: filled(16, 6),
    validUntilMs: 1_767_225_660_000,
    op: 1,
    recipient: filled(20, 7),
    currency: "CNY",
    amount: 9_876_543_210n,
    reference: undefined,
  },
];

// Ours: the field order above, fixed widths, a presence byte before the reference.
function encodeOurs(t: Transfer): Uint8Array {
  const w = new Writer(128)
    .u8(t.version)
    .fixed(t.signer, 20)
    .fixed(t.id, 16)
    .u53(t.validUntilMs)
    .u8(t.op)
    .fixed(t.recipient, 20)
    .string(t.currency, 3)
    .u64(t.amount, AMOUNT_MAX)
    .bool(t.reference !== undefined);
  if (t.reference !== undefined) w.fixed(t.reference, 32);
  return w.finish();
}

function decodeOurs(bytes: Uint8Array): Transfer {
  return decodeAll(bytes, (r) => ({
    version: r.tag([1], "version"),
    signer: r.fixed(20, "signer").slice(),
    id: r.fixed(16, "id").slice(),
    validUntilMs: r.u53("validUntil"),
    op: r.tag([1], "op"),
    recipient: r.fixed(20, "recipient").slice(),
    currency: r.string(3, "currency"),
    amount: r.u64("amount", AMOUNT_MAX),
    reference: r.bool("reference present") ? r.fixed(32, "reference").slice() : undefined,
  }));
}

// borsh: the same fields and order; borsh writes u64 little-endian and an option byte.
const borshSchema: Schema = {
  struct: {
    version: "u8",
    signer: { array: { type: "u8", len: 20 } },
    id: { array: { type: "u8", len: 16 } },
    validUntilMs: "u64",
    op: "u8",
    recipient: { array: { type: "u8", len: 20 } },
    currency: "string",
    amount: "u64",
    reference: { option: { array: { type: "u8", len: 32 } } },
  },
};

function encodeBorsh(t: Transfer): Uint8Array {
  return serialize(borshSchema, { ...t, reference: t.reference ?? null });
}

function decodeBorsh(bytes: Uint8Array): unknown {
  return deserialize(borshSchema, bytes);
}

// msgpackr: plain MessagePack maps (no records extension), bigint for 64-bit integers. It checks
// no shape on decode, so its figure is a lower bound for what a validating decoder would cost.
const packr = new Packr({ useRecords: false, int64AsType: "bigint" });

function encodeMsgpack(t: Transfer): Uint8Array {
  return packr.pack(t);
}

function decodeMsgpack(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}

const codecs = [
  { name: "tongbao codec", encode: encodeOurs, decode: decodeOurs },
  { name: "borsh", encode: encodeBorsh, decode: decodeBorsh },
  { name: "msgpackr", encode: encodeMsgpack, decode: decodeMsgpack },
] as const;

// Each codec must round-trip the samples before its speed means anything.
for (const sample of samples) {
  assert.deepEqual(decodeOurs(encodeOurs(sample)), sample);
  const viaBorsh = decodeBorsh(encodeBorsh(sample)) as Record<string, unknown>;
  assert.equal(viaBorsh["amount"], sample.amount);
  assert.deepEqual(Uint8Array.from(viaBorsh["signer"] as number[]), sample.signer);
  const viaMsgpack = decodeMsgpack(encodeMsgpack(sample)) as Record<string, unknown>;
  assert.equal(viaMsgpack["amount"], sample.amount);
  assert.equal(viaMsgpack["currency"], sample.currency);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const opsPerSecond = new Map<string, number[]>(codecs.map((c) => [c.name, []]));
let sink = 0;
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS, warmupTime: 100 });
  for (const codec of codecs) {
    bench.add(codec.name, () => {
      for (let i = 0; i < BATCH; i++) {
        for (const sample of samples) {
          const bytes = codec.encode(sample);
          sink += bytes.length;
          if (codec.decode(bytes) === undefined) sink++;
        }
      }
    });
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    assert.ok(result.state === "completed", `${task.name}: ${result.state}`);
    // One call is BATCH iterations of two structures each.
    opsPerSecond.get(task.name)!.push(((1000 / result.period) * BATCH * samples.length) | 0);
  }
}

// Ratios are taken within each round (same machine state) and then the median is reported.
const ours = opsPerSecond.get("tongbao codec")!;
console.log(`encode+decode of one transfer, medians of ${ROUNDS} rounds (sink ${sink % 10})`);
for (const codec of codecs) {
  const runs = opsPerSecond.get(codec.name)!;
  const ratio = median(runs.map((ops, round) => ours[round]! / ops));
  const sizes = samples.map((s) => codec.encode(s).length).join("/");
  console.log(
    `${codec.name.padEnd(14)} ${Math.round(median(runs)).toLocaleString("en").padStart(9)} ops/s` +
      `  ours ÷ this ${ratio.toFixed(2)}×  bytes ${sizes}` +
      `  rounds ${runs.map((r) => Math.round(r / 1000) + "k").join(" ")}`,
  );
}
