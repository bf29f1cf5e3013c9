/**
 * Send abroad: form (live indicative quote) → confirm (firm quote, counting down) → sending
 * (sealing, signing, the block) → receipt with both legs. A quote that lapsed on the way is
 * replaced on the confirm screen with a sentence saying so; other failures stay there too, with
 * what to do, and nothing sent. Loaded when the person first opens "Send abroad".
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView, QuoteView } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import { saveContact, type Contact } from "../contacts/contacts.ts";
import type { Problem } from "../gateway/describe-error.ts";
import { describeRemitError, needsNewQuote } from "./remit-problems.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { RemitConfirm, useConfirmQuote } from "./remit-confirm.tsx";
import type { RemitDraft } from "./remit-draft.ts";
import { RemitForm } from "./remit-form.tsx";
import { RemitReceipt, type SettledRemittance } from "./remit-receipt.tsx";
import { sendRemittance } from "./send-remittance.ts";

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
  const live = useConfirmQuote(client, props.account.id, draft);
  const [phase, setPhase] = useState<"idle" | "sending">("idle");
  const [problem, setProblem] = useState<Problem>();

  const send = async (quote: QuoteView) => {
    setPhase("sending");
    setProblem(undefined);
    try {
      const settled = await sendRemittance(client, signerOf(props.profile), quote, draft);
      if (draft.saveAs !== undefined) {
        props.onContacts(saveContact({ name: draft.saveAs, accountId: draft.to }));
      }
      props.onSettled(settled);
    } catch (error) {
      const described = describeRemitError(error);
      setProblem(described);
      if (needsNewQuote(described.code)) live.again();
      setPhase("idle");
    }
  };

  return (
    <>
      <RemitConfirm
        draft={draft}
        live={live}
        institution={props.account.institution}
        busy={phase === "sending"}
        problem={problem}
        onBack={props.onBack}
        onSend={(quote) => void send(quote)}
      />
      {phase === "sending" ? (
        <p data-testid="remit-sending">
          Sealing your details for the institutions, signing in this browser, and waiting for the
          block that makes it final…
        </p>
      ) : null}
    </>
  );
}
