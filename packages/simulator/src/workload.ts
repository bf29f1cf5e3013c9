/**
 * Clients paying each other: random transfers between the world's customers, signed with the
 * crypto package under the chain id and purpose "tx" exactly as a wallet signs them. The mix
 * includes what real clients do wrong: paying more than they hold (included, fails with
 * insufficient_funds), deadlines so short that the payment may expire in the pool, and retries
 * of the same signed transaction to another node (which must never be paid twice).
 *
 * Some payments are QR payments: they carry a reference (sometimes one already paid, which must
 * fail), payees refund recent ones (sometimes too much, or one that failed), and payees request
 * payments that payers approve, decline or let expire. The workload remembers a few recent
 * payments and requests to aim at; it never learns what committed, so many of these fail.
 *
 * A share of submissions is remittance business (remittance-workload.ts): the FX desk's offers,
 * banks' firm quotes and customers' cross-currency payments.
 */
import { sign } from "@tongbao/crypto";
import {
  KeyType,
  encodeTransaction,
  toSignedTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import { bytesToHex, type Prng } from "@tongbao/std";
import type { Amount, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";
import type { SimKey } from "./keys.ts";
import { RemittanceClients, type RemittanceOptions } from "./remittance-workload.ts";
import type { Customer, World } from "./world.ts";

export interface WorkloadOptions extends RemittanceOptions {
  /** Mean payments submitted per simulated second. */
  readonly paymentsPerSecond: number;
  /** Chance (ppm) that a client submits the same transaction again, to another node. */
  readonly resubmitPpm: number;
  /** Chance (ppm) of a payment larger than any balance. */
  readonly overspendPpm: number;
  /** Chance (ppm) of a deadline only seconds away. */
  readonly shortDeadlinePpm: number;
  /** Chance (ppm) that a payment carries a reference (a dynamic QR code's). */
  readonly referencedPpm: number;
  /** Chance (ppm) that a submission is a refund of a recent referenced payment. */
  readonly refundPpm: number;
  /** Chance (ppm) that a submission is a request to pay, or an answer to a recent one. */
  readonly requestPpm: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  paymentsPerSecond: 4,
  resubmitPpm: 50_000,
  overspendPpm: 30_000,
  shortDeadlinePpm: 30_000,
  referencedPpm: 200_000,
  refundPpm: 50_000,
  requestPpm: 100_000,
  remittancePpm: 150_000,
  offerExpiringSoonPpm: 100_000,
  quoteLapsePpm: 100_000,
  tightRatePpm: 50_000,
  wrongAmountPpm: 50_000,
  largeRemitPpm: 100_000,
  travelRuleOmittedPpm: 250_000,
};

/** Recent referenced payments and requests kept to aim refunds and answers at. */
const RECENT_MAX = 32;

interface RecentPayment {
  readonly payer: Customer;
  readonly payee: Customer;
  readonly reference: Hash;
  readonly currency: CurrencyCode;
  readonly amount: bigint;
}

interface RecentRequest {
  readonly payer: Customer;
  readonly payee: Customer;
  readonly id: ClientId;
  readonly currency: CurrencyCode;
  readonly amount: bigint;
}

export interface TransactionFields {
  readonly id?: ClientId;
  readonly validUntilMs: number;
  readonly operations: readonly Operation[];
}

/** Signs a transaction as a wallet does: crypto's sign under (chainId, "tx"). */
export function signTransaction(
  chainId: string,
  key: SimKey,
  fields: TransactionFields,
  prng: Prng,
): SignedTransaction {
  const tx = {
    version: 1,
    keyType: KeyType.Ed25519,
    publicKey: key.publicKey,
    id: fields.id ?? randomClientId(prng),
    validUntilMs: fields.validUntilMs as TimestampMs,
    operations: fields.operations,
  };
  const body = encodeTransaction(tx);
  const signature = sign(key.signingKey, { chainId, purpose: "tx", payload: body });
  return toSignedTransaction(tx, body, signature);
}

export function randomClientId(prng: Prng): ClientId {
  const bytes = prng.bytes(16);
  bytes[15] = bytes[15]! | 1; // never the all-zero id, which the ledger refuses
  return bytesToHex(bytes) as ClientId;
}

export class Workload {
  private readonly payments: RecentPayment[] = [];
  private readonly requests: RecentRequest[] = [];
  private readonly remittances: RemittanceClients;

  constructor(
    private readonly world: World,
    private readonly prng: Prng,
    readonly options: WorkloadOptions,
  ) {
    this.remittances = new RemittanceClients(
      world,
      prng,
      options,
      (key, validUntilMs, op) => this.signWith(key, validUntilMs, op),
      () => randomClientId(prng),
    );
  }

  /** Milliseconds until the next submission: uniform around the mean rate. */
  nextGapMs(): number {
    const meanMs = Math.max(1, Math.round(1000 / Math.max(this.options.paymentsPerSecond, 0.001)));
    return this.prng.between(1, 2 * meanMs);
  }

  /** A new signed transaction, with its deadline relative to the client's clock `nowMs`. */
  transaction(nowMs: number): SignedTransaction {
    const validUntilMs = this.prng.chancePpm(this.options.shortDeadlinePpm)
      ? nowMs + this.prng.between(200, 5_000)
      : nowMs + this.prng.between(60_000, 600_000);
    if (this.prng.chancePpm(this.options.remittancePpm)) {
      return this.remittances.transaction(nowMs, validUntilMs);
    }
    if (this.payments.length > 0 && this.prng.chancePpm(this.options.refundPpm)) {
      return this.refund(validUntilMs);
    }
    if (this.prng.chancePpm(this.options.requestPpm)) return this.request(validUntilMs);
    return this.payment(validUntilMs);
  }

  shouldResubmit(): boolean {
    return this.prng.chancePpm(this.options.resubmitPpm);
  }

  private payment(validUntilMs: number): SignedTransaction {
    const { customers } = this.world;
    const from = this.prng.pick(customers);
    let to = this.prng.pick(customers);
    while (to === from) to = this.prng.pick(customers);
    const currency: CurrencyCode = this.prng.pick(from.currencies);
    const amount = this.amount();
    let reference: Hash | undefined;
    if (this.prng.chancePpm(this.options.referencedPpm)) {
      // One in ten scans a code already paid: the ledger must refuse to pay it again.
      const again = this.payments.filter((p) => p.payee === to);
      reference =
        again.length > 0 && this.prng.int(10) === 0
          ? this.prng.pick(again).reference
          : (bytesToHex(this.prng.bytes(32)) as Hash);
      this.remember(this.payments, { payer: from, payee: to, reference, currency, amount });
    }
    return this.sign(from, validUntilMs, {
      kind: "transfer",
      to: to.key.accountId,
      currency,
      amount: amount as Amount,
      reference,
    });
  }

  /** A payee returns part, all, or (sometimes) more than it was paid. */
  private refund(validUntilMs: number): SignedTransaction {
    const paid = this.prng.pick(this.payments);
    const amount = this.prng.int(10) === 0 ? paid.amount + 1n : 1n + this.prng.bigint(paid.amount);
    return this.sign(paid.payee, validUntilMs, {
      kind: "refund",
      reference: paid.reference,
      amount: amount as Amount,
    });
  }

  /** A new request, or the payer's (or payee's) answer to a recent one. */
  private request(validUntilMs: number): SignedTransaction {
    if (this.requests.length > 0 && this.prng.int(2) === 0) {
      const asked = this.prng.pick(this.requests);
      const { payer, payee, id, currency, amount } = asked;
      switch (this.prng.int(4)) {
        case 0:
          return this.sign(payer, validUntilMs, {
            kind: "decline_request",
            payee: payee.key.accountId,
            id,
          });
        case 1:
          return this.sign(payee, validUntilMs, {
            kind: "decline_request",
            payee: payee.key.accountId,
            id,
          });
        default:
          return this.sign(payer, validUntilMs, {
            kind: "approve_request",
            payee: payee.key.accountId,
            id,
            currency,
            amount: amount as Amount,
          });
      }
    }
    const { customers } = this.world;
    const payee = this.prng.pick(customers);
    let payer = this.prng.pick(customers);
    while (payer === payee) payer = this.prng.pick(customers);
    const currency: CurrencyCode = this.prng.pick(payer.currencies);
    const amount = this.amount();
    const id = randomClientId(this.prng);
    this.remember(this.requests, { payer, payee, id, currency, amount });
    return this.sign(payee, validUntilMs, {
      kind: "request_payment",
      id,
      payer: payer.key.accountId,
      currency,
      amount: amount as Amount,
      // Some expire unanswered; most wait long enough to be answered.
      timeoutMs: this.prng.between(1_000, 120_000),
    });
  }

  private amount(): bigint {
    return this.prng.chancePpm(this.options.overspendPpm)
      ? BigInt(this.prng.between(10_000_000, 100_000_000)) * 100n
      : BigInt(this.prng.between(1, 20_000));
  }

  private remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > RECENT_MAX) list.shift();
  }

  private sign(from: Customer, validUntilMs: number, op: Operation): SignedTransaction {
    return this.signWith(from.key, validUntilMs, op);
  }

  private signWith(key: SimKey, validUntilMs: number, op: Operation): SignedTransaction {
    return signTransaction(this.world.chainId, key, { validUntilMs, operations: [op] }, this.prng);
  }
}
