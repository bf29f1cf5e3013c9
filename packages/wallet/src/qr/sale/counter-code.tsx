/**
 * The counter code: the shop's static code, signed by its institution, to print or keep on a
 * screen by the till. Payers type the amount; it carries no reference and never expires, so its
 * payments are simply the shop's sales as they arrive.
 */
import { useState } from "preact/hooks";
import type { CurrencyView, MerchantCodeView } from "@tongbao/api";
import { createMerchantCode, type Client } from "@tongbao/client/browser";
import { describeError, type Problem } from "../../gateway/describe-error.ts";
import { signerOf, type Profile } from "../../keys/profile.ts";
import { ProblemNote } from "../../ui/problem-note.tsx";
import { QrImage } from "../qr-image.tsx";

export function CounterCode(props: {
  client: Client;
  /** The shop's key in this browser: it signs the request for the code. */
  profile: Profile;
  currencies: readonly CurrencyView[];
  defaultCurrency: string | undefined;
}) {
  const [currency, setCurrency] = useState(
    props.defaultCurrency ?? props.currencies[0]?.code ?? "",
  );
  const [code, setCode] = useState<MerchantCodeView>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const show = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setCode(
        await createMerchantCode(props.client, { signer: signerOf(props.profile), currency }),
      );
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="counter">
      <h2>Counter code</h2>
      {code === undefined ? (
        <>
          <p class="muted">
            One code to print or keep by the till: payers scan it and type the amount. It never
            expires; its payments appear in the sales below.
          </p>
          <div class="row">
            <label>
              Currency
              <select value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
                {props.currencies.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={busy}
              data-testid="counter-show"
              onClick={() => void show()}
            >
              Show the counter code
            </button>
          </div>
        </>
      ) : (
        <div class="sale">
          <QrImage
            payload={code.payload}
            label={`Counter code of ${code.merchant.name} in ${code.currency}`}
            testId="counter-qr"
          />
          <p>
            {code.merchant.name}, {code.merchant.city} · {code.currency} · signed by{" "}
            {code.merchant.institution}
          </p>
          <button type="button" class="secondary" onClick={() => setCode(undefined)}>
            Hide
          </button>
        </div>
      )}
      <ProblemNote problem={problem} />
    </section>
  );
}
