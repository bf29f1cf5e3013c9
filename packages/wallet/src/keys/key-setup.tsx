/**
 * Getting a key into this browser: make a new one (the usual way), pick one already kept here,
 * or bring one from elsewhere as 64 hex characters. The key stays in this browser.
 */
import { useState } from "preact/hooks";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import type { Profiles } from "./use-profiles.ts";

export function KeySetup(props: { profiles: Profiles; purpose: "consumer" | "merchant" }) {
  const { profiles, purpose } = props;
  const [label, setLabel] = useState(purpose === "merchant" ? "My shop" : "My account");
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    action()
      .catch((error: unknown) => setProblem(describeError(error)))
      .finally(() => setBusy(false));
  };

  return (
    <section class="card" data-testid="key-setup">
      <h2>{purpose === "merchant" ? "Your shop's key" : "Your key"}</h2>
      <p>
        Tongbao accounts belong to a key. This page makes one and keeps it in this browser: it signs
        your payments here and is never sent anywhere. Your institution opens the account for it.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run(() => profiles.create(label));
        }}
      >
        <label>
          Name for this account (only you see it)
          <input value={label} maxLength={40} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy} data-testid="create-key">
          Create a key in this browser
        </button>
      </form>
      {profiles.all.length === 0 ? null : (
        <div class="stack">
          <h3>Keys kept in this browser</h3>
          {profiles.all.map((p) => (
            <button
              type="button"
              class="link"
              key={p.accountId}
              onClick={() => profiles.select(p.accountId)}
            >
              {p.label} · <ShortId id={p.accountId} />
            </button>
          ))}
        </div>
      )}
      <details>
        <summary>Use a key you already have</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run(() => profiles.importKey(secret, label));
          }}
        >
          <label>
            Secret key (64 hexadecimal characters)
            <input
              value={secret}
              autocomplete="off"
              spellcheck={false}
              onInput={(e) => setSecret(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Keep this key
          </button>
        </form>
      </details>
      <ProblemNote problem={problem} />
    </section>
  );
}
