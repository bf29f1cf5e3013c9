/**
 * The last look: a firm quote held for this payer by its institution's desk (60 s), counting
 * down and asked again before it lapses — not while a payment with it is on its way — with both
 * people's names as they will be sealed. Send is offered only while a quote is on screen and
 * nothing is on its way. At a gateway where the payer's institution has no desk, the quote is
 * indicative and says so, and the fee comes from the institution's own answer.
 */
import { useEffect, useState } from "preact/hooks";
import type { QuoteView } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import type { Problem } from "../gateway/describe-error.ts";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import type { PayerFee } from "./payer-fee.ts";
import { QuotePanel } from "./quote-panel.tsx";
import type { RemitDraft } from "./remit-draft.ts";
import { useQuote, type LiveQuote } from "./use-quote.ts";

/** The quote route's answer when this gateway's desk is not the payer's institution. */
const NOT_THIS_DESK = new Set(["account_other_institution", "desk_not_enabled"]);

/**
 * A firm quote for the draft; an indicative one where no desk here can hold one. `paused` stops
 * asking again when it lapses: each firm quote is a hold committed in the ledger.
 */
export function useConfirmQuote(
  client: Client,
  payer: string,
  draft: RemitDraft,
  paused: boolean,
): LiveQuote {
  const [firm, setFirm] = useState(true);
  const ask = {
    from: draft.sendCurrency,
    to: draft.receiveCurrency,
    side: draft.side,
    amount: draft.amount,
    ...(firm ? { payer } : {}),
  };
  const live = useQuote(client, ask, 0, paused);
  const notHere = live.state.kind === "failed" && NOT_THIS_DESK.has(live.state.problem.code ?? "");
  useEffect(() => {
    if (notHere) setFirm(false);
  }, [notHere]);
  return live;
}

export function RemitConfirm(props: {
  draft: RemitDraft;
  live: LiveQuote;
  fee: PayerFee;
  institution: string;
  busy: boolean;
  problem: Problem | undefined;
  onBack: () => void;
  /** Send with this quote, received at `receivedAtMs` by the device's clock. */
  onSend: (quote: QuoteView, receivedAtMs: number) => void;
}) {
  const { draft, live } = props;
  const quoted = live.state.kind === "quoted" ? live.state : undefined;
  const quote = quoted?.quote;
  const recipient = draft.travelRule.beneficiary.beneficiaryPersons[0]?.naturalPerson;
  const sender = draft.travelRule.originator.originatorPersons[0]?.naturalPerson;
  return (
    <div class="confirm" data-testid="remit-confirm">
      <h3>Confirm the payment abroad</h3>
      <dl>
        <dt>To</dt>
        <dd data-testid="remit-confirm-to">
          {recipient?.name.nameIdentifier[0]?.primaryIdentifier}
          {draft.recipientLabel === undefined ? null : ` (${draft.recipientLabel})`} at{" "}
          {draft.recipientInstitutionName} · <ShortId id={draft.to} />
        </dd>
        <dt>From</dt>
        <dd>{sender?.name.nameIdentifier[0]?.primaryIdentifier}</dd>
      </dl>
      {quoted !== undefined ? (
        <QuotePanel
          quote={quoted.quote}
          receivedAtMs={quoted.receivedAtMs}
          fee={props.fee}
          institution={props.institution}
          stage="confirm"
        />
      ) : live.state.kind === "failed" ? (
        <ProblemNote problem={live.state.problem} testId="remit-quote-problem" />
      ) : (
        <p class="muted" data-testid="remit-quote-asking">
          {live.state.kind === "asking" && live.state.previous !== undefined
            ? "The rate lapsed; asking for a new one…"
            : `Asking ${props.institution} to hold the rate for you…`}
        </p>
      )}
      <ProblemNote problem={props.problem} testId="remit-error" />
      <p class="muted">
        Once in a block the payment is final: it cannot be taken back. Your names are sealed to your
        institution, theirs and the regulator before it is sent.
      </p>
      <div class="row">
        <button type="button" class="secondary" disabled={props.busy} onClick={props.onBack}>
          Back
        </button>
        {live.state.kind === "failed" ? (
          <button type="button" class="secondary" disabled={props.busy} onClick={live.again}>
            Ask again
          </button>
        ) : null}
        <button
          type="button"
          disabled={props.busy || quote === undefined}
          data-testid="remit-send"
          onClick={() => quoted !== undefined && props.onSend(quoted.quote, quoted.receivedAtMs)}
        >
          {quote === undefined ? (
            "Send"
          ) : (
            <>
              Send <Money amount={quote.send.amount} currency={quote.send.currency} />
            </>
          )}
        </button>
      </div>
    </div>
  );
}
