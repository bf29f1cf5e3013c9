// Goal: a transaction has exactly one encoding. Every transaction round-trips through its body
// and signed encodings, and every other byte string is refused with DecodeError: truncated or
// extended input, a bool byte of 2, an unknown operation tag, version or key type, a currency
// that is not three capital letters, an amount above AMOUNT_MAX, too many operations. The
// payment operations (refund, request, approve, decline) have fixed layouts, checked byte by byte.
// Method: fast-check transactions with every operation kind and every optional field; the
// byte offsets that are patched are derived from the layout in docs (tx/encoding.ts header),
// and each is checked to hold the expected value before it is patched.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DecodeError } from "@tongbao/codec";
import { TestLedger, keys } from "../test/fixtures.ts";
import { bytesToHex } from "@tongbao/std";
import {
  AMOUNT_MAX,
  type AccountId,
  type Amount,
  type ClientId,
  type CurrencyCode,
  type Hash,
  type TimestampMs,
} from "@tongbao/types";
import {
  KeyType,
  ResultCode,
  decodeSignedTransaction,
  executeBlock,
  resultName,
  validateTransaction,
  decodeTransactionBody,
  encodeSignedTransaction,
  encodeTransaction,
  limits,
  toSignedTransaction,
  type Operation,
  type Transaction,
} from "./index.ts";

const U64_MAX = (1n << 64n) - 1n;

// ---- arbitraries ------------------------------------------------------------------------------

/** fc.record, always with an ordinary prototype, as decoded objects have. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => bytesToHex(b));
const accountId = hex(20).map((h) => h as AccountId);
const clientId = hex(16).map((h) => h as ClientId);
const hash = hex(32).map((h) => h as Hash);
const currency = fc
  .tuple(
    fc.integer({ min: 65, max: 90 }),
    fc.integer({ min: 65, max: 90 }),
    fc.integer({ min: 65, max: 90 }),
  )
  .map((codes) => String.fromCharCode(...codes) as CurrencyCode);
const amount = fc.bigInt({ min: 0n, max: AMOUNT_MAX }).map((a) => a as Amount);
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const remitSource = fc.oneof(
  rec({ kind: fc.constant("quote" as const), holder: accountId, id: clientId }),
  rec({ kind: fc.constant("offer" as const), provider: accountId, id: clientId }),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const key = fc.oneof(
  rec({
    keyType: fc.constant(KeyType.Ed25519),
    publicKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  }),
  rec({
    keyType: fc.constant(KeyType.P256),
    // A compressed SEC1 point: 02 or 03, then 32 bytes (decoding refuses any other prefix).
    publicKey: fc
      .tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 }))
      .map(([prefix, x]) => Uint8Array.of(prefix, ...x)),
  }),
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  rec({
    kind: fc.constant("transfer" as const),
    to: accountId,
    currency,
    amount,
    reference: optional(hash),
    memoHash: optional(hash),
  }),
  key.chain(({ keyType, publicKey }) =>
    rec({
      kind: fc.constant("open_account" as const),
      keyType: fc.constant(keyType),
      publicKey: fc.constant(publicKey),
      kycTier: fc.integer({ min: 0, max: 255 }),
    }),
  ),
  rec({ kind: fc.constant("set_frozen" as const), account: accountId, frozen: fc.boolean() }),
  rec({ kind: fc.constant("issue" as const), currency, to: accountId, amount }),
  rec({ kind: fc.constant("redeem" as const), currency, amount }),
  rec({
    kind: fc.constant("create_pending" as const),
    id: clientId,
    to: accountId,
    currency,
    amount,
    timeoutMs: fc.maxSafeNat(),
    arbiter: optional(accountId),
  }),
  rec({
    kind: fc.constant("post_pending" as const),
    from: accountId,
    id: clientId,
    amount: optional(amount),
  }),
  rec({ kind: fc.constant("void_pending" as const), from: accountId, id: clientId }),
  rec({
    kind: fc.constant("set_fee_schedule" as const),
    currency,
    fixedMinor: amount,
    bps: fc.integer({ min: 0, max: 0xffff }),
    maxMinor: amount,
  }),
  rec({ kind: fc.constant("refund" as const), reference: hash, amount }),
  rec({
    kind: fc.constant("request_payment" as const),
    id: clientId,
    payer: accountId,
    currency,
    amount,
    timeoutMs: fc.maxSafeNat(),
    reference: optional(hash),
  }),
  rec({
    kind: fc.constant("approve_request" as const),
    payee: accountId,
    id: clientId,
    currency,
    amount,
  }),
  rec({ kind: fc.constant("decline_request" as const), payee: accountId, id: clientId }),
  rec({
    kind: fc.constant("post_offer" as const),
    id: clientId,
    buy: currency,
    sell: currency,
    rateNum: u64,
    rateDen: u64,
    minBuy: amount,
    maxBuy: amount,
    spreadBps: fc.integer({ min: 0, max: 0xffff }),
    expiresAtMs: fc.maxSafeNat().map((t) => t as TimestampMs),
  }),
  rec({ kind: fc.constant("withdraw_offer" as const), id: clientId }),
  rec({
    kind: fc.constant("hold_quote" as const),
    id: clientId,
    provider: accountId,
    offerId: clientId,
    payer: accountId,
    buyAmount: amount,
    timeoutMs: fc.maxSafeNat(),
  }),
  rec({
    kind: fc.constant("remit" as const),
    to: accountId,
    sendCurrency: currency,
    sendAmount: amount,
    receiveCurrency: currency,
    worstRateNum: u64,
    worstRateDen: u64,
    source: remitSource,
    travelRuleHash: optional(hash),
  }),
  rec({
    kind: fc.constant("set_kyc_limits" as const),
    currency,
    tier: fc.integer({ min: 0, max: 255 }),
    perPaymentMax: amount,
    dailyMax: amount,
    monthlyMax: amount,
  }),
  rec({
    kind: fc.constant("set_sanctioned" as const),
    account: accountId,
    sanctioned: fc.boolean(),
  }),
  rec({
    kind: fc.constant("set_travel_rule_threshold" as const),
    currency,
    thresholdMinor: amount,
  }),
);

const transactionWith = (operations: fc.Arbitrary<Operation[]>): fc.Arbitrary<Transaction> =>
  fc
    .record({ key, id: clientId, validUntilMs: fc.maxSafeNat(), operations })
    .map(({ key: k, id, validUntilMs, operations: ops }) => ({
      version: 1,
      keyType: k.keyType,
      publicKey: k.publicKey,
      id,
      validUntilMs: validUntilMs as TimestampMs,
      operations: ops,
    }));

const transaction = transactionWith(
  fc.array(operation, { minLength: 0, maxLength: limits.OPERATIONS_PER_TRANSACTION_MAX }),
);
const signature = fc.uint8Array({ minLength: 64, maxLength: 64 });

const tooMuch = fc.bigInt({ min: AMOUNT_MAX + 1n, max: U64_MAX }).map((a) => a as Amount);
const oversized: fc.Arbitrary<Operation> = fc.oneof(
  rec({
    kind: fc.constant("transfer" as const),
    to: accountId,
    currency,
    amount: tooMuch,
    reference: optional(hash),
    memoHash: optional(hash),
  }),
  rec({ kind: fc.constant("issue" as const), currency, to: accountId, amount: tooMuch }),
  rec({ kind: fc.constant("redeem" as const), currency, amount: tooMuch }),
  rec({
    kind: fc.constant("create_pending" as const),
    id: clientId,
    to: accountId,
    currency,
    amount: tooMuch,
    timeoutMs: fc.maxSafeNat(),
    arbiter: optional(accountId),
  }),
  rec({
    kind: fc.constant("post_pending" as const),
    from: accountId,
    id: clientId,
    amount: tooMuch,
  }),
  rec({
    kind: fc.constant("set_fee_schedule" as const),
    currency,
    fixedMinor: tooMuch,
    bps: fc.nat(0xffff),
    maxMinor: amount,
  }),
  rec({
    kind: fc.constant("set_fee_schedule" as const),
    currency,
    fixedMinor: amount,
    bps: fc.nat(0xffff),
    maxMinor: tooMuch,
  }),
  rec({ kind: fc.constant("refund" as const), reference: hash, amount: tooMuch }),
  rec({
    kind: fc.constant("request_payment" as const),
    id: clientId,
    payer: accountId,
    currency,
    amount: tooMuch,
    timeoutMs: fc.maxSafeNat(),
    reference: optional(hash),
  }),
  rec({
    kind: fc.constant("approve_request" as const),
    payee: accountId,
    id: clientId,
    currency,
    amount: tooMuch,
  }),
  rec({
    kind: fc.constant("post_offer" as const),
    id: clientId,
    buy: currency,
    sell: currency,
    rateNum: u64,
    rateDen: u64,
    minBuy: amount,
    maxBuy: tooMuch,
    spreadBps: fc.nat(0xffff),
    expiresAtMs: fc.maxSafeNat().map((t) => t as TimestampMs),
  }),
  rec({
    kind: fc.constant("hold_quote" as const),
    id: clientId,
    provider: accountId,
    offerId: clientId,
    payer: accountId,
    buyAmount: tooMuch,
    timeoutMs: fc.maxSafeNat(),
  }),
  rec({
    kind: fc.constant("remit" as const),
    to: accountId,
    sendCurrency: currency,
    sendAmount: tooMuch,
    receiveCurrency: currency,
    worstRateNum: u64,
    worstRateDen: u64,
    source: remitSource,
    travelRuleHash: optional(hash),
  }),
  rec({
    kind: fc.constant("set_kyc_limits" as const),
    currency,
    tier: fc.nat(255),
    perPaymentMax: amount,
    dailyMax: amount,
    monthlyMax: tooMuch,
  }),
  rec({
    kind: fc.constant("set_travel_rule_threshold" as const),
    currency,
    thresholdMinor: tooMuch,
  }),
);

/** Operations with one currency that is not three capital letters. */
const badCurrency = fc
  .oneof(
    fc.string({ maxLength: 5 }),
    currency.map((c) => c.toLowerCase()),
  )
  .filter((c) => !/^[A-Z]{3}$/.test(c))
  .map((c) => c as CurrencyCode);
const miscoded: fc.Arbitrary<Operation> = fc.oneof(
  rec({
    kind: fc.constant("transfer" as const),
    to: accountId,
    currency: badCurrency,
    amount,
    reference: optional(hash),
    memoHash: optional(hash),
  }),
  rec({ kind: fc.constant("issue" as const), currency: badCurrency, to: accountId, amount }),
  rec({ kind: fc.constant("redeem" as const), currency: badCurrency, amount }),
  rec({
    kind: fc.constant("create_pending" as const),
    id: clientId,
    to: accountId,
    currency: badCurrency,
    amount,
    timeoutMs: fc.maxSafeNat(),
    arbiter: optional(accountId),
  }),
  rec({
    kind: fc.constant("set_fee_schedule" as const),
    currency: badCurrency,
    fixedMinor: amount,
    bps: fc.nat(0xffff),
    maxMinor: amount,
  }),
  rec({
    kind: fc.constant("request_payment" as const),
    id: clientId,
    payer: accountId,
    currency: badCurrency,
    amount,
    timeoutMs: fc.maxSafeNat(),
    reference: optional(hash),
  }),
  rec({
    kind: fc.constant("approve_request" as const),
    payee: accountId,
    id: clientId,
    currency: badCurrency,
    amount,
  }),
  rec({
    kind: fc.constant("post_offer" as const),
    id: clientId,
    buy: currency,
    sell: badCurrency,
    rateNum: u64,
    rateDen: u64,
    minBuy: amount,
    maxBuy: amount,
    spreadBps: fc.nat(0xffff),
    expiresAtMs: fc.maxSafeNat().map((t) => t as TimestampMs),
  }),
  rec({
    kind: fc.constant("remit" as const),
    to: accountId,
    sendCurrency: badCurrency,
    sendAmount: amount,
    receiveCurrency: currency,
    worstRateNum: u64,
    worstRateDen: u64,
    source: remitSource,
    travelRuleHash: optional(hash),
  }),
  rec({
    kind: fc.constant("set_kyc_limits" as const),
    currency: badCurrency,
    tier: fc.nat(255),
    perPaymentMax: amount,
    dailyMax: amount,
    monthlyMax: amount,
  }),
);

// ---- layout (docs: body = version u8 | keyType u8 | publicKey | id 16 | validUntilMs 8 |
// count u8 | operation*) -------------------------------------------------------------------

function headerBytes(tx: Transaction): number {
  return 1 + 1 + (tx.keyType === KeyType.Ed25519 ? 32 : 33) + 16 + 8 + 1;
}

function refuses(decode: () => unknown, what: string): void {
  assert.throws(decode, (error) => error instanceof DecodeError, what);
}

function patched(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = value;
  return copy;
}

/** A transaction whose only operation is `op`, so its offsets follow from the header. */
const single = (op: fc.Arbitrary<Operation>) => transactionWith(op.map((o) => [o]));

// ---- round trips --------------------------------------------------------------------------------

test("every transaction round-trips through its body and signed encodings", () => {
  fc.assert(
    fc.property(transaction, signature, (tx, sig) => {
      const body = encodeTransaction(tx);
      assert.deepEqual(decodeTransactionBody(body), tx);

      const signed = toSignedTransaction(tx, body, sig);
      const bytes = encodeSignedTransaction(signed);
      assert.equal(bytes.length, body.length + 64);
      const decoded = decodeSignedTransaction(bytes);
      assert.deepEqual(decoded.tx, tx);
      assert.deepEqual(decoded.body, body);
      assert.deepEqual(decoded.signature, sig);
      assert.equal(decoded.hash, signed.hash);
      assert.equal(decoded.signer, signed.signer);
      // Canonical: re-encoding what was decoded gives the same bytes.
      assert.deepEqual(encodeSignedTransaction(decoded), bytes);
    }),
    { numRuns: 300 },
  );
});

test("every truncation and every appended byte is refused", () => {
  fc.assert(
    fc.property(transaction, signature, fc.integer({ min: 0, max: 255 }), (tx, sig, extra) => {
      const body = encodeTransaction(tx);
      const bytes = encodeSignedTransaction(toSignedTransaction(tx, body, sig));
      for (let length = 0; length < bytes.length; length++) {
        refuses(
          () => decodeSignedTransaction(bytes.subarray(0, length)),
          `signed cut to ${length}`,
        );
      }
      for (let length = 0; length < body.length; length++) {
        refuses(() => decodeTransactionBody(body.subarray(0, length)), `body cut to ${length}`);
      }
      const longer = new Uint8Array(bytes.length + 1);
      longer.set(bytes);
      longer[bytes.length] = extra;
      refuses(() => decodeSignedTransaction(longer), "signed with a byte appended");
      const longerBody = new Uint8Array(body.length + 1);
      longerBody.set(body);
      longerBody[body.length] = extra;
      refuses(() => decodeTransactionBody(longerBody), "body with a byte appended");
    }),
    { numRuns: 100 },
  );
});

// ---- refusals -------------------------------------------------------------------------------------

test("a bool byte other than 0 or 1 is refused", () => {
  const bad = fc.integer({ min: 2, max: 255 });
  const cases: Array<[string, fc.Arbitrary<Transaction>, (tx: Transaction) => [number, number]]> = [
    [
      "set_frozen.frozen",
      single(operation.filter((o) => o.kind === "set_frozen")),
      (tx) => {
        const op = tx.operations[0] as Extract<Operation, { kind: "set_frozen" }>;
        return [headerBytes(tx) + 1 + 20, op.frozen ? 1 : 0];
      },
    ],
    [
      "transfer.reference present",
      single(operation.filter((o) => o.kind === "transfer")),
      (tx) => {
        const op = tx.operations[0] as Extract<Operation, { kind: "transfer" }>;
        return [headerBytes(tx) + 1 + 20 + 3 + 8, op.reference === undefined ? 0 : 1];
      },
    ],
    [
      "create_pending.arbiter present",
      single(operation.filter((o) => o.kind === "create_pending")),
      (tx) => {
        const op = tx.operations[0] as Extract<Operation, { kind: "create_pending" }>;
        return [headerBytes(tx) + 1 + 16 + 20 + 3 + 8 + 8, op.arbiter === undefined ? 0 : 1];
      },
    ],
    [
      "request_payment.reference present",
      single(operation.filter((o) => o.kind === "request_payment")),
      (tx) => {
        const op = tx.operations[0] as Extract<Operation, { kind: "request_payment" }>;
        return [headerBytes(tx) + 1 + 16 + 20 + 3 + 8 + 8, op.reference === undefined ? 0 : 1];
      },
    ],
    [
      "post_pending.amount present",
      single(operation.filter((o) => o.kind === "post_pending")),
      (tx) => {
        const op = tx.operations[0] as Extract<Operation, { kind: "post_pending" }>;
        return [headerBytes(tx) + 1 + 20 + 16, op.amount === undefined ? 0 : 1];
      },
    ],
  ];
  for (const [what, arb, locate] of cases) {
    fc.assert(
      fc.property(arb, bad, (tx, value) => {
        const body = encodeTransaction(tx);
        const [offset, expected] = locate(tx);
        assert.equal(body[offset], expected, `${what}: layout assumption`);
        refuses(() => decodeTransactionBody(patched(body, offset, value)), `${what} = ${value}`);
      }),
      { numRuns: 50 },
    );
  }
});

test("an unknown operation tag, version or key type is refused", () => {
  const unknownTag = fc.oneof(fc.constant(0), fc.integer({ min: 21, max: 255 }));
  fc.assert(
    fc.property(single(operation), unknownTag, (tx, tag) => {
      const body = encodeTransaction(tx);
      const at = headerBytes(tx);
      assert.ok(body[at]! >= 1 && body[at]! <= 20, "layout assumption: operation tag");
      refuses(() => decodeTransactionBody(patched(body, at, tag)), `operation tag ${tag}`);
    }),
  );
  fc.assert(
    fc.property(
      transaction,
      fc.integer({ min: 0, max: 255 }).filter((v) => v !== 1),
      (tx, v) => {
        const body = encodeTransaction(tx);
        refuses(() => decodeTransactionBody(patched(body, 0, v)), `version ${v}`);
      },
    ),
  );
  fc.assert(
    fc.property(
      transaction,
      fc.integer({ min: 0, max: 255 }).filter((v) => v > 2 || v === 0),
      (tx, v) => {
        const body = encodeTransaction(tx);
        refuses(() => decodeTransactionBody(patched(body, 1, v)), `key type ${v}`);
      },
    ),
  );
});

test("a currency that is not three capital letters is refused", () => {
  const notCapital = fc.integer({ min: 0, max: 255 }).filter((b) => b < 65 || b > 90);
  const lowerCase = fc.integer({ min: 97, max: 122 });
  fc.assert(
    fc.property(
      single(operation.filter((o) => o.kind === "transfer")),
      fc.integer({ min: 0, max: 2 }),
      fc.oneof(lowerCase, notCapital),
      (tx, position, byte) => {
        const body = encodeTransaction(tx);
        const at = headerBytes(tx) + 1 + 20 + position;
        const op = tx.operations[0] as Extract<Operation, { kind: "transfer" }>;
        assert.equal(body[at], op.currency.charCodeAt(position), "layout assumption: currency");
        refuses(() => decodeTransactionBody(patched(body, at, byte)), `currency byte ${byte}`);
      },
    ),
  );
  // Lower case written by a careless encoder: the whole code in lower case.
  fc.assert(
    fc.property(single(operation.filter((o) => o.kind === "redeem")), (tx) => {
      const op = tx.operations[0] as Extract<Operation, { kind: "redeem" }>;
      const lower = { ...op, currency: op.currency.toLowerCase() as CurrencyCode };
      refuses(
        () => decodeTransactionBody(encodeTransaction({ ...tx, operations: [lower] })),
        "lower case",
      );
    }),
  );
});

test("an amount above AMOUNT_MAX is refused wherever an amount is read", () => {
  fc.assert(
    fc.property(
      fc.array(operation, { maxLength: 3 }),
      oversized,
      fc.array(operation, { maxLength: 3 }),
      transaction,
      (before, op, after, tx) => {
        const body = encodeTransaction({ ...tx, operations: [...before, op, ...after] });
        refuses(() => decodeTransactionBody(body), `${op.kind} above AMOUNT_MAX`);
      },
    ),
  );
});

test("more operations than the limit and a deadline above 2^53 are refused", () => {
  fc.assert(
    fc.property(
      transactionWith(
        fc.array(operation, {
          minLength: limits.OPERATIONS_PER_TRANSACTION_MAX + 1,
          maxLength: limits.OPERATIONS_PER_TRANSACTION_MAX + 4,
        }),
      ),
      (tx) => refuses(() => decodeTransactionBody(encodeTransaction(tx)), "too many operations"),
    ),
    { numRuns: 30 },
  );
  fc.assert(
    fc.property(transaction, fc.integer({ min: 0x20, max: 0xff }), (tx, high) => {
      const body = encodeTransaction(tx);
      // validUntilMs is the 8 bytes before the count; its top 11 bits must be zero.
      const at = headerBytes(tx) - 1 - 8;
      refuses(() => decodeTransactionBody(patched(body, at + 1, high)), "deadline above 2^53");
    }),
  );
});

// ---- the payment operations' layouts ------------------------------------------------------------

test("refund, request, approve and decline have the documented layouts", () => {
  const hexOf = (bytes: Uint8Array) => bytesToHex(bytes);
  const cases: Array<[Operation, string]> = [
    [
      { kind: "refund", reference: "ab".repeat(32) as Hash, amount: 258n as Amount },
      "0a" + "ab".repeat(32) + "0000000000000102",
    ],
    [
      {
        kind: "request_payment",
        id: "01".repeat(16) as ClientId,
        payer: "02".repeat(20) as AccountId,
        currency: "HKD" as CurrencyCode,
        amount: 1n as Amount,
        timeoutMs: 60_000,
        reference: undefined,
      },
      "0b" +
        "01".repeat(16) +
        "02".repeat(20) +
        "484b44" +
        "0000000000000001" +
        "000000000000ea60" +
        "00",
    ],
    [
      {
        kind: "request_payment",
        id: "01".repeat(16) as ClientId,
        payer: "02".repeat(20) as AccountId,
        currency: "HKD" as CurrencyCode,
        amount: 1n as Amount,
        timeoutMs: 1,
        reference: "cd".repeat(32) as Hash,
      },
      "0b" +
        "01".repeat(16) +
        "02".repeat(20) +
        "484b44" +
        "0000000000000001" +
        "0000000000000001" +
        "01" +
        "cd".repeat(32),
    ],
    [
      {
        kind: "approve_request",
        payee: "03".repeat(20) as AccountId,
        id: "04".repeat(16) as ClientId,
        currency: "PHP" as CurrencyCode,
        amount: 5n as Amount,
      },
      "0c" + "03".repeat(20) + "04".repeat(16) + "504850" + "0000000000000005",
    ],
    [
      {
        kind: "decline_request",
        payee: "03".repeat(20) as AccountId,
        id: "04".repeat(16) as ClientId,
      },
      "0d" + "03".repeat(20) + "04".repeat(16),
    ],
  ];
  for (const [op, expected] of cases) {
    const tx = aliceTx([op]);
    const body = encodeTransaction(tx);
    assert.equal(hexOf(body.subarray(headerBytes(tx))), expected, op.kind);
    assert.deepEqual(decodeTransactionBody(body).operations, [op]);
  }
});

// ---- the ledger's own validation agrees with the decoder ----------------------------------------

test("what the decoder refuses, validation refuses too (regression: codes 5 and 6)", () => {
  // A transaction built in memory never passes through the decoder. Before this check an
  // amount above AMOUNT_MAX was accepted (a fee schedule above it was committed to state) and
  // a lower-case currency was included as a failed transaction instead of refused as malformed.
  const cases: Array<[fc.Arbitrary<Operation>, ResultCode]> = [
    [oversized, ResultCode.amount_exceeds_maximum],
    [miscoded, ResultCode.currency_code_invalid],
  ];
  for (const [bad, code] of cases) {
    fc.assert(
      fc.property(
        fc.array(operation.filter(validOperation), { maxLength: 3 }),
        bad,
        (before, op) => {
          // Such operations cannot even be encoded faithfully, so validation sees only the object.
          const signed = toSignedTransaction(
            aliceTx([...before, op]),
            new Uint8Array(0),
            new Uint8Array(64),
          );
          const result = validateTransaction(signed);
          assert.deepEqual(
            [resultName(result.code), result.operationIndex],
            [resultName(code), before.length],
          );
        },
      ),
      { numRuns: 100 },
    );
  }

  // And a block holding one is refused whole, like any malformed transaction.
  const ledger = new TestLedger();
  const fee = toSignedTransaction(
    {
      version: 1,
      keyType: KeyType.Ed25519,
      publicKey: keys.hkBank.publicKey,
      id: "01".repeat(16) as ClientId,
      validUntilMs: (ledger.nowMs + 60_000) as TimestampMs,
      operations: [
        {
          kind: "set_fee_schedule",
          currency: "HKD" as CurrencyCode,
          fixedMinor: (AMOUNT_MAX + 1n) as Amount,
          bps: 0,
          maxMinor: 0n as Amount,
        },
      ],
    },
    new Uint8Array(0),
    new Uint8Array(64),
  );
  const result = executeBlock(ledger.state, [fee], { height: 1, timestampMs: ledger.nowMs + 1 });
  assert.equal(result.valid, false);
  assert.ok(!result.valid);
  assert.equal(result.code, ResultCode.amount_exceeds_maximum);
  assert.equal(ledger.state.feeSchedule("hk-bank" as never, "HKD" as never)?.fixedMinor, 10n);
});

/** A well-formed transaction from Alice around `operations`. */
function aliceTx(operations: Operation[]): Transaction {
  return {
    version: 1,
    keyType: KeyType.Ed25519,
    publicKey: keys.alice.publicKey,
    id: "01".repeat(16) as ClientId,
    validUntilMs: 0 as TimestampMs,
    operations,
  };
}

/** Whether an operation passes stateless validation on its own. */
function validOperation(op: Operation): boolean {
  const signed = toSignedTransaction(aliceTx([op]), new Uint8Array(0), new Uint8Array(64));
  return validateTransaction(signed).code === ResultCode.ok;
}
