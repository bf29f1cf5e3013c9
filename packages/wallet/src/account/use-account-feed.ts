/**
 * One account as a page shows it: balances and recent history from the API, kept current by the
 * account's WebSocket topic (each committed transaction that involves it arrives as it is
 * final). After a reconnect everything is read again, since events are delivered at most once.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AccountView, HistoryEntry, SubscriptionEvent } from "@tongbao/api";
import {
  AccountNotFoundError,
  getAccount,
  getAccountHistory,
  type Client,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { useTopic, type TopicStatus } from "../gateway/use-topic.ts";
import { mergeEntries } from "./entry-key.ts";

/** Entries a page keeps: a screen or two; older ones are a history page away. */
export const FEED_ENTRIES_MAX = 50;

export interface AccountFeed {
  /** missing: no account has this key (yet) — it may be being opened. */
  readonly phase: "loading" | "missing" | "ready" | "failed";
  readonly account: AccountView | undefined;
  readonly entries: readonly HistoryEntry[];
  readonly live: TopicStatus;
  readonly problem: Problem | undefined;
  /** Reads the account and its history again. */
  reload(): void;
}

export function useAccountFeed(
  client: Client,
  accountId: string | undefined,
  /** Called with each entry as it arrives live (e.g. a shop's "Paid"). */
  onArrival?: (entry: HistoryEntry) => void,
): AccountFeed {
  const [phase, setPhase] = useState<AccountFeed["phase"]>("loading");
  const [account, setAccount] = useState<AccountView>();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [problem, setProblem] = useState<Problem>();
  const generation = useRef(0);
  const arrival = useRef(onArrival);
  arrival.current = onArrival;

  const reload = useCallback(() => {
    if (accountId === undefined) return;
    const mine = ++generation.current;
    Promise.all([
      getAccount(client, { id: accountId }),
      getAccountHistory(client, { id: accountId, limit: 20 }),
    ])
      .then(([view, history]) => {
        if (mine !== generation.current) return;
        setAccount(view);
        setEntries((current) => mergeEntries(history.entries, current, FEED_ENTRIES_MAX));
        setPhase("ready");
        setProblem(undefined);
      })
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        if (error instanceof AccountNotFoundError) {
          setPhase("missing");
          return;
        }
        setProblem(describeError(error));
        setPhase((current) => (current === "ready" ? current : "failed"));
      });
  }, [client, accountId]);

  useEffect(() => {
    setPhase("loading");
    setAccount(undefined);
    setEntries([]);
    reload();
  }, [reload]);

  const onEvent = useCallback(
    (event: SubscriptionEvent) => {
      if (event.type !== "account") return;
      setEntries((current) => mergeEntries([event.entry], current, FEED_ENTRIES_MAX));
      arrival.current?.(event.entry);
      // Balances (and the account itself, when this entry opened it) are read again.
      reload();
    },
    [reload],
  );
  const live = useTopic(
    client,
    accountId === undefined ? undefined : { kind: "account", id: accountId },
    onEvent,
    reload,
  );
  return { phase, account, entries, live, problem, reload };
}
