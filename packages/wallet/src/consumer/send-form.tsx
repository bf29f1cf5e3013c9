/**
 * Who and how much: a contact or an account id, an amount and a currency. Everything a person
 * can get wrong is caught here with a message that says what to type; nothing is sent until the
 * confirm screen.
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView } from "@tongbao/api";
import { formatAmount, parseAmount } from "@tongbao/types";
import type { Contact } from "../contacts/contacts.ts";
import { readAmount } from "../money/amount.ts";
import type { PaymentDraft } from "../payments/send-payment.ts";
import { AmountFields } from "../ui/amount-fields.tsx";

export interface SendRequest {
  readonly draft: PaymentDraft;
  /** A name to keep the recipient under, when typed for a new account id. */
  readonly saveAs?: string;
}

const ACCOUNT_ID = /^[0-9a-f]{40}$/;

export function SendForm(props: {
  me: AccountView;
  contacts: readonly Contact[];
  currencies: readonly CurrencyView[];
  initial?: Partial<PaymentDraft>;
  busy: boolean;
  onReview: (request: SendRequest) => void;
}) {
  const { me, contacts, currencies } = props;
  const held = me.balances.map((b) => b.currency);
  const [to, setTo] = useState(props.initial?.to ?? "");
  const [saveAs, setSaveAs] = useState("");
  const [amount, setAmount] = useState(props.initial?.amount ?? "");
  const [currency, setCurrency] = useState(
    props.initial?.currency ?? held[0] ?? currencies[0]?.code ?? "",
  );
  const [message, setMessage] = useState<string>();

  const recipient =
    contacts.find((c) => c.name === to.trim())?.accountId ?? to.trim().toLowerCase();
  const known = contacts.some((c) => c.accountId === recipient);

  const review = () => {
    if (recipient === "")
      return setMessage("Choose a contact or paste the recipient's account id.");
    if (!ACCOUNT_ID.test(recipient)) {
      return setMessage(
        "That is not a contact or an account id: an account id is 40 characters of 0–9 and a–f.",
      );
    }
    if (recipient === me.id) return setMessage("That is this account: choose someone else.");
    const info = currencies.find((c) => c.code === currency);
    if (info === undefined) return setMessage("Choose a currency.");
    const reading = readAmount(amount, currency, info.minorUnits);
    if (!reading.ok) return setMessage(reading.message);
    const balance =
      me.balances.find((b) => b.currency === currency)?.amount ?? formatAmount(0n, info.minorUnits);
    if (reading.minor > parseAmount(balance, info.minorUnits)) {
      return setMessage(
        `You have ${balance} ${currency}; ${reading.text} ${currency} is more than that.`,
      );
    }
    setMessage(undefined);
    props.onReview({
      draft: {
        to: recipient,
        amount: reading.text,
        currency,
        ...(props.initial?.reference === undefined ? {} : { reference: props.initial.reference }),
      },
      ...(known || saveAs.trim() === "" ? {} : { saveAs: saveAs.trim() }),
    });
  };

  return (
    <form
      class="send-form"
      data-testid="send-form"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <label>
        To
        <input
          list="contact-names"
          value={to}
          placeholder="a contact, or an account id"
          autocomplete="off"
          spellcheck={false}
          data-testid="send-to"
          onInput={(e) => setTo(e.currentTarget.value)}
        />
        <datalist id="contact-names">
          {contacts.map((c) => (
            <option key={c.accountId} value={c.name} />
          ))}
        </datalist>
      </label>
      {ACCOUNT_ID.test(recipient) && !known ? (
        <label>
          Save as contact (optional)
          <input
            value={saveAs}
            maxLength={40}
            placeholder="e.g. Bob"
            data-testid="send-save-as"
            onInput={(e) => setSaveAs(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <AmountFields
        amount={amount}
        onAmount={setAmount}
        currency={currency}
        onCurrency={setCurrency}
        currencies={currencies}
        testIdPrefix="send"
      />
      {message === undefined ? null : (
        <p class="problem" role="alert" data-testid="send-problem">
          {message}
        </p>
      )}
      <button type="submit" disabled={props.busy} data-testid="send-review">
        Review payment
      </button>
    </form>
  );
}
