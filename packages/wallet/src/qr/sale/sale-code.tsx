/**
 * One sale at the till: the shop's institution builds and signs a dynamic code for the amount
 * (a fresh one-time reference, an expiry), the page draws it, counts down, and turns "Paid" the
 * moment a payment carrying the code's reference is final — with who paid and the receipt. An
 * expired code says so and is no longer shown as payable.
 */
import { useEffect, useState } from "preact/hooks";
import type { CurrencyView, HistoryEntry, MerchantCodeView } from "@tongbao/api";
import { createMerchantCode, type Client } from "@tongbao/client/browser";
import { describeError, type Problem } from "../../gateway/describe-error.ts";
import { signerOf, type Profile } from "../../keys/profile.ts";
import { LiveBadge } from "../../ui/live-badge.tsx";
import { Money } from "../../ui/money.tsx";
import { ProblemNote } from "../../ui/problem-note.tsx";
import { formatRemaining, useNow } from "../../ui/use-now.ts";
import { clock } from "../../ui/when.ts";
import { QrImage } from "../qr-image.tsx";
import { paysSale } from "./sale-payment.ts";
import { RefundPanel } from "../refund/refund-panel.tsx";
import { SaleReceipt } from "./sale-receipt.tsx";
import { useSalePayment } from "./use-sale-payment.ts";

export function SaleCode(props: {
  client: Client;
  /** The shop's key in this browser: it signs the request for the code. */
  profile: Profile;
  amount: string;
  currency: string;
  /** The shop's recent history: a second way to see the sale paid. */
  entries: readonly HistoryEntry[];
  currencies: readonly CurrencyView[];
  onNewSale: () => void;
}) {
  const { client, profile, amount, currency } = props;
  const [code, setCode] = useState<MerchantCodeView>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    let stopped = false;
    createMerchantCode(client, { signer: signerOf(profile), amount, currency }).then(
      (made) => !stopped && setCode(made),
      (error: unknown) => !stopped && setProblem(describeError(error)),
    );
    return () => {
      stopped = true;
    };
    // One code per sale: the profile is identified by its account.
  }, [client, profile.accountId, amount, currency]);
  const { payment, live } = useSalePayment(
    client,
    code?.ledgerReference,
    profile.accountId,
    props.entries,
  );
  const now = useNow();

  if (code === undefined) {
    return (
      <div
        class="sale"
        data-testid="sale"
        data-status={problem === undefined ? "making" : "failed"}
      >
        {problem === undefined ? (
          <p class="muted">Asking your institution to sign the code for this sale…</p>
        ) : (
          <ProblemNote problem={problem} testId="sale-problem" />
        )}
        <button type="button" class="secondary" onClick={props.onNewSale}>
          New sale
        </button>
      </div>
    );
  }
  const sale = code.amount!;
  const expiresAtMs = code.expiresAtMs!;
  const expired = payment === undefined && now >= expiresAtMs;
  const status =
    payment === undefined
      ? expired
        ? "expired"
        : "waiting"
      : paysSale(payment, sale)
        ? "paid"
        : "other-amount";
  return (
    <div class="sale" data-testid="sale" data-status={status} data-reference={code.ledgerReference}>
      <p class="big">
        <Money amount={sale.amount} currency={sale.currency} />
      </p>
      {payment !== undefined ? (
        <SaleReceipt
          sale={sale}
          payment={payment}
          merchant={code.merchant.name}
          refund={
            <RefundPanel
              client={client}
              profile={profile}
              reference={code.ledgerReference!}
              currencies={props.currencies}
            />
          }
        />
      ) : (
        <>
          {expired ? null : (
            <QrImage
              payload={code.payload}
              label={`Payment code for ${sale.amount} ${sale.currency} to ${code.merchant.name}`}
              testId="sale-qr"
            />
          )}
          <dl>
            <dt>Pay to</dt>
            <dd>
              {code.merchant.name}, {code.merchant.city} — signed by {code.merchant.institution}
            </dd>
            <dt>{expired ? "Expired" : "Expires in"}</dt>
            <dd data-testid="sale-expiry">
              {expired
                ? `at ${clock(new Date(expiresAtMs).toISOString())}`
                : `${formatRemaining(expiresAtMs - now)} (at ${clock(new Date(expiresAtMs).toISOString())})`}
            </dd>
            <dt>Reference</dt>
            <dd>
              <code data-testid="sale-reference">{code.reference}</code>
            </dd>
          </dl>
          {expired ? (
            <p class="problem" role="alert" data-testid="sale-expired">
              This code has expired and can no longer be paid; no payment arrived. Start a new sale
              for a new code.
            </p>
          ) : (
            <p class="muted">
              Waiting for the payment <LiveBadge status={live} /> — it shows here the moment it is
              final.
            </p>
          )}
          <details>
            <summary>The code as text</summary>
            <code class="wrap" data-testid="sale-payload">
              {code.payload}
            </code>
          </details>
        </>
      )}
      <button type="button" class="secondary" data-testid="sale-new" onClick={props.onNewSale}>
        New sale
      </button>
    </div>
  );
}
