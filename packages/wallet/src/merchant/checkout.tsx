/**
 * The till: type the sale's amount, and the shop's institution signs a dynamic QR code for it
 * (SaleCode); the sale turns "Paid" when the payment carrying its reference is final.
 */
import { useState } from "preact/hooks";
import type { CurrencyView, HistoryEntry, MerchantProfileView } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import type { Profile } from "../keys/profile.ts";
import { readAmount } from "../money/amount.ts";
import { SaleCode } from "../qr/sale/sale-code.tsx";

export interface Sale {
  readonly amount: string;
  readonly currency: string;
  /** Tells one sale from the next of the same amount: each gets its own code. */
  readonly startedAt: number;
}

export function Checkout(props: {
  client: Client;
  profile: Profile;
  /** How the institution names the shop; codes need one. */
  shop: MerchantProfileView | undefined;
  entries: readonly HistoryEntry[];
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
    if (props.shop === undefined) return setMessage("Register the shop first (above).");
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
            <p class="problem" role="alert" data-testid="checkout-problem">
              {message}
            </p>
          )}
          <button type="submit" data-testid="checkout-start">
            Charge
          </button>
        </form>
      ) : (
        <SaleCode
          key={sale.startedAt}
          client={props.client}
          profile={props.profile}
          amount={sale.amount}
          currency={sale.currency}
          entries={props.entries}
          currencies={props.currencies}
          onNewSale={() => {
            setAmount("");
            setSale(undefined);
          }}
        />
      )}
    </section>
  );
}
