/** The people this browser pays: add one by name and account id. */
import { useState } from "preact/hooks";
import { saveContact, type Contact } from "./contacts.ts";
import { ShortId } from "../ui/short-id.tsx";

export function ContactsPanel(props: {
  contacts: readonly Contact[];
  onChange: (contacts: Contact[]) => void;
}) {
  const [name, setName] = useState("");
  const [accountId, setAccountId] = useState("");
  const [message, setMessage] = useState<string>();
  const add = () => {
    const id = accountId.trim().toLowerCase();
    if (name.trim() === "") return setMessage("Give the contact a name.");
    if (!/^[0-9a-f]{40}$/.test(id))
      return setMessage("An account id is 40 characters of 0–9 and a–f.");
    setMessage(undefined);
    props.onChange(saveContact({ name, accountId: id }));
    setName("");
    setAccountId("");
  };
  return (
    <section class="card" data-testid="contacts">
      <h2>Contacts</h2>
      <p class="muted">Kept in this browser only; the ledger knows accounts, not names.</p>
      {props.contacts.length === 0 ? null : (
        <ul class="plain">
          {props.contacts.map((c) => (
            <li key={c.accountId}>
              {c.name} · <ShortId id={c.accountId} />
            </li>
          ))}
        </ul>
      )}
      <form
        class="contact-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <input
          placeholder="Name"
          value={name}
          maxLength={40}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <input
          placeholder="Account id (40 hex characters)"
          value={accountId}
          spellcheck={false}
          onInput={(e) => setAccountId(e.currentTarget.value)}
        />
        <button type="submit" class="secondary">
          Add
        </button>
      </form>
      {message === undefined ? null : <p class="problem">{message}</p>}
    </section>
  );
}
