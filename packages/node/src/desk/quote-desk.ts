/**
 * Firm quotes at an institution's desk (docs/spec/api.md, "Remittances"): for a customer of the
 * institution, the desk finds the best offer (as an indicative quote does), signs `hold_quote`
 * with a fresh client id — the institution holds part of the provider's liquidity for its
 * customer — submits it through the gateway's admission, waits until it is committed and answers
 * with the quote the ledger holds: its id, the terms it keeps and its agreed expiry.
 *
 * Only the payer's own institution may hold a quote for it (the ledger refuses others), so the
 * desk refuses payers of other institutions before signing anything.
 */
import {
  ServiceError,
  type AccountView,
  type ApiServices,
  type QuoteRequest,
  type QuoteView,
  type SubmitResult,
} from "@tongbao/api";
import type { GenesisConfig, Operation } from "@tongbao/ledger";
import { assert } from "@tongbao/std";
import { parseAmount, type AccountId, type ClientId } from "@tongbao/types";
import type { InstitutionSigner } from "./institution-signer.ts";

/** How long a firm quote holds liquidity: long enough to confirm on a phone, short for the LP. */
export const FIRM_QUOTE_TIMEOUT_MS = 60_000;
/** How long the desk waits for its hold to commit before giving up (a few blocks). */
export const FIRM_QUOTE_COMMIT_WAIT_MS = 20_000;
/** How often it looks. */
export const FIRM_QUOTE_POLL_MS = 50;

/** What the desk needs of the gateway's services (LedgerServices has it all). */
export interface QuoteDeskServices extends Pick<
  ApiServices,
  "account" | "submitTransactions" | "transaction" | "quote"
> {
  /** The quote the ledger holds, as a firm quote; undefined when it holds none. */
  heldQuote(holder: string, id: string): Promise<QuoteView | undefined>;
}

export interface QuoteDeskPorts {
  readonly signer: InstitutionSigner;
  readonly services: QuoteDeskServices;
  readonly genesis: GenesisConfig;
  /** Wall-clock milliseconds: transaction deadlines. */
  readonly nowMs: () => number;
  /** A fresh client id for each hold. */
  readonly newClientId: () => ClientId;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (fields: Record<string, unknown>, message: string) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class QuoteDesk {
  constructor(private readonly ports: QuoteDeskPorts) {}

  async firmQuote(request: QuoteRequest & { readonly payer: string }): Promise<QuoteView> {
    const { signer, services } = this.ports;
    const payer = await this.customer(request.payer);
    const indicative = await services.quote(request);
    const minorUnits = this.ports.genesis.currencies.find((c) => c.code === indicative.from);
    assert(minorUnits !== undefined, "a quote's currency is the chain's");
    const id = this.ports.newClientId();
    const operation: Operation = {
      kind: "hold_quote",
      id,
      provider: indicative.offer.provider as AccountId,
      offerId: indicative.offer.id as ClientId,
      payer: payer.id as AccountId,
      buyAmount: parseAmount(indicative.send.amount, minorUnits.minorUnits),
      timeoutMs: FIRM_QUOTE_TIMEOUT_MS,
    };
    const signed = signer.signTransaction([operation], {
      id: this.ports.newClientId(),
      validUntilMs: this.ports.nowMs() + FIRM_QUOTE_TIMEOUT_MS,
    });
    const [result] = await services.submitTransactions([signed.bytes]);
    assert(result !== undefined, "one result per submitted transaction");
    if (result.status !== "accepted" && result.status !== "known") throw refusal(result);
    const codeName = await this.committed(signed.hash);
    if (codeName !== "ok") {
      if (codeName === "insufficient_liquidity") {
        throw new ServiceError(
          "insufficient_liquidity",
          "the provider's liquidity was taken by other quotes before this one was held; ask again for a smaller amount or later",
          { hash: signed.hash },
        );
      }
      throw new ServiceError(
        "quote_refused",
        `the ledger refused the hold of this quote (${codeName}); ask for a new quote`,
        { codeName, hash: signed.hash },
      );
    }
    const held = await services.heldQuote(signer.institution.accountId, id);
    // Committed an instant ago with a 60-second timeout: only a stalled node could miss it.
    if (held === undefined) {
      throw new ServiceError(
        "quote_refused",
        "the quote was held and has already expired or been used; ask for a new quote",
        { hash: signed.hash },
      );
    }
    this.ports.log?.(
      {
        quote: held.id,
        payer: payer.id,
        hash: signed.hash,
        send: held.send,
        receive: held.receive,
      },
      "desk firm quote",
    );
    return held;
  }

  /** The payer's account, if it is this institution's customer and may pay. */
  private async customer(payer: string): Promise<AccountView> {
    const { institution } = this.ports.signer;
    const account = await this.ports.services.account(payer);
    if (account === undefined) {
      throw new ServiceError(
        "account_not_found",
        `no account ${payer} exists; check the payer's id`,
        { account: payer },
      );
    }
    if (account.institution !== institution.id) {
      throw new ServiceError(
        "account_other_institution",
        `account ${payer} belongs to ${account.institution}, not ${institution.id}: a firm quote is held only by the payer's own institution; ask at ${account.institution}'s gateway, or leave payer out for an indicative quote`,
        { account: payer, institution: account.institution },
      );
    }
    if (account.frozen) {
      throw new ServiceError(
        "account_frozen",
        `account ${payer} is frozen; ${institution.name} holds no quotes for it`,
        { account: payer },
      );
    }
    return account;
  }

  /** The hold's result code name once committed; node_busy-like timeout otherwise. */
  private async committed(hash: string): Promise<string> {
    const sleep = this.ports.sleep ?? defaultSleep;
    const deadline = this.ports.nowMs() + FIRM_QUOTE_COMMIT_WAIT_MS;
    for (;;) {
      const found = await this.ports.services.transaction(hash);
      if (found.status === "committed") return found.codeName;
      if (this.ports.nowMs() > deadline) {
        throw new ServiceError(
          "node_busy",
          `the hold of this quote (transaction ${hash}) was not committed within ${FIRM_QUOTE_COMMIT_WAIT_MS / 1000} s; ask again shortly`,
          { hash, retryAfterMs: 1_000 },
        );
      }
      await sleep(FIRM_QUOTE_POLL_MS);
    }
  }
}

/** A submission the mempool did not take, as the quote's error. */
function refusal(result: Exclude<SubmitResult, { status: "accepted" | "known" }>): ServiceError {
  switch (result.status) {
    case "committed":
      // A fresh id each time: the same bytes cannot have been committed before.
      throw new Error(`the desk's fresh hold was already committed: ${result.hash}`);
    case "busy":
    case "retry":
      return new ServiceError(result.error.code as never, result.error.message, {
        ...result.error.details,
        retryAfterMs: result.retryAfterMs,
      });
    case "rejected":
      if (result.error.code === "account_sanctioned") {
        return new ServiceError("account_sanctioned", result.error.message, result.error.details);
      }
      return new ServiceError(
        "quote_refused",
        `the gateway refused the desk's hold (${result.error.code}: ${result.error.message}); ask for a new quote`,
        { codeName: result.error.code },
      );
  }
}
