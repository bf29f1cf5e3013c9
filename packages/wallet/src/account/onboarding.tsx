/**
 * Having the institution open the account for this browser's key: the institution's desk on
 * this gateway signs open_account (and, on a devnet, demo money); the key only proves itself.
 * The page shows the account as soon as the opening is final (the account feed hears it).
 */
import { useEffect, useState } from "preact/hooks";
import type { DeskView } from "@tongbao/api";
import {
  AccountExistsError,
  getDesk,
  openAccount,
  waitForTransaction,
  type Client,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { saveHolderName } from "../keys/holder-name.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";

export function Onboarding(props: { client: Client; profile: Profile; onOpened: () => void }) {
  const { client, profile, onOpened } = props;
  const [desk, setDesk] = useState<DeskView>();
  const [name, setName] = useState("");
  const [opening, setOpening] = useState<string>();
  const [problem, setProblem] = useState<Problem>();

  useEffect(() => {
    getDesk(client).then(setDesk, (error: unknown) => setProblem(describeError(error)));
  }, [client]);

  const open = async () => {
    setProblem(undefined);
    // Kept on this device for the travel-rule data of remittances (keys/holder-name.ts).
    saveHolderName(profile.accountId, name);
    try {
      const accepted = await openAccount(client, {
        signer: signerOf(profile),
        ...(name.trim() === "" ? {} : { name: name.trim() }),
      });
      setOpening(accepted.hash);
      // The account feed usually hears the opening first; this covers a quiet WebSocket.
      await waitForTransaction(client, {
        hash: accepted.hash,
        timeoutMs: 60_000,
        pollIntervalMs: 1_000,
      });
      onOpened();
    } catch (error) {
      if (error instanceof AccountExistsError) {
        onOpened();
        return;
      }
      setOpening(undefined);
      setProblem(describeError(error));
    }
  };

  return (
    <section class="card" data-testid="onboarding">
      <h2>Open the account</h2>
      {desk === undefined ? (
        problem === undefined ? (
          <p class="muted">Asking the gateway which institution opens accounts here…</p>
        ) : null
      ) : (
        <p>
          <strong>{desk.name}</strong> opens accounts at this gateway (KYC tier {desk.kycTier}:
          basic).
          {desk.demoFunds === undefined ? null : (
            <>
              {" "}
              This is a development network: the new account receives{" "}
              <Money amount={desk.demoFunds.amount} currency={desk.demoFunds.currency} /> of demo
              money.
            </>
          )}
        </p>
      )}
      {opening !== undefined ? (
        <p data-testid="opening">
          {desk?.name ?? "The institution"} is opening your account; it is ready when the next block
          is final…
        </p>
      ) : desk === undefined ? null : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void open();
          }}
        >
          <label>
            Your name, for {desk.name} (optional; never written to the ledger — kept on this device
            for the details a remittance abroad carries)
            <input value={name} maxLength={64} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <button type="submit" data-testid="open-account">
            Open my account at {desk.name}
          </button>
        </form>
      )}
      <ProblemNote problem={problem} />
    </section>
  );
}
