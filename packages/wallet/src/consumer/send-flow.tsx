/**
 * Sending money: form → confirm → sending → receipt. A shop's QR code has its own flow
 * (qr/scan/scan-to-pay.tsx, with the verified payee); a request to pay will open this one with
 * `initial` filled in — recipient, amount, currency, reference.
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import { contactName, saveContact, type Contact } from "../contacts/contacts.ts";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import {
  preparePayment,
  sendPayment,
  type FinalPayment,
  type PaymentDraft,
} from "../payments/send-payment.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { SendConfirm } from "./send-confirm.tsx";
import { SendForm, type SendRequest } from "./send-form.tsx";
import { SendReceipt } from "./send-receipt.tsx";

type Step =
  | { readonly kind: "edit"; readonly request?: SendRequest }
  | {
      readonly kind: "confirm";
      readonly request: SendRequest;
      readonly built: Awaited<ReturnType<typeof preparePayment>>;
    }
  | { readonly kind: "sending"; readonly request: SendRequest; readonly hash?: string }
  | { readonly kind: "done"; readonly request: SendRequest; readonly final: FinalPayment };

export function SendFlow(props: {
  client: Client;
  profile: Profile;
  account: AccountView;
  currencies: readonly CurrencyView[];
  contacts: readonly Contact[];
  onContacts: (contacts: Contact[]) => void;
  initial?: Partial<PaymentDraft>;
}) {
  const { client, profile, account } = props;
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const nameOf = (request: SendRequest) =>
    request.saveAs ?? contactName(props.contacts, request.draft.to);

  const review = async (request: SendRequest) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const built = await preparePayment(client, signerOf(profile), request.draft);
      setStep({ kind: "confirm", request, built });
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (step.kind !== "confirm") return;
    const { request, built } = step;
    setBusy(true);
    setProblem(undefined);
    setStep({ kind: "sending", request });
    try {
      const final = await sendPayment(client, signerOf(profile), built, (hash) =>
        setStep({ kind: "sending", request, hash }),
      );
      if (request.saveAs !== undefined) {
        props.onContacts(saveContact({ name: request.saveAs, accountId: request.draft.to }));
      }
      setStep({ kind: "done", request, final });
    } catch (error) {
      setProblem(describeError(error));
      setStep({ kind: "edit", request });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" data-testid="send">
      <h2>Send money</h2>
      {step.kind === "edit" ? (
        <SendForm
          me={account}
          contacts={props.contacts}
          currencies={props.currencies}
          {...(step.request !== undefined
            ? { initial: step.request.draft }
            : props.initial === undefined
              ? {}
              : { initial: props.initial })}
          busy={busy}
          onReview={(request) => void review(request)}
        />
      ) : step.kind === "confirm" ? (
        <SendConfirm
          client={client}
          from={account.id}
          draft={step.request.draft}
          recipientName={nameOf(step.request)}
          institution={account.institution}
          busy={busy}
          onBack={() => setStep({ kind: "edit", request: step.request })}
          onSend={() => void send()}
        />
      ) : step.kind === "sending" ? (
        <p data-testid="sending">
          {step.hash === undefined
            ? "Signing in this browser and sending to the gateway…"
            : "Accepted by the gateway; waiting for the block that makes it final…"}
        </p>
      ) : (
        <SendReceipt
          draft={step.request.draft}
          final={step.final}
          recipientName={nameOf(step.request)}
          onDone={() => setStep({ kind: "edit" })}
        />
      )}
      <ProblemNote problem={problem} testId="send-error" />
    </section>
  );
}
