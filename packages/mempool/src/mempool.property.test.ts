// Goal: whatever arrives and whatever consensus commits, the pool never holds two transactions
// with the same (signer, id), never exceeds its bounds, never verifies a pooled transaction's
// signature again, and take() only ever returns a list that the ledger accepts as a block.
// Method: fast-check draws small pools and random command sequences (admissions with colliding
// ids, bad signatures, malformed amounts, unknown signers and deadlines near the block time;
// proposals that commit all, part or none of what was taken, plus transactions from elsewhere;
// rechecks as time passes). Every proposal is executed by executeBlock on a replica ledger that
// follows the same committed blocks, and the invariants are checked after every command.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ResultCode,
  checkIncludable,
  executeBlock,
  limits,
  revertBlock,
  validateTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { ClientId, Hash } from "@tongbao/types";
import { TestLedger, keys, testKey, type TestKey } from "../../ledger/test/fixtures.ts";
import {
  CHAIN_ID,
  countingVerifier,
  encode,
  signTx,
  transfer,
  withSignature,
} from "../test/helpers.ts";
import { Mempool, type AdmitResult } from "./index.ts";

const SIGNERS: readonly TestKey[] = [
  keys.alice,
  keys.bob,
  keys.carol,
  keys.hkBank,
  keys.merchant,
  testKey("no-account"),
];
const IDS = [1, 2, 3, 4].map((n) => n.toString(16).padStart(32, "0") as ClientId);
/** Deadlines relative to the latest block: already past, within a block or two, far, too far. */
const VALID_FOR_MS = [-1, 400, 1_500, 4_000, 3_600_000, limits.VALIDITY_WINDOW_MS_MAX + 10_000];

interface TxSpec {
  readonly signer: number;
  readonly id: number;
  /** Offset of the payee from the signer in SIGNERS; 0 pays oneself. */
  readonly to: number;
  /** 0 makes the transaction malformed. */
  readonly amount: number;
  /** Extra operations make transactions large enough for the byte bound to matter. */
  readonly operations: number;
  readonly validFor: number;
  readonly badSignature: boolean;
}

type Command =
  | { readonly kind: "admit"; readonly tx: TxSpec }
  | { readonly kind: "resubmit"; readonly pick: number }
  | {
      readonly kind: "propose";
      readonly maxTxs: number;
      readonly maxBytes: number;
      readonly advanceMs: number;
      /** How many of the taken transactions the committed block keeps (-1: no commit). */
      readonly commitPrefix: number;
      /** A transaction that reached the block through another validator's pool. */
      readonly foreign: TxSpec | undefined;
    }
  | { readonly kind: "tick"; readonly advanceMs: number };

/** Mostly admissible transactions, so the pool fills; each kind of refusal now and then. */
const txSpec: fc.Arbitrary<TxSpec> = fc.record({
  signer: fc.oneof(
    { weight: 9, arbitrary: fc.nat(SIGNERS.length - 2) },
    { weight: 1, arbitrary: fc.constant(SIGNERS.length - 1) },
  ),
  id: fc.nat(IDS.length - 1),
  // An offset from the signer: 0 pays oneself (malformed), the others pay someone else.
  to: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.integer({ min: 1, max: SIGNERS.length - 1 }) },
  ),
  amount: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 3 }) },
  ),
  operations: fc.oneof(
    { weight: 3, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: limits.OPERATIONS_PER_TRANSACTION_MAX }) },
  ),
  validFor: fc.oneof(
    { weight: 1, arbitrary: fc.nat(VALID_FOR_MS.length - 1) },
    { weight: 2, arbitrary: fc.constant(VALID_FOR_MS.indexOf(3_600_000)) },
  ),
  badSignature: fc.oneof(
    { weight: 1, arbitrary: fc.constant(true) },
    { weight: 9, arbitrary: fc.constant(false) },
  ),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: txSpec.map((tx) => ({ kind: "admit" as const, tx })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "resubmit" as const, pick })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("propose" as const),
      maxTxs: fc.integer({ min: 0, max: 8 }),
      maxBytes: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
      advanceMs: fc.constantFrom(1, 1_000, 3_000),
      commitPrefix: fc.integer({ min: -1, max: 8 }),
      foreign: fc.option(txSpec, { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(500, 2_000, 5_000)
      .map((advanceMs) => ({ kind: "tick" as const, advanceMs })),
  },
);

const poolOptions = fc
  .record({
    capacityTxs: fc.integer({ min: 1, max: 12 }),
    capacityBytes: fc.integer({
      min: limits.TRANSACTION_BYTES_MAX,
      max: 3 * limits.TRANSACTION_BYTES_MAX,
    }),
    perSignerFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ capacityTxs, capacityBytes, perSignerFraction }) => ({
    capacityTxs,
    capacityBytes,
    perSignerMax: Math.max(1, Math.round(capacityTxs * perSignerFraction)),
  }));

function build(spec: TxSpec, nowMs: number): SignedTransaction {
  const signer = SIGNERS[spec.signer]!;
  const to = SIGNERS[(spec.signer + spec.to) % SIGNERS.length]!.account;
  const operations: Operation[] = Array.from({ length: spec.operations }, (_, i) =>
    transfer(to, BigInt(i === 0 ? spec.amount : 1)),
  );
  const signed = signTx(signer, operations, {
    id: IDS[spec.id]!,
    validUntilMs: nowMs + VALID_FOR_MS[spec.validFor]!,
  });
  return spec.badSignature
    ? withSignature(
        signed,
        signed.signature.map((b, i) => (i === 5 ? b ^ 0x80 : b)),
      )
    : signed;
}

test("the pool keeps its invariants and only proposes valid blocks", () => {
  fc.assert(
    fc.property(
      poolOptions,
      fc.array(command, { minLength: 10, maxLength: 60 }),
      (options, commands) => {
        const primary = new TestLedger();
        const replica = new TestLedger();
        const verifier = countingVerifier();
        const independent = countingVerifier();
        const pool = new Mempool({ chainId: CHAIN_ID, ...options }, verifier);
        const submitted: SignedTransaction[] = [];
        let clockMs = primary.nowMs;
        const view = () => ({ state: primary.state, nowMs: clockMs });

        const admit = (signed: SignedTransaction): AdmitResult => {
          const wasPooled = pool.has(signed.hash);
          const [sizeBefore, callsBefore] = [pool.size, verifier.calls];
          const result = pool.admit(encode(signed), view());
          if (wasPooled) {
            assert.equal(result.status, "known");
            assert.equal(
              verifier.calls,
              callsBefore,
              "a pooled transaction is never verified again",
            );
          }
          assert.equal(pool.size, sizeBefore + (result.status === "accepted" ? 1 : 0));
          if (result.status === "accepted") assert.ok(pool.has(signed.hash));
          assert.ok(verifier.calls - callsBefore <= 1, "at most one verification per submission");
          submitted.push(signed);
          return result;
        };

        for (const cmd of commands) {
          switch (cmd.kind) {
            case "admit":
              admit(build(cmd.tx, clockMs));
              break;
            case "resubmit":
              if (submitted.length > 0) admit(submitted[cmd.pick % submitted.length]!);
              break;
            case "tick":
              clockMs += cmd.advanceMs;
              checkEvictions(pool.recheck(view()));
              break;
            case "propose":
              propose(cmd);
              break;
          }
          checkInvariants();
        }

        function propose(cmd: Extract<Command, { kind: "propose" }>): void {
          const timestampMs = primary.nowMs + cmd.advanceMs;
          const taken = pool.take(cmd, { state: primary.state, nowMs: timestampMs });
          assert.ok(taken.length <= cmd.maxTxs);
          assert.ok(taken.reduce((sum, s) => sum + encode(s).length, 0) <= cmd.maxBytes);
          const context = { height: replica.state.height + 1, timestampMs };
          const result = executeBlock(replica.state, taken, context);
          assert.ok(
            result.valid,
            result.valid ? "" : `take() proposed an invalid block: ${result.reason}`,
          );
          revertBlock(replica.state);
          if (cmd.commitPrefix < 0) return;

          const block = taken.slice(0, cmd.commitPrefix);
          if (cmd.foreign !== undefined) {
            const foreign = build({ ...cmd.foreign, badSignature: false }, timestampMs);
            const clashes = block.some(
              (s) => s.signer === foreign.signer && s.tx.id === foreign.tx.id,
            );
            const ok =
              validateTransaction(foreign).code === ResultCode.ok &&
              checkIncludable(primary.state, foreign, timestampMs) === ResultCode.ok;
            if (ok && !clashes) block.push(foreign);
          }
          primary.block(block, cmd.advanceMs);
          replica.block(block, cmd.advanceMs);
          clockMs = Math.max(clockMs, primary.nowMs);
          pool.removeCommitted(block);
          checkEvictions(pool.recheck(view()));
          // After a commit and a recheck nothing pooled shares an id with a committed transaction.
          for (const signed of pool.transactions()) {
            assert.equal(primary.state.seenTransaction(signed.key, clockMs), undefined);
          }
        }

        function checkEvictions(evictions: ReturnType<typeof pool.recheck>): void {
          for (const { signed, code } of evictions) {
            assert.equal(ResultCode[checkIncludable(primary.state, signed, clockMs)], code);
            assert.ok(!pool.has(signed.hash));
          }
        }

        function checkInvariants(): void {
          const pooled = [...pool.transactions()];
          const ids = new Set(pooled.map((s) => s.signer + s.tx.id));
          const hashes = new Set<Hash>(pooled.map((s) => s.hash));
          assert.equal(ids.size, pooled.length, "two pooled transactions share (signer, id)");
          assert.equal(hashes.size, pooled.length);
          assert.equal(pool.size, pooled.length);
          assert.ok(pool.size <= options.capacityTxs);
          assert.equal(
            pool.bytes,
            pooled.reduce((sum, s) => sum + encode(s).length, 0),
          );
          assert.ok(pool.bytes <= options.capacityBytes);
          const perSigner = new Map<string, number>();
          for (const s of pooled) perSigner.set(s.signer, (perSigner.get(s.signer) ?? 0) + 1);
          for (const count of perSigner.values()) assert.ok(count <= options.perSignerMax);
          for (const s of pooled) {
            assert.ok(pool.wasVerified(s.hash, s.signature));
            assert.ok(independent.verifySignature(s), "a pooled signature does not verify");
          }
        }
      },
    ),
    { numRuns: 100 },
  );
});
