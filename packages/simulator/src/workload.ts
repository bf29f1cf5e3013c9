/**
 * Clients paying each other: random transfers between the world's customers, signed with the
 * crypto package under the chain id and purpose "tx" exactly as a wallet signs them. The mix
 * includes what real clients do wrong: paying more than they hold (included, fails with
 * insufficient_funds), deadlines so short that the payment may expire in the pool, and retries
 * of the same signed transaction to another node (which must never be paid twice).
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
import type { Amount, ClientId, CurrencyCode, TimestampMs } from "@tongbao/types";
import type { SimKey } from "./keys.ts";
import type { World } from "./world.ts";

export interface WorkloadOptions {
  /** Mean payments submitted per simulated second. */
  readonly paymentsPerSecond: number;
  /** Chance (ppm) that a client submits the same transaction again, to another node. */
  readonly resubmitPpm: number;
  /** Chance (ppm) of a payment larger than any balance. */
  readonly overspendPpm: number;
  /** Chance (ppm) of a deadline only seconds away. */
  readonly shortDeadlinePpm: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  paymentsPerSecond: 4,
  resubmitPpm: 50_000,
  overspendPpm: 30_000,
  shortDeadlinePpm: 30_000,
};

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
  constructor(
    private readonly world: World,
    private readonly prng: Prng,
    readonly options: WorkloadOptions,
  ) {}

  /** Milliseconds until the next submission: uniform around the mean rate. */
  nextGapMs(): number {
    const meanMs = Math.max(1, Math.round(1000 / Math.max(this.options.paymentsPerSecond, 0.001)));
    return this.prng.between(1, 2 * meanMs);
  }

  /** A new signed payment, with its deadline relative to the client's clock `nowMs`. */
  payment(nowMs: number): SignedTransaction {
    const { customers } = this.world;
    const from = this.prng.pick(customers);
    let to = this.prng.pick(customers);
    while (to === from) to = this.prng.pick(customers);
    const currency: CurrencyCode = this.prng.pick(from.currencies);
    const amount = this.prng.chancePpm(this.options.overspendPpm)
      ? BigInt(this.prng.between(10_000_000, 100_000_000)) * 100n
      : BigInt(this.prng.between(1, 20_000));
    const validUntilMs = this.prng.chancePpm(this.options.shortDeadlinePpm)
      ? nowMs + this.prng.between(200, 5_000)
      : nowMs + this.prng.between(60_000, 600_000);
    return signTransaction(
      this.world.chainId,
      from.key,
      {
        validUntilMs,
        operations: [
          { kind: "transfer", to: to.key.accountId, currency, amount: amount as Amount },
        ],
      },
      this.prng,
    );
  }

  shouldResubmit(): boolean {
    return this.prng.chancePpm(this.options.resubmitPpm);
  }
}
