/**
 * Refunding a paid sale, in its receipt: **Refund** reads the payment from the ledger
 * (`getPayment`: paid, refunded, still refundable), offers all that is still refundable, and a
 * confirm step signs the `refund` in this browser. The receipt then shows the refund final and
 * what remains refundable. An amount the ledger would refuse (more than remains, zero, too many
 * decimals) is told as a sentence and nothing is signed; the SDK checks again before signing,
 * and the ledger checks last.
 */
import { useState } from "preact/hooks";
import type { CurrencyView, PaymentPaidView } from "@tongbao/api";
import { getPayment, refund, type Client, type Succeeded } from "@tongbao/client/browser";
import { parseAmount } from "@tongbao/types";
import { describeError, type Problem } from "../../gateway/describe-error.ts";
import { signerOf, type Profile } from "../../keys/profile.ts";
import { readAmount } from "../../money/amount.ts";
import { href } from "../../routing/route.ts";
import { Money } from "../../ui/money.tsx";
import { ProblemNote } from "../../ui/problem-note.tsx";

type Step =
  | { readonly kind: "idle" }
  | { readonly kind: "reading" }
  | { readonly kind: "form"; readonly payment: PaymentPaidView }
  | { readonly kind: "confirm"; readonly payment: PaymentPaidView; readonly amount: string }
  | { readonly kind: "sending"; readonly payment: PaymentPaidView; readonly amount: string };

interface Done {
  readonly amount: string;
  readonly currency: string;
  readonly final: Succeeded;
  /** The payment as the ledger shows it after the refund. */
  readonly after: PaymentPaidView | undefined;
}

export function RefundPanel(props: {
  client: Client;
  profile: Profile;
  /** The sale's ledger reference. */
  reference: string;
  currencies: readonly CurrencyView[];
}) {
  const { client, profile, reference } = props;
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<readonly Done[]>([]);

  const read = async (): Promise<PaymentPaidView | undefined> => {
    const payment = await getPayment(client, { payee: profile.accountId, reference });
    return payment.paid ? payment : undefined;
  };

  const open = async () => {
    setProblem(undefined);
    setStep({ kind: "reading" });
    try {
      const payment = await read();
      if (payment === undefined) {
        setProblem({
          title:
            "The ledger remembers no payment of this sale to this shop, so it cannot be refunded here.",
        });
        setStep({ kind: "idle" });
        return;
      }
      setAmount(payment.refundable.amount);
      setStep({ kind: "form", payment });
    } catch (error) {
      setProblem(describeError(error));
      setStep({ kind: "idle" });
    }
  };

  const review = (payment: PaymentPaidView) => {
    const { currency } = payment.amount;
    const minorUnits = props.currencies.find((c) => c.code === currency)?.minorUnits ?? 2;
    const reading = readAmount(amount, currency, minorUnits);
    if (!reading.ok) return setProblem({ title: reading.message });
    const refundable = parseAmount(payment.refundable.amount, minorUnits);
    if (reading.minor > refundable) {
      return setProblem({
        title: `A refund of ${reading.text} ${currency} is more than the ${payment.refundable.amount} ${currency} that can still be refunded of this payment; nothing was refunded.`,
        fix: `Refund at most ${payment.refundable.amount} ${currency}: refunds of a payment add up to at most what was paid (${payment.amount.amount} ${currency}).`,
        code: "refund_exceeds_refundable",
      });
    }
    setProblem(undefined);
    setStep({ kind: "confirm", payment, amount: reading.text });
  };

  const send = async (payment: PaymentPaidView, text: string) => {
    setProblem(undefined);
    setStep({ kind: "sending", payment, amount: text });
    try {
      const final = await refund(client, { signer: signerOf(profile), reference, amount: text });
      const after = await read().catch(() => undefined);
      setDone((list) => [
        ...list,
        { amount: text, currency: payment.amount.currency, final, after },
      ]);
      setStep({ kind: "idle" });
    } catch (error) {
      setProblem(describeError(error));
      setStep({ kind: "form", payment });
    }
  };

  const last = done.at(-1);
  const remaining = last?.after?.refundable;
  const nothingLeft = remaining !== undefined && /^0(\.0*)?$/.test(remaining.amount);
  return (
    <div class="refund" data-testid="refund">
      {done.map((d) => (
        <p
          key={d.final.hash}
          class="refund-final"
          data-testid="refund-final"
          data-hash={d.final.hash}
          role="status"
        >
          Refunded <Money amount={d.amount} currency={d.currency} /> — final, in{" "}
          <a href={href("explorer", "block", d.final.height)}>block {d.final.height}</a>.
        </p>
      ))}
      {remaining === undefined ? null : (
        <p data-testid="refund-remaining">
          Still refundable: <Money amount={remaining.amount} currency={remaining.currency} />
        </p>
      )}
      {step.kind === "idle" || step.kind === "reading" ? (
        nothingLeft ? null : (
          <button
            type="button"
            class="secondary"
            data-testid="refund-start"
            disabled={step.kind === "reading"}
            onClick={() => void open()}
          >
            {step.kind === "reading"
              ? "Reading the payment…"
              : done.length
                ? "Refund more"
                : "Refund"}
          </button>
        )
      ) : null}
      {step.kind === "form" ? (
        <form
          class="refund-form"
          data-testid="refund-form"
          onSubmit={(event) => {
            event.preventDefault();
            review(step.payment);
          }}
        >
          <p class="muted">
            Paid{" "}
            <Money amount={step.payment.amount.amount} currency={step.payment.amount.currency} />,
            refunded so far{" "}
            <Money
              amount={step.payment.refunded.amount}
              currency={step.payment.refunded.currency}
            />
            ; still refundable{" "}
            <Money
              amount={step.payment.refundable.amount}
              currency={step.payment.refundable.currency}
            />
            .
          </p>
          <label>
            Amount to refund ({step.payment.amount.currency})
            <input
              data-testid="refund-amount"
              inputMode="decimal"
              value={amount}
              onInput={(event) => setAmount((event.target as HTMLInputElement).value)}
            />
          </label>
          <button type="submit" data-testid="refund-review">
            Review the refund
          </button>{" "}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setProblem(undefined);
              setStep({ kind: "idle" });
            }}
          >
            Cancel
          </button>
        </form>
      ) : null}
      {step.kind === "confirm" || step.kind === "sending" ? (
        <div class="refund-confirm" data-testid="refund-confirm">
          <p>
            Return <Money amount={step.amount} currency={step.payment.amount.currency} /> to the
            customer? They receive exactly this amount; it cannot be undone.
          </p>
          <button
            type="button"
            data-testid="refund-confirm-button"
            disabled={step.kind === "sending"}
            onClick={() => void send(step.payment, step.amount)}
          >
            {step.kind === "sending" ? "Refunding…" : "Refund"}
          </button>{" "}
          <button
            type="button"
            class="secondary"
            disabled={step.kind === "sending"}
            onClick={() => setStep({ kind: "form", payment: step.payment })}
          >
            Back
          </button>
        </div>
      ) : null}
      <ProblemNote problem={problem} testId="refund-problem" />
    </div>
  );
}
