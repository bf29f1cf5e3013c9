// Goal: admission accepts a valid payment once, answers every refusal with its code and a message
// that says what to fix, verifies each signature at most once, and changes nothing when it
// refuses or is full. Method: a pool on the ledger's test genesis, wired to the real crypto
// Verifier behind a counter; each case submits encoded bytes and inspects the answer, the pool
// and the number of verifications.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "@tongbao/std";
import type { Amount, ClientId, CurrencyCode } from "@tongbao/types";
import { sign } from "@tongbao/crypto";
import { KeyType, createGenesisState, limits, type Operation } from "@tongbao/ledger";
import { GENESIS_TIME_MS, keys, testGenesis, testKey } from "../../ledger/test/fixtures.ts";
import {
  CHAIN_ID,
  encode,
  harness,
  signTx,
  signingKey,
  transfer,
  withSignature,
  type Harness,
} from "../test/helpers.ts";
import {
  ADMIT_BATCH_ITEMS_MAX,
  Mempool,
  RETRY_AFTER_MS_DEFAULT,
  type AdmitResult,
} from "./index.ts";

const HOUR_MS = 3_600_000;

/** The pool's observable contents, to show that a refusal changed nothing. */
function snapshot(h: Harness) {
  return {
    size: h.pool.size,
    bytes: h.pool.bytes,
    hashes: [...h.pool.transactions()].map((signed) => signed.hash),
    verifications: h.verifier.calls,
    admitted: h.admitted.length,
  };
}

test("a valid payment is accepted, verified once, announced once and held", () => {
  const h = harness();
  const payment = signTx(keys.alice, [transfer(keys.merchant.account, 1_000n)]);
  const result = h.pool.admit(encode(payment), h.view());
  assert.deepEqual(result, {
    status: "accepted",
    hash: payment.hash,
    message: result.message,
  });
  assert.match(result.message, /accepted/);
  assert.equal(h.verifier.calls, 1);
  assert.deepEqual(h.admitted, [h.pool.get(payment.hash)]);
  assert.equal(h.pool.size, 1);
  assert.equal(h.pool.bytes, encode(payment).length);
  assert.ok(h.pool.has(payment.hash));
  assert.ok(h.pool.wasVerified(payment.hash, payment.signature));
});

interface RefusalCase {
  readonly name: string;
  readonly bytes: () => Uint8Array;
  readonly status: "rejected" | "retry";
  readonly code: string;
  readonly operationIndex?: number;
  /** What the message must name for the submitter to fix it. */
  readonly mentions: RegExp;
}

const openAccount = (
  publicKey: Uint8Array,
  kycTier: number,
  keyType: KeyType = KeyType.Ed25519,
): Operation => ({
  kind: "open_account",
  keyType,
  publicKey,
  kycTier,
});

// version_unsupported and operations_too_many cannot reach validation: decoding refuses them, so
// they arrive as malformed_encoding (covered by the decoding cases).
const refusals: RefusalCase[] = [
  {
    name: "bytes that are not a transaction",
    bytes: () => Uint8Array.of(1, 2, 3),
    status: "rejected",
    code: "malformed_encoding",
    mentions: /not a canonical signed transaction/,
  },
  {
    name: "a valid transaction with a trailing byte",
    bytes: () => {
      const bytes = encode(signTx(keys.alice, [transfer(keys.bob.account, 1n)]));
      return Uint8Array.of(...bytes, 0);
    },
    status: "rejected",
    code: "malformed_encoding",
    mentions: /canonical/,
  },
  {
    name: "more bytes than a transaction may have",
    bytes: () => new Uint8Array(limits.TRANSACTION_BYTES_MAX + 1),
    status: "rejected",
    code: "malformed_encoding",
    mentions: /larger than 4096 bytes/,
  },
  {
    name: "no operations",
    bytes: () => encode(signTx(keys.alice, [])),
    status: "rejected",
    code: "operations_must_not_be_empty",
    mentions: /no operations/,
  },
  {
    name: "an amount of zero in the second operation",
    bytes: () =>
      encode(signTx(keys.alice, [transfer(keys.bob.account, 1n), transfer(keys.bob.account, 0n)])),
    status: "rejected",
    code: "amount_must_be_positive",
    operationIndex: 1,
    mentions: /operation 1 .*zero/,
  },
  {
    name: "a payment to oneself",
    bytes: () => encode(signTx(keys.alice, [transfer(keys.alice.account, 1n)])),
    status: "rejected",
    code: "accounts_must_be_different",
    operationIndex: 0,
    mentions: /different recipient/,
  },
  {
    name: "a transaction id of zeros",
    bytes: () =>
      encode(
        signTx(keys.alice, [transfer(keys.bob.account, 1n)], { id: "0".repeat(32) as ClientId }),
      ),
    status: "rejected",
    code: "id_must_not_be_zero",
    mentions: /transaction id is all zeros/,
  },
  {
    name: "a KYC tier above the maximum",
    bytes: () => encode(signTx(keys.hkBank, [openAccount(testKey("dave").publicKey, 4)])),
    status: "rejected",
    code: "kyc_tier_invalid",
    operationIndex: 0,
    mentions: /tier from 0 to 3/,
  },
  {
    name: "an uncompressed-looking P-256 key (refused by the decoder: no canonical form)",
    bytes: () =>
      encode(signTx(keys.hkBank, [openAccount(new Uint8Array(33).fill(4), 1, KeyType.P256)])),
    status: "rejected",
    code: "malformed_encoding",
    mentions: /02 or 03/,
  },
  {
    name: "a fee rate above 100 %",
    bytes: () =>
      encode(
        signTx(keys.hkBank, [
          {
            kind: "set_fee_schedule",
            currency: "HKD" as CurrencyCode,
            fixedMinor: 0n as Amount,
            bps: 10_001,
            maxMinor: 0n as Amount,
          },
        ]),
      ),
    status: "rejected",
    code: "fee_rate_invalid",
    operationIndex: 0,
    mentions: /10000 basis points/,
  },
  {
    name: "a hold with no timeout",
    bytes: () =>
      encode(
        signTx(keys.alice, [
          {
            kind: "create_pending",
            id: "1".repeat(32) as ClientId,
            to: keys.bob.account,
            currency: "HKD" as CurrencyCode,
            amount: 1n as Amount,
            timeoutMs: 0,
          },
        ]),
      ),
    status: "rejected",
    code: "timeout_invalid",
    operationIndex: 0,
    mentions: /1 ms to 30 days/,
  },
  {
    name: "a deadline already past",
    bytes: () =>
      encode(
        signTx(keys.alice, [transfer(keys.bob.account, 1n)], { validUntilMs: GENESIS_TIME_MS - 1 }),
      ),
    status: "rejected",
    code: "transaction_expired",
    mentions: /expired at 2025-12-31T23:59:59.999Z .*sign it again/,
  },
  {
    name: "a deadline more than a day ahead",
    bytes: () =>
      encode(
        signTx(keys.alice, [transfer(keys.bob.account, 1n)], {
          validUntilMs: GENESIS_TIME_MS + 25 * HOUR_MS,
        }),
      ),
    status: "rejected",
    code: "valid_until_too_far",
    mentions: /no later than 2026-01-02T00:00:00.000Z/,
  },
  {
    name: "a signer without an account (may be opened soon)",
    bytes: () => encode(signTx(testKey("stranger"), [transfer(keys.bob.account, 1n)])),
    status: "retry",
    code: "signer_account_not_found",
    mentions: /open it, then resubmit/,
  },
];

for (const refusal of refusals) {
  test(`refused: ${refusal.name} → ${refusal.code}, before any signature check`, () => {
    const h = harness();
    const before = snapshot(h);
    const result = h.pool.admit(refusal.bytes(), h.view());
    assert.equal(result.status, refusal.status);
    assert.ok(result.status === "rejected" || result.status === "retry");
    assert.equal(result.code, refusal.code);
    assert.match(result.message, refusal.mentions);
    if (result.status === "rejected") assert.equal(result.operationIndex, refusal.operationIndex);
    if (result.status === "retry") assert.equal(result.retryAfterMs, RETRY_AFTER_MS_DEFAULT);
    assert.deepEqual(snapshot(h), before);
  });
}

test("a bad signature is refused, and the same id correctly signed is accepted afterwards", () => {
  const h = harness();
  const payment = signTx(keys.alice, [transfer(keys.merchant.account, 500n)]);
  const forged = withSignature(
    payment,
    payment.signature.map((byte, i) => (i === 0 ? byte ^ 1 : byte)),
  );
  const otherChain = withSignature(
    payment,
    sign(signingKey(keys.alice), {
      chainId: "tongbao-other",
      purpose: "tx",
      payload: payment.body,
    }),
  );
  for (const bad of [forged, otherChain]) {
    const result = h.pool.admit(encode(bad), h.view());
    assert.equal(result.status, "rejected");
    assert.equal(result.status === "rejected" && result.code, "signature_invalid");
    assert.match(result.message, new RegExp(`chain id "${CHAIN_ID}"`));
  }
  assert.equal(h.verifier.calls, 2);
  assert.equal(h.pool.size, 0);
  assert.equal(h.admitted.length, 0);

  assert.equal(h.pool.admit(encode(payment), h.view()).status, "accepted");
  assert.equal(h.verifier.calls, 3);
  assert.ok(h.pool.wasVerified(payment.hash, payment.signature));
  // The hash covers only the body: a block pairing it with another signature must be verified.
  assert.equal(h.pool.wasVerified(payment.hash, forged.signature), false);
});

test("resubmission is idempotent: the same hash comes back as known, without verifying again", () => {
  const h = harness();
  const payment = signTx(keys.alice, [transfer(keys.merchant.account, 700n)]);
  const first = h.pool.admit(encode(payment), h.view());
  const again = h.pool.admit(encode(payment), h.view());
  const batch = h.pool.admitBatch([encode(payment), encode(payment)], h.view());
  assert.equal(first.status, "accepted");
  for (const result of [again, ...batch]) {
    assert.equal(result.status, "known");
    assert.equal(result.status === "known" && result.hash, payment.hash);
    assert.match(result.message, /no need to resubmit/);
  }
  assert.equal(h.verifier.calls, 1);
  assert.equal(h.admitted.length, 1);
  assert.equal(h.pool.size, 1);
});

test("a pooled body resubmitted with a garbage signature is known and keeps the verified one", () => {
  const h = harness();
  const payment = signTx(keys.alice, [transfer(keys.merchant.account, 700n)]);
  h.pool.admit(encode(payment), h.view());
  const garbage = withSignature(payment, new Uint8Array(64));
  assert.equal(h.pool.admit(encode(garbage), h.view()).status, "known");
  assert.deepEqual(h.pool.get(payment.hash)!.signature, payment.signature);
  assert.equal(h.verifier.calls, 1);
});

test("the same id with another body is a duplicate, whether pending or committed", () => {
  const h = harness();
  const id = "ab".repeat(16) as ClientId;
  const pending = signTx(keys.alice, [transfer(keys.merchant.account, 100n)], { id });
  const rival = signTx(keys.alice, [transfer(keys.merchant.account, 999n)], { id });
  h.pool.admit(encode(pending), h.view());
  const whilePending = h.pool.admit(encode(rival), h.view());
  assert.equal(whilePending.status, "rejected");
  assert.equal(whilePending.status === "rejected" && whilePending.code, "transaction_duplicate");
  assert.match(
    whilePending.message,
    new RegExp(`${id} is already used .* ${pending.hash}.*waiting`),
  );

  h.ledger.block([pending]);
  h.pool.removeCommitted([pending]);
  const afterCommit = h.pool.admit(encode(rival), h.view());
  assert.equal(afterCommit.status === "rejected" && afterCommit.code, "transaction_duplicate");
  assert.match(afterCommit.message, /committed; choose a new id/);
  assert.equal(h.verifier.calls, 1);
});

test("resubmitting a committed transaction returns its first result", () => {
  const h = harness();
  const paid = signTx(keys.alice, [transfer(keys.merchant.account, 100n)]);
  // Bob has 50.00 HKD: sending all of it leaves nothing for the fee, so it fails when included.
  const failed = signTx(keys.bob, [transfer(keys.alice.account, 5_000n)]);
  h.ledger.block([paid, failed]);
  const answers: AdmitResult[] = h.pool.admitBatch([encode(paid), encode(failed)], h.view());
  assert.deepEqual(
    answers.map((a) => a.status === "committed" && [a.hash, a.height, a.index, a.code]),
    [
      [paid.hash, 1, 0, "ok"],
      [failed.hash, 1, 1, "insufficient_funds"],
    ],
  );
  assert.match(answers[1]!.message, /failed with insufficient_funds and changed nothing/);
  assert.equal(h.verifier.calls, 0);
  assert.equal(h.pool.size, 0);
});

test("a full pool answers busy and changes nothing; a pooled transaction is still known", () => {
  const h = harness({ capacityTxs: 2 });
  const first = signTx(keys.alice, [transfer(keys.merchant.account, 1n)]);
  h.pool.admit(encode(first), h.view());
  h.pool.admit(encode(signTx(keys.bob, [transfer(keys.merchant.account, 1n)])), h.view());
  const before = snapshot(h);
  const result = h.pool.admit(
    encode(signTx(keys.carol, [transfer(keys.bob.account, 1n)])),
    h.view(),
  );
  assert.deepEqual(result, {
    status: "busy",
    code: "mempool_full",
    retryAfterMs: RETRY_AFTER_MS_DEFAULT,
    message: `mempool is full; retry after ${RETRY_AFTER_MS_DEFAULT} ms`,
  });
  assert.deepEqual(snapshot(h), before);
  assert.equal(h.pool.admit(encode(first), h.view()).status, "known");
});

test("the byte capacity also makes the pool busy", () => {
  // 16 transfers with a reference and a memo hash: about 1.7 KB, so two fit in 4 KiB, three do not.
  const big = (key: typeof keys.alice) =>
    signTx(
      key,
      Array.from({ length: 16 }, () => ({
        ...transfer(keys.merchant.account, 1n),
        reference: "11".repeat(32),
        memoHash: "22".repeat(32),
      })) as Operation[],
    );
  const h = harness({ capacityBytes: limits.TRANSACTION_BYTES_MAX, retryAfterMs: 250 });
  assert.equal(h.pool.admit(encode(big(keys.alice)), h.view()).status, "accepted");
  assert.equal(h.pool.admit(encode(big(keys.bob)), h.view()).status, "accepted");
  const before = snapshot(h);
  const result = h.pool.admit(encode(big(keys.carol)), h.view());
  assert.equal(result.message, "mempool is full; retry after 250 ms");
  assert.deepEqual(snapshot(h), before);
  assert.ok(h.pool.bytes <= h.pool.capacityBytes);
});

test("one signer cannot take more than its share; others still get in", () => {
  const h = harness({ perSignerMax: 2 });
  const alice = [1n, 2n, 3n].map((amount) =>
    signTx(keys.alice, [transfer(keys.merchant.account, amount)]),
  );
  const results = h.pool.admitBatch(alice.map(encode), h.view());
  assert.deepEqual(
    results.map((r) => r.status),
    ["accepted", "accepted", "busy"],
  );
  assert.equal(results[2]!.status === "busy" && results[2]!.code, "signer_pending_max");
  assert.match(results[2]!.message, new RegExp(`${keys.alice.account} already has 2 transactions`));
  assert.equal(h.verifier.calls, 2);
  assert.equal(
    h.pool.admit(encode(signTx(keys.bob, [transfer(keys.merchant.account, 1n)])), h.view()).status,
    "accepted",
  );

  // Once a block takes one of Alice's, she has room again.
  h.ledger.block([alice[0]!]);
  assert.equal(h.pool.removeCommitted([alice[0]!.hash]), 1);
  assert.equal(h.pool.admit(encode(alice[2]!), h.view()).status, "accepted");
});

test("a batch larger than the limit is refused as a whole", () => {
  const h = harness();
  const items = Array.from({ length: ADMIT_BATCH_ITEMS_MAX + 1 }, () => new Uint8Array(0));
  assert.throws(() => h.pool.admitBatch(items, h.view()), RangeError);
  assert.equal(h.pool.size, 0);
});

test("options out of range are refused with the range", () => {
  const port = { verifySignature: () => true };
  assert.throws(() => new Mempool({ chainId: "" }, port), TypeError);
  assert.throws(
    () => new Mempool({ chainId: CHAIN_ID, capacityTxs: 0 }, port),
    /capacityTxs: expected an integer from 1/,
  );
  assert.throws(
    () => new Mempool({ chainId: CHAIN_ID, capacityBytes: 4_095 }, port),
    /capacityBytes/,
  );
  assert.throws(
    () => new Mempool({ chainId: CHAIN_ID, capacityTxs: 10, perSignerMax: 11 }, port),
    /perSignerMax/,
  );
  assert.throws(() => new Mempool({ chainId: CHAIN_ID, retryAfterMs: 0.5 }, port), /retryAfterMs/);
  const small = new Mempool({ chainId: CHAIN_ID, capacityTxs: 10 }, port);
  assert.equal(small.perSignerMax, 10);
});

test("a view of another chain or of an uncommitted block is a bug in the caller", () => {
  const h = harness();
  const bytes = encode(signTx(keys.alice, [transfer(keys.bob.account, 1n)]));
  const other = createGenesisState(testGenesis({ chainId: "tongbao-other" }));
  assert.throws(
    () => h.pool.admit(bytes, { state: other, nowMs: GENESIS_TIME_MS }),
    AssertionError,
  );
  const execution = h.ledger.execute([]);
  assert.ok(execution.valid);
  assert.throws(() => h.pool.admit(bytes, h.view()), AssertionError);
});

test("a transaction the node already decoded is admitted as its bytes would be, and held once", () => {
  // The runtime decodes a submission once (two hashes) and hands the decoded transaction on.
  const h = harness();
  const payment = signTx(keys.alice, [transfer(keys.merchant.account, 1_000n)]);
  const result = h.pool.admit(payment, h.view());
  assert.equal(result.status, "accepted");
  assert.equal(result.hash, payment.hash);
  assert.equal(h.pool.bytes, encode(payment).length);
  assert.equal(h.pool.admit(encode(payment), h.view()).status, "known");
  assert.equal(h.pool.admit(payment, h.view()).status, "known");
  assert.equal(h.verifier.calls, 1);
  // A decoded transaction with a bad signature is refused like its bytes.
  const forged = withSignature(payment, new Uint8Array(64));
  const fresh = harness();
  const refused = fresh.pool.admit(forged, fresh.view());
  assert.equal(refused.status, "rejected");
  assert.equal(fresh.pool.size, 0);
  assert.throws(() => h.pool.admit(null as never, h.view()), TypeError);
});
