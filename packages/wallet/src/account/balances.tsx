/** An account's available balances; an account holding nothing says so. */
import type { AccountView } from "@tongbao/api";
import { Money } from "../ui/money.tsx";

export function Balances(props: { account: AccountView }) {
  const { balances } = props.account;
  return (
    <div class="balances" data-testid="balances">
      {balances.length === 0 ? (
        <p class="muted">No money here yet.</p>
      ) : (
        balances.map((b) => (
          <div
            class="balance"
            key={b.currency}
            data-testid={`balance-${b.currency}`}
            data-amount={b.amount}
          >
            <Money amount={b.amount} currency={b.currency} />
          </div>
        ))
      )}
      {props.account.frozen ? (
        <p class="problem">This account is frozen by its institution.</p>
      ) : null}
    </div>
  );
}
