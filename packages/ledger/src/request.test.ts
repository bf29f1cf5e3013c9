// Goal: a request to pay moves nothing until its payer approves; approval pays it as a transfer
// (same fee) carrying the request's reference, so it is paid once and refundable; the payer
// declines or the payee cancels; only the parties may act, only on the terms agreed, only before
// the deadline in agreed time; open requests are bounded per payer, per payee and per pair.
// Method: the test genesis, with extra accounts opened by an institution where a bound needs
// many parties; each case checks receipts, balances, the block's closed requests and invariants.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import {
  KeyType,
  ResultCode,
  checkInvariants,
  computeStateRoots,
  limits,
  requestReference,
  type Operation,
} from "./index.ts";
import { TestLedger, keys, makeTx, nextId, testKey, type TestKey } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;

const request = (
  id: ClientId,
  payer: AccountId,
  amount: bigint,
  options: { timeoutMs?: number; reference?: Hash; currency?: string } = {},
): Operation => ({
  kind: "request_payment",
  id,
  payer,
  currency: (options.currency ?? HKD) as CurrencyCode,
  amount: amount as Amount,
  timeoutMs: options.timeoutMs ?? 60_000,
  reference: options.reference,
});
const approve = (payee: AccountId, id: ClientId, amount: bigint, currency = HKD): Operation => ({
  kind: "approve_request",
  payee,
  id,
  currency,
  amount: amount as Amount,
});
const decline = (payee: AccountId, id: ClientId): Operation => ({
  kind: "decline_request",
  payee,
  id,
});

test("approval pays the request as a referenced payment, with the payer's fee, and closes it", () => {
  const ledger = new TestLedger();
  const id = nextId();
  let execution = ledger.block([makeTx(keys.merchant, [request(id, keys.alice.account, 30_00n)])]);
  assert.equal(execution.receipts[0]!.code, ResultCode.ok);
  const open = ledger.state.requests.get(keys.merchant.account, id)!;
  assert.equal(open.reference, requestReference(keys.merchant.account, id));
  assert.equal(open.expiresAtMs, ledger.nowMs + 60_000);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n, "a request moves nothing");

  execution = ledger.block([makeTx(keys.alice, [approve(keys.merchant.account, id, 30_00n)])]);
  assert.equal(execution.receipts[0]!.code, ResultCode.ok);
  // Fee: 0.10 fixed + 10 bps of 30.00 (0.03).
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n - 30_00n - 13n);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 30_00n);
  assert.equal(ledger.state.requests.size, 0);
  assert.deepEqual(
    execution.closedRequests.map((c) => [c.outcome, c.transactionIndex, c.request.id]),
    [["approved", 0, id]],
  );
  const record = ledger.state.payments.get(keys.merchant.account, open.reference)!;
  assert.deepEqual([record.payer, record.amount], [keys.alice.account, 30_00n]);
  // Refundable like any referenced payment.
  execution = ledger.block([
    makeTx(keys.merchant, [{ kind: "refund", reference: open.reference, amount: 5_00n as Amount }]),
  ]);
  assert.equal(execution.receipts[0]!.code, ResultCode.ok);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("a request's own reference: refused if already paid; approval refused if paid meanwhile", () => {
  const ledger = new TestLedger();
  const reference = "3c".repeat(32) as Hash;
  const [first, second] = [nextId(), nextId()];
  const paying: Operation = {
    kind: "transfer",
    to: keys.merchant.account,
    currency: HKD,
    amount: 1_00n as Amount,
    reference,
  };
  const { receipts } = ledger.block([
    makeTx(keys.merchant, [request(first, keys.alice.account, 1_00n, { reference })]),
    makeTx(keys.bob, [paying]),
    makeTx(keys.merchant, [request(second, keys.alice.account, 1_00n, { reference })]),
    makeTx(keys.alice, [approve(keys.merchant.account, first, 1_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.ok,
      ResultCode.ok,
      ResultCode.reference_already_paid,
      ResultCode.reference_already_paid,
    ],
  );
  assert.ok(ledger.state.requests.get(keys.merchant.account, first) !== undefined, "still open");
  assert.equal(
    ledger.state.payments.get(keys.merchant.account, reference)!.payer,
    keys.bob.account,
  );
});

test("the payer declines, the payee cancels; nobody else may; approval needs the agreed terms", () => {
  const ledger = new TestLedger();
  const [a, b, c] = [nextId(), nextId(), nextId()];
  ledger.block([
    makeTx(keys.merchant, [
      request(a, keys.alice.account, 5_00n),
      request(b, keys.alice.account, 6_00n),
      request(c, keys.alice.account, 7_00n),
    ]),
  ]);
  const { receipts, closedRequests } = ledger.block([
    makeTx(keys.bob, [decline(keys.merchant.account, a)]),
    makeTx(keys.bob, [approve(keys.merchant.account, a, 5_00n)]),
    makeTx(keys.merchant, [approve(keys.merchant.account, a, 5_00n)]),
    makeTx(keys.alice, [approve(keys.merchant.account, a, 5_01n)]),
    makeTx(keys.alice, [approve(keys.merchant.account, a, 5_00n, "PHP" as CurrencyCode)]),
    makeTx(keys.alice, [decline(keys.merchant.account, a)]),
    makeTx(keys.merchant, [decline(keys.merchant.account, b)]),
    makeTx(keys.alice, [decline(keys.merchant.account, b)]),
    makeTx(keys.alice, [approve(keys.bob.account, c, 7_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.not_authorized,
      ResultCode.not_authorized,
      ResultCode.not_authorized,
      ResultCode.request_terms_mismatch,
      ResultCode.request_terms_mismatch,
      ResultCode.ok,
      ResultCode.ok,
      ResultCode.request_not_found,
      ResultCode.request_not_found,
    ],
  );
  assert.deepEqual(
    closedRequests.map((closed) => [closed.request.id, closed.outcome, closed.transactionIndex]),
    [
      [a, "declined", 5],
      [b, "cancelled", 6],
    ],
  );
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n);
  assert.deepEqual(
    [...ledger.state.requests.table.values()].map((r) => r.id),
    [c],
  );
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("an id is unique among the payee's open requests and free again once closed", () => {
  const ledger = new TestLedger();
  const id = nextId();
  const { receipts } = ledger.block([
    makeTx(keys.merchant, [request(id, keys.alice.account, 1n)]),
    makeTx(keys.merchant, [request(id, keys.bob.account, 1n)]),
    // Another payee's id space is its own.
    makeTx(keys.bob, [request(id, keys.alice.account, 1n)]),
    makeTx(keys.alice, [decline(keys.merchant.account, id)]),
    makeTx(keys.merchant, [request(id, keys.bob.account, 2n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.request_already_exists, ResultCode.ok, ResultCode.ok, ResultCode.ok],
  );
  assert.equal(ledger.state.requests.get(keys.merchant.account, id)!.payer, keys.bob.account);
});

test("at its deadline in agreed time a request can no longer be approved and closes as expired", () => {
  const ledger = new TestLedger();
  const id = nextId();
  ledger.block([
    makeTx(keys.merchant, [request(id, keys.alice.account, 1_00n, { timeoutMs: 1_500 })]),
  ]);
  assert.equal(ledger.block([]).closedRequests.length, 0);
  const { receipts, closedRequests } = ledger.block([
    makeTx(keys.alice, [approve(keys.merchant.account, id, 1_00n)]),
    makeTx(keys.alice, [decline(keys.merchant.account, id)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.request_expired, ResultCode.request_expired],
  );
  assert.deepEqual(
    closedRequests.map((c) => [c.request.id, c.outcome, c.transactionIndex]),
    [[id, "expired", undefined]],
  );
  assert.equal(ledger.state.requests.size, 0);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("requests need a known currency, a known unfrozen payer, and the payer's funds to approve", () => {
  const ledger = new TestLedger();
  const id = nextId();
  const stranger = "ab".repeat(20) as AccountId;
  const { receipts } = ledger.block([
    makeTx(keys.merchant, [request(nextId(), keys.alice.account, 1n, { currency: "USD" })]),
    makeTx(keys.merchant, [request(nextId(), stranger, 1n)]),
    makeTx(keys.hkBank, [{ kind: "set_frozen", account: keys.bob.account, frozen: true }]),
    makeTx(keys.merchant, [request(nextId(), keys.bob.account, 1n)]),
    makeTx(keys.merchant, [request(id, keys.alice.account, 2000_00n)]),
    makeTx(keys.alice, [approve(keys.merchant.account, id, 2000_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.currency_not_found,
      ResultCode.account_not_found,
      ResultCode.ok,
      ResultCode.account_frozen,
      ResultCode.ok,
      ResultCode.insufficient_funds,
    ],
  );
  assert.ok(ledger.state.requests.get(keys.merchant.account, id) !== undefined, "still open");
});

test("malformed requests and approvals are refused at the door", () => {
  const ledger = new TestLedger();
  const cases: Array<[TestKey, Operation, ResultCode]> = [
    [
      keys.merchant,
      request("0".repeat(32) as ClientId, keys.alice.account, 1n),
      ResultCode.id_must_not_be_zero,
    ],
    [keys.merchant, request(nextId(), keys.alice.account, 0n), ResultCode.amount_must_be_positive],
    [
      keys.merchant,
      request(nextId(), keys.merchant.account, 1n),
      ResultCode.accounts_must_be_different,
    ],
    [
      keys.merchant,
      request(nextId(), keys.alice.account, 1n, { timeoutMs: 0 }),
      ResultCode.timeout_invalid,
    ],
    [
      keys.merchant,
      request(nextId(), keys.alice.account, 1n, { timeoutMs: limits.REQUEST_TIMEOUT_MS_MAX + 1 }),
      ResultCode.timeout_invalid,
    ],
    [keys.alice, approve(keys.merchant.account, nextId(), 0n), ResultCode.amount_must_be_positive],
  ];
  for (const [signer, op, code] of cases) {
    const result = ledger.execute([makeTx(signer, [op])]);
    assert.equal(result.valid ? undefined : result.code, code, op.kind);
  }
});

/** Opens accounts (of hk-bank) for the given keys in one block. */
function openAccounts(ledger: TestLedger, accounts: readonly TestKey[]): void {
  const ops: Operation[] = accounts.map((key) => ({
    kind: "open_account",
    keyType: KeyType.Ed25519,
    publicKey: key.publicKey,
    kycTier: 1,
  }));
  const txs = [];
  for (let i = 0; i < ops.length; i += limits.OPERATIONS_PER_TRANSACTION_MAX) {
    txs.push(makeTx(keys.hkBank, ops.slice(i, i + limits.OPERATIONS_PER_TRANSACTION_MAX)));
  }
  const { receipts } = ledger.block(txs);
  assert.ok(receipts.every((r) => r.code === ResultCode.ok));
}

test("one payee may hold 8 open requests to one payer; a payer faces at most 64", () => {
  const ledger = new TestLedger();
  const payees = Array.from({ length: 9 }, (_, i) => testKey(`payee-${i}`));
  openAccounts(ledger, payees);
  const eight = (payee: TestKey) =>
    makeTx(
      payee,
      Array.from({ length: limits.OPEN_REQUESTS_PER_PAIR_MAX }, () =>
        request(nextId(), keys.alice.account, 1n),
      ),
    );
  const { receipts } = ledger.block([
    ...payees.slice(0, 8).map(eight),
    makeTx(payees[0]!, [request(nextId(), keys.alice.account, 1n)]),
    makeTx(payees[8]!, [request(nextId(), keys.alice.account, 1n)]),
    makeTx(payees[8]!, [request(nextId(), keys.bob.account, 1n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ...Array(8).fill(ResultCode.ok),
      ResultCode.requests_too_many,
      ResultCode.requests_too_many,
      ResultCode.ok,
    ],
  );
  assert.equal(
    ledger.state.requests.openForPayer(keys.alice.account),
    limits.OPEN_REQUESTS_PER_PAYER_MAX,
  );
  // Declining one frees a place for anyone.
  const id = ledger.state.requests.ofPayer(keys.alice.account)[0]!;
  const after = ledger.block([
    makeTx(keys.alice, [decline(id.payee, id.id)]),
    makeTx(payees[8]!, [request(nextId(), keys.alice.account, 1n)]),
  ]);
  assert.deepEqual(
    after.receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.ok],
  );
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("a payee may hold at most 1,024 open requests across its payers", () => {
  const ledger = new TestLedger();
  const pairs = limits.OPEN_REQUESTS_PER_PAYEE_MAX / limits.OPEN_REQUESTS_PER_PAIR_MAX;
  const payers = Array.from({ length: pairs + 1 }, (_, i) => testKey(`payer-${i}`));
  openAccounts(ledger, payers);
  const ops = payers
    .slice(0, pairs)
    .flatMap((payer) =>
      Array.from({ length: limits.OPEN_REQUESTS_PER_PAIR_MAX }, () =>
        request(nextId(), payer.account, 1n),
      ),
    );
  const txs = [];
  for (let i = 0; i < ops.length; i += limits.OPERATIONS_PER_TRANSACTION_MAX) {
    txs.push(makeTx(keys.merchant, ops.slice(i, i + limits.OPERATIONS_PER_TRANSACTION_MAX)));
  }
  txs.push(makeTx(keys.merchant, [request(nextId(), payers[pairs]!.account, 1n)]));
  const { receipts } = ledger.block(txs);
  assert.ok(receipts.slice(0, -1).every((r) => r.code === ResultCode.ok));
  assert.equal(receipts.at(-1)!.code, ResultCode.requests_too_many);
  assert.equal(
    ledger.state.requests.openForPayee(keys.merchant.account),
    limits.OPEN_REQUESTS_PER_PAYEE_MAX,
  );
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("open requests are in the state root; closing them all returns the tree to empty slots", () => {
  const ledger = new TestLedger();
  const before = computeStateRoots(ledger.state);
  const id = nextId();
  ledger.block([makeTx(keys.merchant, [request(id, keys.alice.account, 1n)])]);
  const opened = computeStateRoots(ledger.state);
  assert.notDeepEqual(opened.requestsRoot, before.requestsRoot);
  assert.notDeepEqual(opened.stateRoot, before.stateRoot);
  ledger.block([makeTx(keys.alice, [decline(keys.merchant.account, id)])]);
  assert.equal(ledger.state.requests.table.slotsUsed, 1, "the slot stays, empty, for reuse");
  ledger.block([makeTx(keys.merchant, [request(nextId(), keys.bob.account, 1n)])]);
  assert.equal(ledger.state.requests.table.slotsUsed, 1, "and is reused");
  assert.deepEqual(checkInvariants(ledger.state), []);
});
