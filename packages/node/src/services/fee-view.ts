/**
 * The fee quote behind `GET /v1/accounts/:id/fee`: the ledger's own fee rule (transferFee) over
 * the committed state, so the number a wallet shows is the number the ledger will charge while
 * the institution's fee schedule stays as it is.
 */
import { ServiceError, type TransferFeeView } from "@tongbao/api";
import { transferFee, type LedgerState } from "@tongbao/ledger";
import { AMOUNT_MAX, formatAmount, parseAmount, type CurrencyCode } from "@tongbao/types";
import type { Account } from "@tongbao/ledger";

export function transferFeeView(
  state: LedgerState,
  account: Account,
  currencyCode: string,
  amountText: string,
): TransferFeeView {
  const currency = state.currencies.get(currencyCode as CurrencyCode);
  if (currency === undefined) {
    throw new ServiceError(
      "currency_not_found",
      `this chain has no currency ${currencyCode}; it has ${[...state.currencies.keys()].sort().join(", ")}`,
    );
  }
  let amount: bigint;
  try {
    amount = parseAmount(amountText, currency.minorUnits, "amount");
  } catch (error) {
    throw new ServiceError("invalid_request", (error as Error).message);
  }
  if (amount === 0n) throw new ServiceError("invalid_request", "amount: must be greater than zero");
  const { fee } = transferFee(state, account, currency.code, amount);
  const total = amount + fee;
  if (total > AMOUNT_MAX) {
    throw new ServiceError("invalid_request", "amount: with the fee it exceeds the largest amount");
  }
  const show = (value: bigint) => ({
    amount: formatAmount(value, currency.minorUnits),
    currency: currency.code,
  });
  return {
    account: account.id,
    institution: account.institution,
    amount: show(amount),
    fee: show(fee),
    total: show(total),
  };
}
