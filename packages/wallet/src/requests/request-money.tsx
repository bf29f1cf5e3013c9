/**
 * Asking to be paid: from whom (a contact or an account id), how much, in which currency, and a
 * note for oneself → `requestPayment`, signed in this browser. The requests this account made are
 * followed until answered: open ones are read from the gateway, and one that is no longer open is
 * read by its id (`getRequest`) to show how it closed — paid, declined, cancelled, expired.
 */
import { useEffect, useState } from "preact/hooks";
import type { AccountView, CurrencyView, RequestView } from "@tongbao/api";
import { getRequest, requestPayment, type Client } from "@tongbao/client/browser";
import type { Contact } from "../contacts/contacts.ts";
import { contactName } from "../contacts/contacts.ts";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { readAmount } from "../money/amount.ts";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { clock } from "../ui/when.ts";
import { statusWords } from "./request-status.ts";
import { loadNotes, saveNote, type Requests } from "./use-requests.ts";
import { AmountFields } from "../ui/amount-fields.tsx";

const ACCOUNT_ID = /^[0-9a-f]{40}$/;

export function RequestMoney(props: {
  client: Client;
  profile: Profile;
  account: AccountView;
  currencies: readonly CurrencyView[];
  contacts: readonly Contact[];
  requests: Requests;
}) {
  const { client, profile, account, currencies, contacts } = props;
  const [from, setFrom] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(account.balances[0]?.currency ?? "");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [notes, setNotes] = useState(loadNotes);
  /** Every request this page has seen this account make, by id, as last read. */
  const [mine, setMine] = useState<ReadonlyMap<string, RequestView>>(new Map());

  const open = props.requests.view?.outgoing;
  useEffect(() => {
    if (open === undefined) return;
    let stopped = false;
    const openIds = new Set(open.map((r) => r.requestId));
    setMine((current) => {
      const next = new Map(current);
      for (const r of open) next.set(r.requestId, r);
      return next;
    });
    // Those no longer open: how did they close?
    for (const [id, seen] of mine) {
      if (seen.status !== "open" || openIds.has(id)) continue;
      getRequest(client, { payee: profile.accountId, requestId: id }).then(
        (read) => !stopped && setMine((current) => new Map(current).set(read.requestId, read)),
        () => undefined,
      );
    }
    return () => {
      stopped = true;
    };
    // `mine` is read, not followed: a change of the open list is what asks again.
  }, [client, profile.accountId, open]);

  const payer =
    contacts.find((c) => c.name === from.trim())?.accountId ?? from.trim().toLowerCase();

  const send = async () => {
    if (payer === "") return setProblem({ title: "Choose a contact or paste their account id." });
    if (!ACCOUNT_ID.test(payer)) {
      return setProblem({
        title:
          "That is not a contact or an account id: an account id is 40 characters of 0–9 and a–f.",
      });
    }
    if (payer === account.id) {
      return setProblem({ title: "That is this account: ask someone else to pay you." });
    }
    const info = currencies.find((c) => c.code === currency);
    if (info === undefined) return setProblem({ title: "Choose a currency." });
    const reading = readAmount(amount, currency, info.minorUnits);
    if (!reading.ok) return setProblem({ title: reading.message });
    setProblem(undefined);
    setBusy(true);
    try {
      const made = await requestPayment(client, {
        signer: signerOf(profile),
        payer,
        amount: reading.text,
        currency,
      });
      if (note.trim() !== "") {
        saveNote(made.requestId, note.trim().slice(0, 140));
        setNotes(loadNotes());
      }
      const read = await getRequest(client, {
        payee: profile.accountId,
        requestId: made.requestId,
      });
      setMine((current) => new Map(current).set(read.requestId, read));
      setAmount("");
      setNote("");
      props.requests.reload();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const list = [...mine.values()].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return (
    <section class="card" data-testid="request-money">
      <h2>Request money</h2>
      <p class="muted">
        Ask someone to pay you: they see it in their wallet and approve or decline it.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label>
          From
          <input
            list="request-contact-names"
            value={from}
            placeholder="a contact, or an account id"
            autocomplete="off"
            spellcheck={false}
            data-testid="request-from"
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
          <datalist id="request-contact-names">
            {contacts.map((c) => (
              <option key={c.accountId} value={c.name} />
            ))}
          </datalist>
        </label>
        <AmountFields
          amount={amount}
          onAmount={setAmount}
          currency={currency}
          onCurrency={setCurrency}
          currencies={currencies}
          testIdPrefix="request"
        />
        <label>
          Note (optional, kept on this device: the ledger carries no notes)
          <input
            value={note}
            maxLength={140}
            placeholder="e.g. Dinner on Friday"
            data-testid="request-note"
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        <ProblemNote problem={problem} testId="request-problem" />
        <button type="submit" disabled={busy} data-testid="request-send">
          {busy ? "Requesting…" : "Request"}
        </button>
      </form>
      {list.length === 0 ? null : (
        <ul class="requests" data-testid="outgoing-requests">
          {list.map((r) => (
            <li
              key={r.requestId}
              class={`request ${r.status}`}
              data-testid="outgoing-request"
              data-request-id={r.requestId}
              data-status={r.status}
            >
              <div>
                <Money amount={r.amount.amount} currency={r.amount.currency} /> from{" "}
                {contactName(contacts, r.payer) ?? <ShortId id={r.payer} />}
                {notes[r.requestId] === undefined ? null : (
                  <span class="muted"> · {notes[r.requestId]}</span>
                )}
              </div>
              <div data-testid="outgoing-request-status">
                {statusWords(r.status, "payee")}
                {r.status === "open" ? ` (until ${clock(r.expiresAt)})` : ""}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
