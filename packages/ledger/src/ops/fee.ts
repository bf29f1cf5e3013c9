/**
 * The fee a sender's institution charges on a transfer, from the fee schedule in state:
 * min(maxMinor, fixedMinor + floor(amount × bps / 10,000)). Rounding is down, in the payer's
 * favour. An institution's own account pays no fee to itself.
 */
import { mulDiv, minBigint } from "@tongbao/std";
import type { CurrencyCode } from "@tongbao/types";
import type { LedgerState } from "../state/ledger-state.ts";
import type { Account } from "../state/model.ts";

export function transferFee(
  state: LedgerState,
  sender: Account,
  currency: CurrencyCode,
  amount: bigint,
): { fee: bigint; collector: Account | undefined } {
  const institution = state.institutions.get(sender.institution);
  if (institution === undefined || institution.accountId === sender.id) {
    return { fee: 0n, collector: undefined };
  }
  const schedule = state.feeSchedule(institution.id, currency);
  if (schedule === undefined) return { fee: 0n, collector: undefined };
  const variable = mulDiv(amount, BigInt(schedule.bps), 10_000n, "down");
  const fee = minBigint(schedule.maxMinor, schedule.fixedMinor + variable);
  if (fee === 0n) return { fee: 0n, collector: undefined };
  return { fee, collector: state.accounts.get(institution.accountId) };
}
