/**
 * KYC sending limits in rolling windows of agreed time. They apply to customer accounts (not an
 * institution's own account) when the currency's issuer set limits for the account's tier.
 * Counted: what the sender pays away (transfer and approved request amounts, pending holds,
 * remittance send amounts), never fees, refunds, issue or redeem.
 *
 *   hour = floor(t / HOUR_MS), day = floor(t / DAY_MS)
 *   dailySpent   = Σ hourly buckets with hour in [H − 23, H]
 *   monthlySpent = Σ daily buckets with day in [D − 29, D]
 *
 * PERF: a payment in a currency without limits costs one Map lookup (state.kycLimits).
 */
import type { CurrencyCode } from "@tongbao/types";
import { DAILY_WINDOW_HOURS, DAY_MS, HOUR_MS, MONTHLY_WINDOW_DAYS } from "../constants.ts";
import { ResultCode } from "../result-codes.ts";
import type { LedgerState } from "../state/ledger-state.ts";
import type { Account, KycLimits, SpendBucket, SpendWindow } from "../state/model.ts";

/** The limits that apply to `account` sending `currency`, if any. */
export function applicableLimits(
  state: LedgerState,
  account: Account,
  currency: CurrencyCode,
): KycLimits | undefined {
  const byTier = state.kycLimits.get(currency);
  if (byTier === undefined) return undefined;
  if (state.institutionByAccount.has(account.id)) return undefined;
  return byTier.get(account.kycTier);
}

function sumFrom(buckets: readonly SpendBucket[], first: number): bigint {
  let total = 0n;
  for (const bucket of buckets) if (bucket.index >= first) total += bucket.amount;
  return total;
}

export interface Spent {
  readonly daily: bigint;
  readonly monthly: bigint;
}

/** What a window counts at agreed time `nowMs`. */
export function spentAt(window: SpendWindow | undefined, nowMs: number): Spent {
  if (window === undefined) return { daily: 0n, monthly: 0n };
  const hour = Math.floor(nowMs / HOUR_MS);
  const day = Math.floor(nowMs / DAY_MS);
  return {
    daily: sumFrom(window.hours, hour - (DAILY_WINDOW_HOURS - 1)),
    monthly: sumFrom(window.days, day - (MONTHLY_WINDOW_DAYS - 1)),
  };
}

/** The buckets still in the window starting at `first`, with `amount` added to bucket `index`. */
function addToBuckets(
  buckets: readonly SpendBucket[],
  first: number,
  index: number,
  amount: bigint,
): SpendBucket[] {
  const kept = buckets.filter((bucket) => bucket.index >= first);
  const last = kept[kept.length - 1];
  if (last !== undefined && last.index === index) {
    kept[kept.length - 1] = { index, amount: last.amount + amount };
  } else {
    kept.push({ index, amount });
  }
  return kept;
}

/** ok, or the first limit that sending `amount` more would exceed. */
export function checkKycLimits(
  state: LedgerState,
  account: Account,
  currency: CurrencyCode,
  amount: bigint,
  nowMs: number,
): ResultCode {
  const limits = applicableLimits(state, account, currency);
  if (limits === undefined) return ResultCode.ok;
  if (amount > limits.perPaymentMax) return ResultCode.per_payment_limit_exceeded;
  const spent = spentAt(state.spending.get(account.id, currency), nowMs);
  if (spent.daily + amount > limits.dailyMax) return ResultCode.daily_limit_exceeded;
  if (spent.monthly + amount > limits.monthlyMax) return ResultCode.monthly_limit_exceeded;
  return ResultCode.ok;
}

/** Counts a payment that checkKycLimits allowed; prunes buckets that left their window. */
export function recordSpending(
  state: LedgerState,
  account: Account,
  currency: CurrencyCode,
  amount: bigint,
  nowMs: number,
): void {
  if (applicableLimits(state, account, currency) === undefined) return;
  const hour = Math.floor(nowMs / HOUR_MS);
  const day = Math.floor(nowMs / DAY_MS);
  const window = state.spending.get(account.id, currency);
  state.spending.set(
    account.id,
    currency,
    addToBuckets(window?.hours ?? [], hour - (DAILY_WINDOW_HOURS - 1), hour, amount),
    addToBuckets(window?.days ?? [], day - (MONTHLY_WINDOW_DAYS - 1), day, amount),
  );
}
