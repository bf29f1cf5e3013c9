/**
 * Paying a shop's code: camera, picture or pasted text → the code verified against the payee
 * institution's key (verifyPaymentCode) → the confirm screen → the payment, carrying the code's
 * ledger reference, signed in this browser → the receipt the moment it is final. A code that
 * must not be paid — damaged, changed after it was signed, expired, another scheme's — is refused
 * with what is wrong, and nothing is sent.
 */
import { useState } from "preact/hooks";
import type { AccountView, CurrencyView, HistoryEntry } from "@tongbao/api";
import {
  PaymentCodeRefusedError,
  verifyPaymentCode,
  type Client,
  type OtherPaymentCode,
  type VerifyPaymentCodeReturnType,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../../gateway/describe-error.ts";
import { signerOf, type Profile } from "../../keys/profile.ts";
import {
  preparePayment,
  sendPayment,
  type FinalPayment,
  type PaymentDraft,
} from "../../payments/send-payment.ts";
import { SendReceipt } from "../../consumer/send-receipt.tsx";
import { ProblemNote } from "../../ui/problem-note.tsx";
import { paymentBy } from "../sale/sale-payment.ts";
import { CodeConfirm } from "./code-confirm.tsx";
import { ScanInputs } from "./scan-inputs.tsx";

type Step =
  | { readonly kind: "scan" }
  | { readonly kind: "checking" }
  | {
      readonly kind: "refused";
      readonly problem: Problem;
      readonly reason: string;
      readonly other?: OtherPaymentCode;
    }
  | { readonly kind: "confirm"; readonly verified: VerifyPaymentCodeReturnType }
  | { readonly kind: "sending"; readonly draft: PaymentDraft; readonly hash?: string }
  | {
      readonly kind: "done";
      readonly draft: PaymentDraft;
      readonly final: FinalPayment;
      readonly merchant: string;
    };

export function ScanToPay(props: {
  client: Client;
  profile: Profile;
  account: AccountView;
  currencies: readonly CurrencyView[];
  /** The account's recent history: a sale this account already paid is not paid twice. */
  entries: readonly HistoryEntry[];
}) {
  const { client, profile, account } = props;
  const [step, setStep] = useState<Step>({ kind: "scan" });
  const [problem, setProblem] = useState<Problem>();

  const check = async (payload: string) => {
    setProblem(undefined);
    setStep({ kind: "checking" });
    try {
      const verified = await verifyPaymentCode(client, { payload });
      if (verified.code.account === account.id) {
        setStep({
          kind: "refused",
          reason: "own_code",
          problem: { title: "This is this account's own code: a shop's customer pays it." },
        });
        return;
      }
      const reference = verified.code.ledgerReference;
      const earlier =
        reference === undefined ? undefined : paymentBy(props.entries, reference, account.id);
      if (earlier !== undefined) {
        setStep({
          kind: "refused",
          reason: "already_paid",
          problem: {
            title: `You paid this code already: ${earlier.amount.amount} ${earlier.amount.currency} to ${verified.code.merchantName}, in block ${earlier.height}.`,
            fix: "Nothing more was sent. If the shop asks again, show it your receipt in the history.",
          },
        });
        return;
      }
      setStep({ kind: "confirm", verified });
    } catch (error) {
      if (error instanceof PaymentCodeRefusedError) {
        setStep({
          kind: "refused",
          reason: error.reason,
          problem: describeError(error),
          ...(error.other === undefined ? {} : { other: error.other }),
        });
        return;
      }
      setProblem(describeError(error));
      setStep({ kind: "scan" });
    }
  };

  const pay = async (verified: VerifyPaymentCodeReturnType, amount: string) => {
    const { code } = verified;
    // Only a dynamic code names a sale; a static code's payment carries no reference.
    const draft: PaymentDraft = {
      to: code.account,
      amount,
      currency: code.currency,
      ...(code.ledgerReference === undefined ? {} : { reference: code.ledgerReference }),
    };
    if (code.expiresAtMs !== undefined && Date.now() >= code.expiresAtMs) {
      setProblem({
        title: "The code expired before it was paid.",
        fix: "Ask the shop for a new one.",
      });
      return;
    }
    setProblem(undefined);
    setStep({ kind: "sending", draft });
    try {
      const signer = signerOf(profile);
      const built = await preparePayment(client, signer, draft);
      const final = await sendPayment(client, signer, built, (hash) =>
        setStep({ kind: "sending", draft, hash }),
      );
      setStep({ kind: "done", draft, final, merchant: code.merchantName });
    } catch (error) {
      setProblem(describeError(error));
      setStep({ kind: "confirm", verified });
    }
  };

  return (
    <section class="card" data-testid="scan-to-pay">
      <h2>Pay a shop</h2>
      {step.kind === "scan" || step.kind === "checking" ? (
        <>
          <p class="muted">Scan the shop's QR code, or give the wallet a picture or its text.</p>
          <ScanInputs
            busy={step.kind === "checking"}
            onPayload={(payload) => void check(payload)}
            onProblem={(message) => setProblem({ title: message })}
          />
          {step.kind === "checking" ? (
            <p class="muted" data-testid="scan-checking">
              Checking the code with its institution's key…
            </p>
          ) : null}
        </>
      ) : step.kind === "refused" ? (
        <div class="refused" data-testid="scan-refused" data-reason={step.reason}>
          <ProblemNote problem={step.problem} testId="scan-refusal" />
          {step.other === undefined ? null : <OtherCode other={step.other} />}
          <button type="button" data-testid="scan-again" onClick={() => setStep({ kind: "scan" })}>
            Scan another code
          </button>
        </div>
      ) : step.kind === "confirm" ? (
        <CodeConfirm
          client={client}
          verified={step.verified}
          me={account}
          currencies={props.currencies}
          busy={false}
          onCancel={() => setStep({ kind: "scan" })}
          onPay={(amount) => void pay(step.verified, amount)}
        />
      ) : step.kind === "sending" ? (
        <p data-testid="sending">
          {step.hash === undefined
            ? "Signing in this browser and sending to the gateway…"
            : "Accepted by the gateway; waiting for the block that makes it final…"}
        </p>
      ) : (
        <SendReceipt
          draft={step.draft}
          final={step.final}
          recipientName={step.merchant}
          onDone={() => setStep({ kind: "scan" })}
        />
      )}
      <ProblemNote problem={problem} testId="scan-problem" />
    </section>
  );
}

/** What another scheme's code says: read for the payer, never paid. */
function OtherCode(props: { other: OtherPaymentCode }) {
  const { network, gui, merchantName, city, amount, currency } = props.other;
  return (
    <dl data-testid="scan-other">
      <dt>Scheme</dt>
      <dd>{network ?? gui ?? "unknown"}</dd>
      {merchantName === undefined ? null : (
        <>
          <dt>Merchant</dt>
          <dd>
            {merchantName}
            {city === undefined ? "" : `, ${city}`}
          </dd>
        </>
      )}
      {amount === undefined ? null : (
        <>
          <dt>Amount</dt>
          <dd>
            {amount} {currency ?? ""}
          </dd>
        </>
      )}
    </dl>
  );
}
