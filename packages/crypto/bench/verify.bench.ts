/**
 * `npm run bench:crypto`: signature verifications per second on one core, for Ed25519 and
 * P-256, through our Verifier with its KeyObject cache warm, through verify() which parses the
 * raw key on every call, and through bare node:crypto with a ready KeyObject and message (the
 * bound: what OpenSSL alone costs), and the parse of a raw Ed25519 key (the JWK import
 * publicKeyObject uses against the SPKI DER import). Medians of ROUNDS rounds; ratios are taken
 * within a round.
 */
import assert from "node:assert/strict";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { Bench } from "tinybench";
import {
  KeyType,
  Verifier,
  generateKeyPair,
  publicKeyObject,
  sign,
  signingKeyFromPrivateKey,
  signingMessage,
  verify,
  type VerifyItem,
} from "@tongbao/crypto";

const ROUNDS = 5;
const TIME_MS = 500;
/** Distinct signers per key type: the cache holds them all, as it would for active accounts. */
const SIGNERS = 64;

const input = { chainId: "tongbao-bench-1", purpose: "tx", payload: new Uint8Array(120).fill(7) };

function itemsFor(type: KeyType): VerifyItem[] {
  return Array.from({ length: SIGNERS }, () => {
    const keyPair = generateKeyPair(type);
    return {
      keyType: type,
      publicKey: keyPair.publicKey,
      signature: sign(keyPair.privateKey, input),
      ...input,
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const message = signingMessage(input);
const tasks: { name: string; run: () => void }[] = [];
for (const [label, type] of [
  ["ed25519", KeyType.Ed25519],
  ["p256", KeyType.P256],
] as const) {
  const items = itemsFor(type);
  const verifier = new Verifier();
  assert.ok(verifier.verifyBatch(items).every(Boolean), "every bench signature is valid");
  const keyObjects = items.map((item) => publicKeyObject(type, item.publicKey));
  let i = 0;
  tasks.push(
    {
      name: `${label} node:crypto bound`,
      run: () => {
        const k = i++ % SIGNERS;
        const item = items[k]!;
        const key = keyObjects[k]!;
        const ok =
          type === KeyType.Ed25519
            ? nodeVerify(null, message, key, item.signature)
            : nodeVerify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, item.signature);
        assert.ok(ok);
      },
    },
    {
      name: `${label} Verifier, cached key`,
      run: () => assert.ok(verifier.verify(items[i++ % SIGNERS]!)),
    },
    { name: `${label} verify(), key parsed`, run: () => assert.ok(verify(items[i++ % SIGNERS]!)) },
  );
}
const signers = [KeyType.Ed25519, KeyType.P256].map((type) =>
  signingKeyFromPrivateKey(generateKeyPair(type).privateKey),
);
// Parsing a raw Ed25519 key: publicKeyObject (JWK import) against the SPKI DER import it replaced.
const edKeys = itemsFor(KeyType.Ed25519).map((item) => item.publicKey);
const spkiPrefix = Buffer.from("302a300506032b6570032100", "hex");
let p = 0;
tasks.push(
  {
    name: "ed25519 key parse, JWK",
    run: () => void publicKeyObject(KeyType.Ed25519, edKeys[p++ % SIGNERS]!),
  },
  {
    name: "ed25519 key parse, DER",
    run: () =>
      void createPublicKey({
        key: Buffer.concat([spkiPrefix, edKeys[p++ % SIGNERS]!]),
        format: "der",
        type: "spki",
      }),
  },
);
tasks.push(
  { name: "ed25519 sign", run: () => void sign(signers[0]!, input) },
  { name: "p256 sign", run: () => void sign(signers[1]!, input) },
);

const opsPerSecond = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS, warmupTime: 100 });
  for (const task of tasks) bench.add(task.name, task.run);
  await bench.run();
  for (const task of bench.tasks) {
    assert.ok(task.result.state === "completed", `${task.name}: ${task.result.state}`);
    opsPerSecond.get(task.name)!.push(1000 / task.result.period);
  }
}

console.log(`operations per second on one core, medians of ${ROUNDS} rounds`);
for (const task of tasks) {
  const runs = opsPerSecond.get(task.name)!;
  const bound = opsPerSecond.get(task.name.split(" ")[0] + " node:crypto bound");
  const ratio =
    bound === undefined || task.name.endsWith("sign") || task.name.includes("key parse,")
      ? ""
      : `  ÷ bound ${median(runs.map((ops, r) => ops / bound[r]!)).toFixed(2)}`;
  console.log(
    `${task.name.padEnd(28)} ${Math.round(median(runs)).toLocaleString("en").padStart(8)}${ratio}`,
  );
}
