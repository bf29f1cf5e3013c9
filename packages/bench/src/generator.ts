/**
 * The workload: who pays whom and how much, drawn from a seeded PRNG so that the ledger and the
 * PostgreSQL peer are offered the very same payments, and the payments pre-signed for the
 * ledger before a step's clock starts (signing is the payer's cost, not the ledger's).
 *
 * Two mixes:
 * - uniform: any account pays any other;
 * - hot merchants: the first `hotMerchants` accounts are merchants that receive `hotShare` of
 *   all payments (a lunch-hour food court); the rest go between the other accounts. Hot payees
 *   are what contends in a ledger: their balances change in every block, and in a database
 *   their rows are locked by every payment.
 */
import { Prng } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import { Signer } from "@tongbao/cli";

export interface WorkloadOptions {
  /** Accounts that pay and are paid (at least 2, and more than `hotMerchants`). */
  readonly accounts: number;
  /** 0 for the uniform mix. */
  readonly hotShare: number;
  readonly hotMerchants: number;
  readonly seed: number;
}

export interface PaymentIntent {
  /** Account indices in [0, accounts). */
  readonly from: number;
  readonly to: number;
  readonly amountMinor: bigint;
}

/** The largest payment, in minor units (100.00): small against every funded balance. */
export const AMOUNT_MINOR_MAX = 10_000;

export function checkWorkload(options: WorkloadOptions): void {
  const { accounts, hotShare, hotMerchants } = options;
  if (!Number.isSafeInteger(accounts) || accounts < 2) {
    throw new RangeError(`--accounts must be an integer ≥ 2, got ${accounts}`);
  }
  if (!(hotShare >= 0 && hotShare <= 1)) {
    throw new RangeError(`--skew must be a share from 0 to 1, got ${hotShare}`);
  }
  if (hotShare > 0 && (!Number.isSafeInteger(hotMerchants) || hotMerchants < 1)) {
    throw new RangeError(`--hot must be at least 1 merchant, got ${hotMerchants}`);
  }
  if (hotShare > 0 && accounts - hotMerchants < 2) {
    throw new RangeError(
      `--accounts ${accounts} leaves fewer than 2 payers beside ${hotMerchants} hot merchants`,
    );
  }
}

export class PaymentGenerator {
  private readonly prng: Prng;
  private readonly hotPpm: number;

  constructor(readonly options: WorkloadOptions) {
    checkWorkload(options);
    this.prng = new Prng(options.seed);
    this.hotPpm = Math.round(options.hotShare * 1_000_000);
  }

  next(): PaymentIntent {
    const { accounts, hotMerchants } = this.options;
    const amountMinor = BigInt(this.prng.between(1, AMOUNT_MINOR_MAX));
    if (this.hotPpm === 0) {
      const from = this.prng.int(accounts);
      const to = (from + 1 + this.prng.int(accounts - 1)) % accounts;
      return { from, to, amountMinor };
    }
    const payers = accounts - hotMerchants;
    const from = hotMerchants + this.prng.int(payers);
    const to = this.prng.chancePpm(this.hotPpm)
      ? this.prng.int(hotMerchants)
      : hotMerchants + ((from - hotMerchants + 1 + this.prng.int(payers - 1)) % payers);
    return { from, to, amountMinor };
  }

  take(count: number): PaymentIntent[] {
    return Array.from({ length: count }, () => this.next());
  }
}

export interface SignedPayment {
  readonly hash: string;
  readonly bytes: Uint8Array;
}

/** The bench's accounts by number: the payer's signer, the payee's id. */
export interface PaymentAccounts {
  signer(index: number): Signer | undefined;
  accountId(index: number): string | undefined;
}

/** Signs each intent with its payer's key, as a transfer of `currency` minor units. */
export function signPayments(
  intents: readonly PaymentIntent[],
  accounts: PaymentAccounts,
  currency: string,
): SignedPayment[] {
  return intents.map((intent) => {
    const signer = accounts.signer(intent.from);
    const payee = accounts.accountId(intent.to);
    if (signer === undefined || payee === undefined) {
      throw new RangeError(`payment between accounts ${intent.from} and ${intent.to}: no key`);
    }
    const { bytes, signed } = signer.transfer(payee as AccountId, currency, intent.amountMinor);
    return { hash: signed.hash, bytes };
  });
}

/**
 * The accounts of `keys`, each one's signer made when it first pays: making a signer costs a
 * third of a millisecond or more (parsing its key), so sixty thousand made up front would hold
 * the first payment back by twenty seconds.
 */
export function lazySigners(
  chainId: string,
  keys: readonly ConstructorParameters<typeof Signer>[1][],
): PaymentAccounts {
  const made = new Map<number, Signer>();
  return {
    signer(index) {
      let signer = made.get(index);
      const key = keys[index];
      if (signer === undefined && key !== undefined) {
        signer = new Signer(chainId, key);
        made.set(index, signer);
      }
      return signer;
    },
    accountId: (index) => keys[index]?.accountId,
  };
}
