/**
 * An account's open requests to pay — those it is asked to pay (`incoming`) and those it made
 * (`outgoing`), from `GET /v1/accounts/:id/requests` — read again whenever the account's history
 * moves: the account topic brings a request to its payer, and an approval or a decline to its
 * payee, the moment they are final.
 */
import { useEffect, useState } from "preact/hooks";
import type { AccountRequestsView, HistoryEntry } from "@tongbao/api";
import { AccountNotFoundError, getAccountRequests, type Client } from "@tongbao/client/browser";
import { entryKey } from "../account/entry-key.ts";
import { describeError, type Problem } from "../gateway/describe-error.ts";

export interface Requests {
  readonly view: AccountRequestsView | undefined;
  readonly problem: Problem | undefined;
  reload(): void;
}

export function useRequests(
  client: Client,
  account: string,
  entries: readonly HistoryEntry[],
): Requests {
  const [view, setView] = useState<AccountRequestsView>();
  const [problem, setProblem] = useState<Problem>();
  const [asked, setAsked] = useState(0);
  const newest = entries[0] === undefined ? "" : entryKey(entries[0]);
  useEffect(() => {
    let stopped = false;
    getAccountRequests(client, { account }).then(
      (read) => {
        if (stopped) return;
        setView(read);
        setProblem(undefined);
      },
      (error: unknown) => {
        if (stopped) return;
        // An account being opened has no requests yet: its history moving will ask again.
        setProblem(error instanceof AccountNotFoundError ? undefined : describeError(error));
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, account, newest, entries.length, asked]);
  return { view, problem, reload: () => setAsked((n) => n + 1) };
}

/** Notes a requester wrote for itself: the ledger carries none, so they stay on this device. */
const NOTES_KEY = "tongbao-wallet/request-notes";

export function loadNotes(storage: Storage = localStorage): Record<string, string> {
  try {
    const parsed = JSON.parse(storage.getItem(NOTES_KEY) ?? "{}") as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function saveNote(requestId: string, note: string, storage: Storage = localStorage) {
  const notes = loadNotes(storage);
  notes[requestId] = note;
  const ids = Object.keys(notes);
  // A few hundred at most: the oldest go first.
  for (const id of ids.slice(0, Math.max(0, ids.length - 200))) delete notes[id];
  storage.setItem(NOTES_KEY, JSON.stringify(notes));
}
