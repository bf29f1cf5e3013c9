/**
 * The till: type the sale's amount; its dynamic QR code will be shown here (SaleCode), and the
 * sale turns "Paid" when the payment carrying its reference is final.
 */
import { useState } from "preact/hooks";
import type { CurrencyView } from "@tongbao/api";
import { readAmount } from "../money/amount.ts";
import { SaleCode } from "../qr/qr-slots.tsx";
import { Money } from "../ui/money.tsx";

export interface Sale {
  readonly amount: string;
  readonly currency: string;
  readonly startedAt: number;
}

export function Checkout(props: {
  currencies: readonly CurrencyView[];
  defaultCurrency: string | undefined;
}) {
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(
    props.defaultCurrency ?? props.currencies[0]?.code ?? "",
  );
  const [message, setMessage] = useState<string>();
  const [sale, setSale] = useState<Sale>();

  const start = () => {
    const info = props.currencies.find((c) => c.code === currency);
    if (info === undefined) return setMessage("Choose a currency.");
    const reading = readAmount(amount, currency, info.minorUnits);
    if (!reading.ok) return setMessage(reading.message);
    setMessage(undefined);
    setSale({ amount: reading.text, currency, startedAt: Date.now() });
  };

  return (
    <section class="card" data-testid="checkout">
      <h2>Checkout</h2>
      {sale === undefined ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            start();
          }}
        >
          <div class="row">
            <label class="grow">
              Amount of the sale
              <input
                inputMode="decimal"
                value={amount}
                placeholder="0.00"
                data-testid="checkout-amount"
                onInput={(e) => setAmount(e.currentTarget.value)}
              />
            </label>
            <label>
              Currency
              <select value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
                {props.currencies.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {message === undefined ? null : (
            <p class="problem" role="alert">
              {message}
            </p>
          )}
          <button type="submit" data-testid="checkout-start">
            Charge
          </button>
        </form>
      ) : (
        <div class="sale" data-testid="sale">
          <p class="big">
            <Money amount={sale.amount} currency={sale.currency} />
          </p>
          <SaleCode amount={sale.amount} currency={sale.currency} />
          <button type="button" class="secondary" onClick={() => setSale(undefined)}>
            New sale
          </button>
        </div>
      )}
    </section>
  );
}
