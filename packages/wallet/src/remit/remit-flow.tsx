/**
 * Send abroad: form (live indicative quote) → confirm (firm quote, counting down) → sending
 * (sealing, signing, the block) → receipt with both legs. A quote that lapsed on the way is
 * replaced on the confirm screen with a sentence saying so; other failures stay there too, with
 * what to do. A payment whose answer was lost after it left is never offered again: the screen
 * says it was sent and follows it to its block (remit-sender.ts). Loaded when the person first
 * opens "Send abroad".
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { AccountView, CurrencyView } from "@tongbao/api";
import { getStatus, getTransaction, randomClientId, type Client } from "@tongbao/client/browser";
import { saveContact, type Contact } from "../contacts/contacts.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { href } from "../routing/route.ts";
import { usePayerFee } from "./payer-fee.ts";
import { RemitConfirm, useConfirmQuote } from "./remit-confirm.tsx";
import type { RemitDraft } from "./remit-draft.ts";
import { RemitForm } from "./remit-form.tsx";
import { needsNewQuote } from "./remit-problems.ts";
import { RemitReceipt, type SettledRemittance } from "./remit-receipt.tsx";
import { RemitSender, type SendState } from "./remit-sender.ts";
import { remitThrough } from "./send-remittance.ts";

export interface RemitFlowProps {
  client: Client;
  profile: Profile;
  account: AccountView;
  currencies: readonly CurrencyView[];
  contacts: readonly Contact[];
  onContacts: (contacts: Contact[]) => void;
}

type Step =
  | { readonly kind: "edit"; readonly draft?: RemitDraft }
  | { readonly kind: "confirm"; readonly draft: RemitDraft }
  | { readonly kind: "done"; readonly draft: RemitDraft; readonly settled: SettledRemittance };

export function RemitFlow(props: RemitFlowProps) {
  const [step, setStep] = useState<Step>({ kind: "edit" });
  if (step.kind === "edit") {
    return (
      <RemitForm
        client={props.client}
        me={props.account}
        contacts={props.contacts}
        currencies={props.currencies}
        {...(step.draft === undefined ? {} : { initial: step.draft })}
        onReview={(draft) => setStep({ kind: "confirm", draft })}
      />
    );
  }
  if (step.kind === "confirm") {
    return (
      <ConfirmAndSend
        {...props}
        draft={step.draft}
        onBack={() => setStep({ kind: "edit", draft: step.draft })}
        onSettled={(settled) => setStep({ kind: "done", draft: step.draft, settled })}
      />
    );
  }
  return (
    <RemitReceipt
      draft={step.draft}
      settled={step.settled}
      me={props.account.id}
      onDone={() => setStep({ kind: "edit" })}
    />
  );
}

function ConfirmAndSend(
  props: RemitFlowProps & {
    draft: RemitDraft;
    onBack: () => void;
    onSettled: (settled: SettledRemittance) => void;
  },
) {
  const { client, draft } = props;
  const [state, setState] = useState<SendState>({ kind: "ready" });
  // One sender per confirm screen: its client id is this reviewed payment's, for every attempt.
  const sender = useMemo(
    () =>
      new RemitSender(
        {
          remit: remitThrough(client, signerOf(props.profile), draft),
          getTransaction: (hash) => getTransaction(client, { hash }),
          getStatus: () => getStatus(client),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          nowMs: () => Date.now(),
          newId: randomClientId,
        },
        setState,
      ),
    [],
  );
  useEffect(() => () => sender.stop(), [sender]);
  const onTheWay = state.kind !== "ready";
  const live = useConfirmQuote(client, props.account.id, draft, onTheWay);
  const shown = live.state.kind === "quoted" ? live.state.quote : undefined;
  const fee = usePayerFee(client, props.account.id, shown);

  useEffect(() => {
    if (state.kind === "settled") {
      if (draft.saveAs !== undefined) {
        props.onContacts(saveContact({ name: draft.saveAs, accountId: draft.to }));
      }
      props.onSettled(state.settled);
    } else if (state.kind === "ready" && needsNewQuote(state.problem?.code)) {
      live.again();
    }
  }, [state]);

  return (
    <>
      <RemitConfirm
        draft={draft}
        live={live}
        fee={fee}
        institution={props.account.institution}
        busy={onTheWay}
        problem={state.kind === "ready" ? state.problem : undefined}
        onBack={props.onBack}
        onSend={(quote, receivedAtMs) => void sender.send(quote, receivedAtMs)}
      />
      {state.kind === "sending" ? (
        <p data-testid="remit-sending">
          Sealing your details for the institutions, signing in this browser, and waiting for the
          block that makes it final…
        </p>
      ) : state.kind === "confirming" ? (
        <div class="receipt waiting" data-testid="remit-unconfirmed" data-hash={state.hash}>
          <strong>Sent — waiting for the network to confirm.</strong>
          <p>
            The answer did not come back in time, so this page keeps checking transaction{" "}
            <a href={href("explorer", "tx", state.hash)}>{state.hash.slice(0, 12)}…</a> and shows
            the receipt as soon as it is in a block. Do not send it again: it may already be on its
            way.
          </p>
        </div>
      ) : null}
    </>
  );
}
