/**
 * Charging a customer's code at the till: the amount, then the code the customer shows (camera,
 * picture or pasted text, as in qr/scan/) → read (my-code/consumer-code.ts: Tongbao's, whole, not
 * expired) → a request to pay that account for the amount, with the code's token as its id →
 * the customer approves it on their phone, and the till shows it paid (or declined), read again
 * whenever the shop's account topic brings the answer.
 */
import { useEffect, useState } from "preact/hooks";
import type { CurrencyView, HistoryEntry, RequestView } from "@tongbao/api";
import { getRequest, requestPayment, type Client } from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { readAmount } from "../money/amount.ts";
import { readConsumerCode } from "../my-code/consumer-code.ts";
import { ScanInputs } from "../qr/scan/scan-inputs.tsx";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";

/** The customer has five minutes to approve at the till. */
const APPROVE_WITHIN_MS = 5 * 60 * 1000;

export function ChargeCode(props: {
  client: Client;
  profile: Profile;
  currencies: readonly CurrencyView[];
  defaultCurrency: string | undefined;
  entries: readonly HistoryEntry[];
}) {
  const { client, profile, currencies } = props;
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState(props.defaultCurrency ?? currencies[0]?.code ?? "");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [request, setRequest] = useState<RequestView>();

  useEffect(() => {
    if (request === undefined || request.status !== "open") return;
    let stopped = false;
    getRequest(client, { payee: profile.accountId, requestId: request.requestId }).then(
      (read) => !stopped && setRequest(read),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [client, profile.accountId, request?.requestId, props.entries]);

  const charge = async (payload: string) => {
    const info = currencies.find((c) => c.code === currency);
    if (info === undefined) return setProblem({ title: "Choose a currency." });
    const reading = readAmount(amount, currency, info.minorUnits);
    if (!reading.ok) return setProblem({ title: `First the amount: ${reading.message}` });
    const code = readConsumerCode(payload, Date.now());
    if (!code.ok) return setProblem({ title: code.message, code: code.reason });
    if (code.code.account === profile.accountId) {
      return setProblem({ title: "This is the shop's own account: a customer shows their code." });
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const made = await requestPayment(client, {
        signer: signerOf(profile),
        payer: code.code.account,
        amount: reading.text,
        currency,
        requestId: code.code.token,
        requestTimeoutMs: APPROVE_WITHIN_MS,
      });
      setRequest(await getRequest(client, { payee: profile.accountId, requestId: made.requestId }));
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" data-testid="charge-code">
      <h2>Charge a customer's code</h2>
      {request === undefined ? (
        <>
          <p class="muted">
            Type the amount, then read the code the customer shows: they approve the charge on their
            phone.
          </p>
          <div class="row">
            <label class="grow">
              Amount
              <input
                inputMode="decimal"
                value={amount}
                placeholder="0.00"
                data-testid="charge-code-amount"
                onInput={(e) => setAmount(e.currentTarget.value)}
              />
            </label>
            <label>
              Currency
              <select value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
                {currencies.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ScanInputs
            busy={busy}
            onPayload={(payload) => void charge(payload)}
            onProblem={(message) => setProblem({ title: message })}
          />
        </>
      ) : (
        <div
          class={`receipt ${request.status === "approved" ? "good" : request.status === "open" ? "" : "bad"}`}
          data-testid="charge-code-request"
          data-status={request.status}
          role="status"
        >
          <p>
            <Money amount={request.amount.amount} currency={request.amount.currency} /> asked of{" "}
            <ShortId id={request.payer} />:{" "}
            <strong data-testid="charge-code-status">
              {request.status === "open"
                ? "waiting for the customer to approve on their phone"
                : request.status === "approved"
                  ? "Paid — final"
                  : request.status === "declined"
                    ? "the customer declined"
                    : request.status === "expired"
                      ? "not approved in time"
                      : "cancelled"}
            </strong>
          </p>
          <button
            type="button"
            class="secondary"
            data-testid="charge-code-new"
            onClick={() => {
              setRequest(undefined);
              setAmount("");
            }}
          >
            Next customer
          </button>
        </div>
      )}
      <ProblemNote problem={problem} testId="charge-code-problem" />
    </section>
  );
}
