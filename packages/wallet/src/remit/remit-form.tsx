/**
 * Send abroad, the form: to whom (a contact or an account id, looked up to learn their
 * institution), the currency they receive, an amount typed on either side ("I send" or "They
 * receive"), and the two names the travel rule asks for. The quote below follows what is typed
 * (indicative: nothing is held until the review); every mistake is told here, before anything is
 * held, sealed or signed.
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import { formatAmount } from "@tongbao/types";
import type { Contact } from "../contacts/contacts.ts";
import { loadHolderName, saveHolderName } from "../keys/holder-name.ts";
import { readAmount } from "../money/amount.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { usePayerFee } from "./payer-fee.ts";
import { QuotePanel } from "./quote-panel.tsx";
import { balanceShortfall } from "./remit-balance.ts";
import type { RemitDraft } from "./remit-draft.ts";
import { countryOfCurrency, travelRuleDataFor } from "./travel-rule-data.ts";
import { useQuote } from "./use-quote.ts";
import { useRecipient } from "./use-recipient.ts";

const ACCOUNT_ID = /^[0-9a-f]{40}$/;

export function RemitForm(props: {
  client: Client;
  me: AccountView;
  contacts: readonly Contact[];
  currencies: readonly CurrencyView[];
  initial?: RemitDraft;
  onReview: (draft: RemitDraft) => void;
}) {
  const { client, me, contacts, currencies, initial } = props;
  const held = me.balances.filter((b) => b.amount !== "0.00").map((b) => b.currency);
  // Back from the review: the contact's name when there is one, else the id as typed.
  const [to, setTo] = useState(
    initial === undefined
      ? ""
      : (contacts.find((c) => c.accountId === initial.to)?.name ?? initial.to),
  );
  const [saveAs, setSaveAs] = useState(initial?.saveAs ?? "");
  const [sendCurrency, setSendCurrency] = useState(
    initial?.sendCurrency ?? held[0] ?? currencies[0]?.code ?? "",
  );
  const others = currencies.filter((c) => c.code !== sendCurrency);
  const [receiveCurrency, setReceiveCurrency] = useState(
    initial?.receiveCurrency ?? others[0]?.code ?? "",
  );
  const [side, setSide] = useState<"send" | "receive">(initial?.side ?? "send");
  const [amount, setAmount] = useState(initial?.amount ?? "");
  const [senderName, setSenderName] = useState(() => loadHolderName(me.id));
  const initialRecipient = initial?.travelRule.beneficiary.beneficiaryPersons[0]?.naturalPerson;
  const [recipientName, setRecipientName] = useState(
    initialRecipient?.name.nameIdentifier[0]?.primaryIdentifier ?? "",
  );
  const [country, setCountry] = useState(
    initialRecipient?.countryOfResidence ?? countryOfCurrency(receiveCurrency) ?? "",
  );
  const [countryTouched, setCountryTouched] = useState(initial !== undefined);
  const [message, setMessage] = useState<string>();

  const contact = contacts.find((c) => c.name === to.trim());
  const id = contact?.accountId ?? to.trim().toLowerCase();
  const known = contacts.some((c) => c.accountId === id);
  const recipient = useRecipient(client, ACCOUNT_ID.test(id) && id !== me.id ? id : undefined);

  // The receive currency cannot be the send currency: a payment at home is "Send money".
  const receive =
    receiveCurrency !== sendCurrency ? receiveCurrency : (others[0]?.code ?? receiveCurrency);
  const sideCurrency = side === "send" ? sendCurrency : receive;
  const minorUnits = currencies.find((c) => c.code === sideCurrency)?.minorUnits ?? 2;
  const reading = amount.trim() === "" ? undefined : readAmount(amount, sideCurrency, minorUnits);
  const live = useQuote(
    client,
    reading?.ok === true && receive !== sendCurrency
      ? { from: sendCurrency, to: receive, side, amount: reading.text }
      : undefined,
  );
  // The quote on screen, or the one it replaces while the next is asked.
  const shown =
    live.state.kind === "quoted"
      ? live.state.quote
      : live.state.kind === "asking"
        ? live.state.previous
        : undefined;
  const fee = usePayerFee(client, me.id, shown);

  const chooseReceive = (code: string) => {
    setReceiveCurrency(code);
    if (!countryTouched) setCountry(countryOfCurrency(code) ?? "");
  };

  const review = () => {
    if (id === "") return setMessage("Choose a contact or paste the recipient's account id.");
    if (!ACCOUNT_ID.test(id)) {
      return setMessage(
        "That is not a contact or an account id: an account id is 40 characters of 0–9 and a–f.",
      );
    }
    if (id === me.id) return setMessage("That is this account: choose someone else.");
    if (recipient.kind === "unknown") return setMessage(recipient.problem.title);
    if (recipient.kind !== "found") return setMessage("Looking the recipient up; a moment…");
    if (receive === sendCurrency) return setMessage("Choose the currency they receive.");
    if (reading === undefined) {
      return setMessage(`Enter the amount ${side === "send" ? "you send" : "they receive"}.`);
    }
    if (!reading.ok) return setMessage(reading.message);
    if (live.state.kind === "failed") return setMessage(live.state.problem.title);
    if (live.state.kind !== "quoted") return setMessage("Asking for the rate; a moment…");
    const { quote } = live.state;
    const sendUnits = currencies.find((c) => c.code === sendCurrency)?.minorUnits ?? 2;
    const balance =
      me.balances.find((b) => b.currency === sendCurrency)?.amount ?? formatAmount(0n, sendUnits);
    // A fee not known yet does not hold the review up: the firm quote there carries it.
    const shortfall = balanceShortfall(balance, quote, fee, sendUnits);
    if (shortfall !== undefined) return setMessage(shortfall);
    const data = travelRuleDataFor({
      senderName,
      senderAccount: me.id,
      senderInstitution: me.institution,
      recipientName,
      recipientAccount: id,
      recipientInstitution: recipient.institution,
      recipientCountry: country,
    });
    if (!data.ok) return setMessage(data.message);
    setMessage(undefined);
    saveHolderName(me.id, senderName);
    const label = known ? contact?.name : saveAs.trim() === "" ? undefined : saveAs.trim();
    props.onReview({
      to: id,
      recipientInstitution: recipient.institution,
      recipientInstitutionName: recipient.institutionName,
      recipientLabel: label ?? contacts.find((c) => c.accountId === id)?.name,
      ...(known || saveAs.trim() === "" ? {} : { saveAs: saveAs.trim() }),
      sendCurrency,
      receiveCurrency: receive,
      side,
      amount: reading.text,
      travelRule: data.data,
    });
  };

  return (
    <form
      class="send-form"
      data-testid="remit-form"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <label>
        To
        <input
          list="remit-contact-names"
          value={to}
          placeholder="a contact, or an account id"
          autocomplete="off"
          spellcheck={false}
          data-testid="remit-to"
          onInput={(e) => setTo(e.currentTarget.value)}
        />
        <datalist id="remit-contact-names">
          {contacts.map((c) => (
            <option key={c.accountId} value={c.name} />
          ))}
        </datalist>
      </label>
      {recipient.kind === "found" ? (
        <p class="muted" data-testid="remit-recipient" data-institution={recipient.institution}>
          An account at {recipient.institutionName}.
        </p>
      ) : recipient.kind === "unknown" ? (
        <ProblemNote problem={recipient.problem} testId="remit-recipient-problem" />
      ) : null}
      {ACCOUNT_ID.test(id) && !known ? (
        <label>
          Save as contact (optional)
          <input
            value={saveAs}
            maxLength={40}
            placeholder="e.g. Maria"
            data-testid="remit-save-as"
            onInput={(e) => setSaveAs(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <div class="row">
        <label>
          You send
          <select
            value={sendCurrency}
            data-testid="remit-from"
            onChange={(e) => setSendCurrency(e.currentTarget.value)}
          >
            {currencies.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          They receive
          <select
            value={receive}
            data-testid="remit-currency"
            onChange={(e) => chooseReceive(e.currentTarget.value)}
          >
            {others.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset class="toggle" data-testid="remit-side">
        <legend>The amount is what</legend>
        <label>
          <input
            type="radio"
            name="remit-side"
            checked={side === "send"}
            data-testid="remit-side-send"
            onChange={() => setSide("send")}
          />{" "}
          I send ({sendCurrency})
        </label>
        <label>
          <input
            type="radio"
            name="remit-side"
            checked={side === "receive"}
            data-testid="remit-side-receive"
            onChange={() => setSide("receive")}
          />{" "}
          They receive ({receive})
        </label>
      </fieldset>
      <label>
        Amount in {sideCurrency}
        <input
          inputMode="decimal"
          value={amount}
          placeholder="0.00"
          autocomplete="off"
          data-testid="remit-amount"
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </label>
      {reading !== undefined && !reading.ok ? (
        <p class="problem" role="alert" data-testid="remit-amount-problem">
          {reading.message}
        </p>
      ) : null}
      {live.state.kind === "quoted" ? (
        <QuotePanel
          quote={live.state.quote}
          receivedAtMs={live.state.receivedAtMs}
          fee={fee}
          institution={me.institution}
          stage="form"
        />
      ) : live.state.kind === "asking" ? (
        live.state.previous === undefined ? (
          <p class="muted" data-testid="remit-quote-asking">
            Asking for the rate…
          </p>
        ) : (
          <QuotePanel
            quote={live.state.previous}
            receivedAtMs={0}
            fee={fee}
            institution={me.institution}
            stage="form"
            stale
          />
        )
      ) : live.state.kind === "failed" ? (
        <ProblemNote problem={live.state.problem} testId="remit-quote-problem" />
      ) : null}
      <fieldset>
        <legend>Who is sending and who receives (the law asks it of payments abroad)</legend>
        <label>
          Your full name
          <input
            value={senderName}
            maxLength={100}
            autocomplete="name"
            data-testid="remit-sender-name"
            onInput={(e) => setSenderName(e.currentTarget.value)}
          />
        </label>
        <label>
          The recipient's full name
          <input
            value={recipientName}
            maxLength={100}
            autocomplete="off"
            data-testid="remit-recipient-name"
            onInput={(e) => setRecipientName(e.currentTarget.value)}
          />
        </label>
        <label>
          Country where they live (2 letters, e.g. PH)
          <input
            value={country}
            maxLength={2}
            autocomplete="off"
            spellcheck={false}
            class="short"
            data-testid="remit-country"
            onInput={(e) => {
              setCountryTouched(true);
              setCountry(e.currentTarget.value.toUpperCase());
            }}
          />
        </label>
        <p class="muted small">
          Sealed so that only your institution, theirs and the regulator can read it; the ledger
          carries only its fingerprint.
        </p>
      </fieldset>
      {message === undefined ? null : (
        <p class="problem" role="alert" data-testid="remit-problem">
          {message}
        </p>
      )}
      <button type="submit" data-testid="remit-review">
        Review
      </button>
    </form>
  );
}
