/** The amount and currency of a form (send, request money): one row, test ids under a prefix. */
import type { CurrencyView } from "@tongbao/api";

export function AmountFields(props: {
  amount: string;
  onAmount: (value: string) => void;
  currency: string;
  onCurrency: (value: string) => void;
  currencies: readonly CurrencyView[];
  /** e.g. "send" gives the test ids send-amount and send-currency. */
  testIdPrefix: string;
}) {
  return (
    <div class="row">
      <label class="grow">
        Amount
        <input
          inputMode="decimal"
          value={props.amount}
          placeholder="0.00"
          autocomplete="off"
          data-testid={`${props.testIdPrefix}-amount`}
          onInput={(e) => props.onAmount(e.currentTarget.value)}
        />
      </label>
      <label>
        Currency
        <select
          value={props.currency}
          data-testid={`${props.testIdPrefix}-currency`}
          onChange={(e) => props.onCurrency(e.currentTarget.value)}
        >
          {props.currencies.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
