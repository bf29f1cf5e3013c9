/**
 * The last look before paying a scanned code: who is paid — the merchant's name as its
 * institution signed it, marked "verified by <institution>" — how much, the fee the gateway quotes
 * with the ledger's own rule, and how long the code stays payable. A static code asks for the amount here. Nothing
 * is sent before "Pay".
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView } from "@tongbao/api";
import type { Client, VerifyPaymentCodeReturnType } from "@tongbao/client/browser";
import { FeeLine } from "../../payments/fee-line.tsx";
import { formatAmount, parseAmount } from "@tongbao/types";
import { readAmount } from "../../money/amount.ts";
import { Money } from "../../ui/money.tsx";
import { ShortId } from "../../ui/short-id.tsx";
import { formatRemaining, useNow } from "../../ui/use-now.ts";
import { clock } from "../../ui/when.ts";
import { categoryName } from "../categories.ts";

export function CodeConfirm(props: {
  client: Client;
  verified: VerifyPaymentCodeReturnType;
  me: AccountView;
  currencies: readonly CurrencyView[];
  busy: boolean;
  onCancel: () => void;
  onPay: (amount: string) => void;
}) {
  const { code, institution } = props.verified;
  const now = useNow();
  const [typed, setTyped] = useState("");
  const [message, setMessage] = useState<string>();
  const currency = props.currencies.find((c) => c.code === code.currency);
  const expiresAtMs = code.expiresAtMs;
  const expired = expiresAtMs !== undefined && now >= expiresAtMs;
  // A counter code's fee is quoted once the typed amount reads as one.
  const typedReading =
    currency === undefined ? undefined : readAmount(typed, code.currency, currency.minorUnits);
  const feeAmount =
    code.amount ?? (typedReading !== undefined && typedReading.ok ? typedReading.text : undefined);

  const pay = () => {
    if (expired) return;
    if (currency === undefined) {
      return setMessage(`This network has no ${code.currency}: the code cannot be paid here.`);
    }
    const reading =
      code.amount === undefined
        ? readAmount(typed, code.currency, currency.minorUnits)
        : readAmount(code.amount, code.currency, currency.minorUnits);
    if (!reading.ok) return setMessage(reading.message);
    const balance =
      props.me.balances.find((b) => b.currency === code.currency)?.amount ??
      formatAmount(0n, currency.minorUnits);
    if (reading.minor > parseAmount(balance, currency.minorUnits)) {
      return setMessage(
        `You have ${balance} ${code.currency}; ${reading.text} ${code.currency} is more than that.`,
      );
    }
    setMessage(undefined);
    props.onPay(reading.text);
  };

  return (
    <div class="confirm" data-testid="qr-confirm" data-kind={code.kind}>
      <h3>Pay {code.merchantName}</h3>
      <p class="verified" data-testid="verified-by">
        ✓ Verified by {institution.name} ({institution.id}): this code was issued by it for this
        shop.
      </p>
      <dl>
        <dt>To</dt>
        <dd data-testid="qr-confirm-payee">
          <strong>{code.merchantName}</strong>, {code.city} ({code.country}) ·{" "}
          {categoryName(code.mcc)} · <ShortId id={code.account} />
        </dd>
        <dt>Amount</dt>
        <dd data-testid="qr-confirm-amount">
          {code.amount === undefined ? (
            <label>
              The shop's counter code: enter the amount in {code.currency}
              <input
                inputMode="decimal"
                value={typed}
                placeholder="0.00"
                autocomplete="off"
                data-testid="qr-amount"
                onInput={(e) => setTyped(e.currentTarget.value)}
              />
            </label>
          ) : (
            <Money amount={code.amount} currency={code.currency} />
          )}
        </dd>
        <dt>Fee</dt>
        <FeeLine
          client={props.client}
          account={props.me.id}
          institution={props.me.institution}
          amount={feeAmount}
          currency={code.currency}
          testId="qr-confirm-fee"
        />
        {expiresAtMs === undefined ? null : (
          <>
            <dt>{expired ? "Expired" : "Valid for"}</dt>
            <dd data-testid="qr-confirm-expiry">
              {expired
                ? `at ${clock(new Date(expiresAtMs).toISOString())}`
                : `${formatRemaining(expiresAtMs - now)} more (until ${clock(new Date(expiresAtMs).toISOString())})`}
            </dd>
          </>
        )}
        {code.reference === undefined ? null : (
          <>
            <dt>Reference</dt>
            <dd>
              <code>{code.reference}</code>
            </dd>
          </>
        )}
      </dl>
      {expired ? (
        <p class="problem" role="alert" data-testid="qr-expired">
          This code has expired while you looked at it: ask the shop for a new one. Nothing was
          paid.
        </p>
      ) : null}
      {message === undefined ? null : (
        <p class="problem" role="alert" data-testid="qr-confirm-problem">
          {message}
        </p>
      )}
      <p class="muted">
        A payment is final once it is in a block: it cannot be taken back, only refunded by the
        shop.
      </p>
      <div class="row">
        <button type="button" class="secondary" disabled={props.busy} onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" disabled={props.busy || expired} data-testid="qr-pay" onClick={pay}>
          {code.amount === undefined ? (
            "Pay"
          ) : (
            <>
              Pay <Money amount={code.amount} currency={code.currency} />
            </>
          )}
        </button>
      </div>
    </div>
  );
}
