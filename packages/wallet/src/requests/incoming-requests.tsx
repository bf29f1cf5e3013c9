/**
 * Requests this account is asked to pay, live: each with who asks, how much and until when, and
 * **Approve** (pays it: `approveRequest` repeats the amount and currency shown, so a request
 * changed since is not paid) or **Decline** (`declineRequest`: it closes, nothing moves). An
 * answered request stays on the screen with how it ended until the page is left.
 */
import { useState } from "preact/hooks";
import type { RequestView } from "@tongbao/api";
import { approveRequest, declineRequest, type Client } from "@tongbao/client/browser";
import type { Contact } from "../contacts/contacts.ts";
import { contactName } from "../contacts/contacts.ts";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { href } from "../routing/route.ts";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { clock } from "../ui/when.ts";
import { statusWords } from "./request-status.ts";
import type { Requests } from "./use-requests.ts";

interface Answer {
  readonly request: RequestView;
  readonly phase: "approving" | "declining" | "approved" | "declined" | "failed";
  readonly hash?: string;
  readonly height?: number;
  readonly problem?: Problem;
}

const key = (r: RequestView) => `${r.payee}:${r.requestId}`;

export function IncomingRequests(props: {
  client: Client;
  profile: Profile;
  contacts: readonly Contact[];
  requests: Requests;
}) {
  const { client, profile, contacts } = props;
  const [answers, setAnswers] = useState<ReadonlyMap<string, Answer>>(new Map());
  const set = (answer: Answer) =>
    setAnswers((current) => new Map(current).set(key(answer.request), answer));

  const answer = async (request: RequestView, approve: boolean) => {
    set({ request, phase: approve ? "approving" : "declining" });
    try {
      const signer = signerOf(profile);
      const done = approve
        ? await approveRequest(client, {
            signer,
            payee: request.payee,
            requestId: request.requestId,
            amount: request.amount.amount,
            currency: request.amount.currency,
          })
        : await declineRequest(client, {
            signer,
            payee: request.payee,
            requestId: request.requestId,
          });
      set({
        request,
        phase: approve ? "approved" : "declined",
        hash: done.hash,
        height: done.height,
      });
    } catch (error) {
      set({ request, phase: "failed", problem: describeError(error) });
    }
    props.requests.reload();
  };

  const open = props.requests.view?.incoming ?? [];
  const openKeys = new Set(open.map(key));
  const rows = [
    ...open,
    ...[...answers.values()].filter((a) => !openKeys.has(key(a.request))).map((a) => a.request),
  ];
  return (
    <section class="card" data-testid="incoming-requests">
      <h2>Requests to pay</h2>
      <ProblemNote problem={props.requests.problem} testId="requests-problem" />
      {rows.length === 0 ? (
        <p class="muted">
          Nobody is asking you to pay: requests appear here the moment they are made.
        </p>
      ) : (
        <ul class="requests">
          {rows.map((r) => {
            const a = answers.get(key(r));
            const busy = a?.phase === "approving" || a?.phase === "declining";
            const closed = a?.phase === "approved" || a?.phase === "declined";
            const status =
              a?.phase === "approved" ? "approved" : a?.phase === "declined" ? "declined" : "open";
            return (
              <li
                key={key(r)}
                class={`request ${status}`}
                data-testid="incoming-request"
                data-request-id={r.requestId}
                data-payee={r.payee}
                data-status={status}
              >
                <div>
                  {contactName(contacts, r.payee) ?? <ShortId id={r.payee} />} asks you to pay{" "}
                  <strong>
                    <Money amount={r.amount.amount} currency={r.amount.currency} />
                  </strong>
                </div>
                <div class="muted" data-testid="incoming-request-status">
                  {closed
                    ? statusWords(status, "payer")
                    : `Answer by ${clock(r.expiresAt)}; approving pays it, plus your institution's fee.`}
                  {a?.hash === undefined ? null : (
                    <>
                      {" "}
                      · <a href={href("explorer", "tx", a.hash)}>block {a.height}</a>
                    </>
                  )}
                </div>
                {closed ? null : (
                  <div class="row">
                    <button
                      type="button"
                      disabled={busy}
                      data-testid="request-approve"
                      onClick={() => void answer(r, true)}
                    >
                      {a?.phase === "approving" ? "Paying…" : "Approve and pay"}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      disabled={busy}
                      data-testid="request-decline"
                      onClick={() => void answer(r, false)}
                    >
                      {a?.phase === "declining" ? "Declining…" : "Decline"}
                    </button>
                  </div>
                )}
                <ProblemNote problem={a?.problem} testId="incoming-request-problem" />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
