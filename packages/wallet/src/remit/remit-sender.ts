/**
 * Sending the reviewed remittance, for one confirm screen: never twice, and never reported as
 * not sent when it may have been.
 *
 * - Every attempt signs with the screen's client id (remit-attempts.ts): the ledger takes at most
 *   one transaction per id, so Send pressed again after a lost answer cannot pay twice.
 * - Once the transaction is handed to the gateway, an error is not a failure: the screen says it
 *   was sent and keeps looking the hash up (watch-transaction.ts) until it is in a block — the
 *   receipt, or the failure in words — or can no longer be; only then is Send offered again.
 * - A refusal as `transaction_duplicate` means an earlier attempt holds the id: that one is
 *   followed and its receipt shown, not "nothing was sent".
 * - A lapsed or spent quote after this screen already sent something is not reported as
 *   "nothing was sent" either: the earlier payments are looked up first.
 *
 * The screen draws `state`; it pauses the quote's refresh while sending or confirming, and asks
 * a new quote when the problem says so (needsNewQuote).
 */
import type { QuoteView, TransactionCommittedView } from "@tongbao/api";
import type { Succeeded } from "@tongbao/client/browser";
import type { Problem } from "../gateway/describe-error.ts";
import { RemitAttempts, type Submission } from "./remit-attempts.ts";
import { describeRemitError } from "./remit-problems.ts";
import type { SettledRemittance } from "./remit-receipt.tsx";
import {
  outcomeOfCommitted,
  outcomeOfError,
  sendTiming,
  settledOf,
  type AttemptOutcome,
  type RemitAttemptRequest,
} from "./send-remittance.ts";
import { watchTransaction, type WatchPorts } from "./watch-transaction.ts";

export type SendState =
  /** Send is offered (with a quote on screen), after the problem of the last attempt if any. */
  | { readonly kind: "ready"; readonly problem?: Problem }
  /** Sealing, signing, submitting, waiting for the block. */
  | { readonly kind: "sending" }
  /** Submitted, its answer lost: followed until it is in a block or can no longer be. */
  | { readonly kind: "confirming"; readonly hash: string }
  | { readonly kind: "settled"; readonly settled: SettledRemittance };

export interface SenderPorts extends WatchPorts {
  /** One attempt through the SDK's remit (send-remittance.ts, remitThrough). */
  remit(request: RemitAttemptRequest): Promise<Succeeded>;
  /** The device's clock. */
  nowMs(): number;
  /** A fresh client id (32 hex). */
  newId(): string;
}

/** A transaction that cannot be included any more, never found in a block. */
const NEVER_INCLUDED: Problem = {
  title: "The payment did not go through: the network never put it in a block, and now cannot.",
  fix: "Nothing was sent; send again when you are ready.",
};

/** The id is held by an earlier attempt this screen cannot find (it should always find it). */
const ALREADY_SENT: Problem = {
  title: "A payment with these details was already sent from this screen.",
  fix: "Look at your history before sending again.",
  code: "transaction_duplicate",
};

/** A lapsed or spent quote, when this screen has sent before: nothing can be promised. */
function quoteGoneAfterSending(code: string): Problem {
  return {
    title: "The rate expired or was used — here is a new quote.",
    fix: "A payment was sent from this screen before: look at your history before sending again.",
    code,
  };
}

export class RemitSender {
  private readonly attempts: RemitAttempts;
  private stopped = false;
  private current: SendState = { kind: "ready" };

  constructor(
    private readonly ports: SenderPorts,
    private readonly onChange: (state: SendState) => void,
  ) {
    this.attempts = new RemitAttempts(() => ports.newId());
  }

  get state(): SendState {
    return this.current;
  }

  /** The screen is gone: no more lookups, no more state. */
  stop(): void {
    this.stopped = true;
  }

  /** Sends with `quote` (received at `receivedAtMs` on the device's clock), if Send is offered. */
  async send(quote: QuoteView, receivedAtMs: number): Promise<void> {
    if (this.current.kind !== "ready") return;
    this.set({ kind: "sending" });
    const timing = sendTiming(quote, receivedAtMs, this.ports.nowMs());
    const id = this.attempts.id;
    let submitted: Submission | undefined;
    let outcome: AttemptOutcome;
    try {
      const committed = await this.ports.remit({
        quote,
        id,
        ...timing,
        onSigned: (signed) => {
          submitted = signed;
          this.attempts.signed(signed);
        },
      });
      outcome = { kind: "settled", view: committed };
    } catch (error) {
      outcome = outcomeOfError(error, submitted);
    }
    await this.conclude(outcome, id, submitted?.hash);
  }

  private async conclude(
    outcome: AttemptOutcome,
    id: string,
    hash: string | undefined,
  ): Promise<void> {
    if (this.stopped) return;
    switch (outcome.kind) {
      case "settled":
        return this.settle(outcome.view);
      case "failed":
        this.attempts.failed(outcome.error.hash);
        return this.failed(outcome.error, outcome.error.hash);
      case "refused":
        return this.set({ kind: "ready", problem: describeRemitError(outcome.error) });
      case "duplicate":
        return this.findEarlier(id, hash);
      case "unconfirmed":
        return this.follow(outcome.submission);
    }
  }

  /**
   * A `transaction_duplicate` refusal: an earlier transaction holds `id`, in a block or on its
   * way. The earlier attempts under it are looked up, newest first, and the one found followed
   * to its receipt. None found leaves the id as it is — another press is refused the same way —
   * and says to look at the history.
   */
  private async findEarlier(id: string, hash: string | undefined): Promise<void> {
    for (const earlier of this.attempts.signedUnder(id, hash)) {
      const view = await this.ports.getTransaction(earlier.hash).catch(() => undefined);
      if (this.stopped) return;
      if (view?.status === "committed") {
        return this.conclude(outcomeOfCommitted(view), earlier.id, earlier.hash);
      }
      if (view?.status === "pending") return this.follow(earlier);
    }
    this.set({ kind: "ready", problem: ALREADY_SENT });
  }

  /** Follows a submission until it is in a block or can no longer be. */
  private async follow(submission: Submission): Promise<void> {
    this.set({ kind: "confirming", hash: submission.hash });
    const watched = await watchTransaction(this.ports, submission, () => this.stopped);
    if (this.stopped || watched.kind === "stopped") return;
    // Never in a block: its id is unspent and stays for the next attempt.
    if (watched.kind === "gone") return this.set({ kind: "ready", problem: NEVER_INCLUDED });
    return this.conclude(outcomeOfCommitted(watched.view), submission.id, submission.hash);
  }

  private async failed(error: unknown, hash: string): Promise<void> {
    const problem = describeRemitError(error);
    const code = problem.code ?? "";
    if (
      (code === "quote_not_found" || code === "quote_expired") &&
      this.attempts.sentBefore(hash)
    ) {
      // The quote may be gone because an earlier attempt of this screen used it.
      for (const earlier of this.attempts.submissions) {
        if (earlier.hash === hash) continue;
        const view = await this.ports.getTransaction(earlier.hash).catch(() => undefined);
        if (this.stopped) return;
        if (view?.status === "committed" && view.codeName === "ok") return this.settle(view);
      }
      return this.set({ kind: "ready", problem: quoteGoneAfterSending(code) });
    }
    this.set({ kind: "ready", problem });
  }

  /** The receipt, with both legs: asked once more if the committed view left them out. */
  private async settle(view: TransactionCommittedView): Promise<void> {
    let settled = view;
    if (view.remittances === undefined) {
      const again = await this.ports.getTransaction(view.hash).catch(() => undefined);
      if (again?.status === "committed") settled = again;
    }
    if (this.stopped) return;
    this.set({ kind: "settled", settled: settledOf(settled) });
  }

  private set(state: SendState): void {
    if (this.stopped) return;
    this.current = state;
    this.onChange(state);
  }
}
