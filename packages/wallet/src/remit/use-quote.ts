/**
 * A live quote for what the form says: asked once typing pauses (QUOTE_DEBOUNCE_MS), asked again
 * when the amount, the currencies or the side change, and when the quote on screen lapses (a firm
 * quote just before its expiry, an indicative one now and then) — but not while `paused` (a
 * payment with it is on its way). An answer to an older question is dropped, so the screen always
 * shows the quote of what is typed now.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { QuoteView } from "@tongbao/api";
import { getQuote, type Client } from "@tongbao/client/browser";
import type { Problem } from "../gateway/describe-error.ts";
import { QUOTE_DEBOUNCE_MS, requoteDelay } from "./quote-clock.ts";
import { describeRemitError } from "./remit-problems.ts";

/** One question to the quote route: an amount on one side, and the payer for a firm quote. */
export interface QuoteAsk {
  readonly from: string;
  readonly to: string;
  readonly side: "send" | "receive";
  /** A valid decimal amount in `from` (side send) or `to` (side receive). */
  readonly amount: string;
  /** Set for a firm quote: the desk holds liquidity for this account. */
  readonly payer?: string;
}

export type QuoteState =
  | { readonly kind: "idle" }
  | { readonly kind: "asking"; readonly previous?: QuoteView }
  | { readonly kind: "quoted"; readonly quote: QuoteView; readonly receivedAtMs: number }
  | { readonly kind: "failed"; readonly problem: Problem };

export interface LiveQuote {
  readonly state: QuoteState;
  /** Ask again now (the remittance found the quote expired, or the person asked). */
  readonly again: () => void;
}

export function useQuote(
  client: Client,
  ask: QuoteAsk | undefined,
  debounceMs = QUOTE_DEBOUNCE_MS,
  paused = false,
): LiveQuote {
  const [state, setState] = useState<QuoteState>({ kind: "idle" });
  const [round, setRound] = useState(0);
  const key = ask === undefined ? "" : JSON.stringify(ask);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    if (ask === undefined) {
      setState({ kind: "idle" });
      return;
    }
    let current = true;
    const previous = latest.current.kind === "quoted" ? latest.current.quote : undefined;
    setState(previous === undefined ? { kind: "asking" } : { kind: "asking", previous });
    const wait = setTimeout(() => {
      getQuote(client, {
        from: ask.from,
        to: ask.to,
        ...(ask.side === "send" ? { sendAmount: ask.amount } : { receiveAmount: ask.amount }),
        ...(ask.payer === undefined ? {} : { payer: ask.payer }),
      }).then(
        (quote) => current && setState({ kind: "quoted", quote, receivedAtMs: Date.now() }),
        (error: unknown) =>
          current && setState({ kind: "failed", problem: describeRemitError(error) }),
      );
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(wait);
    };
    // `key` stands for `ask`: a new object with the same question asks nothing new.
  }, [client, key, round, debounceMs]);

  // The quote on screen is asked again when it lapses, unless paused; resumed, a lapsed one at once.
  useEffect(() => {
    if (state.kind !== "quoted") return;
    const delay = requoteDelay(state.quote, state.receivedAtMs, Date.now(), paused);
    if (delay === undefined) return;
    const refresh = setTimeout(() => setRound((n) => n + 1), delay);
    return () => clearTimeout(refresh);
  }, [state, paused]);

  const again = useCallback(() => setRound((n) => n + 1), []);
  return { state, again };
}
