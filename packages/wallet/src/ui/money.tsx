import { groupDigits } from "../money/amount.ts";

/** An amount as the ledger states it, with its currency. */
export function Money(props: { amount: string; currency: string; sign?: "+" | "−" }) {
  return (
    <span class="money">
      {props.sign ?? ""}
      {groupDigits(props.amount)} <span class="currency">{props.currency}</span>
    </span>
  );
}
