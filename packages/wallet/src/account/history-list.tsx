/** An account's recent activity, newest first, as that account sees it. */
import type { HistoryEntry } from "@tongbao/api";
import { contactName, type Contact } from "../contacts/contacts.ts";
import { href } from "../routing/route.ts";
import { Money } from "../ui/money.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { when } from "../ui/when.ts";
import { describeEntry } from "./describe-entry.ts";
import { entryKey } from "./entry-key.ts";

export function HistoryList(props: {
  entries: readonly HistoryEntry[];
  me: string;
  contacts?: readonly Contact[];
  empty?: string;
}) {
  if (props.entries.length === 0) {
    return <p class="muted">{props.empty ?? "Nothing yet."}</p>;
  }
  return (
    <ul class="history" data-testid="history">
      {props.entries.map((entry) => {
        const line = describeEntry(entry, props.me);
        const name =
          line.counterparty === undefined
            ? undefined
            : contactName(props.contacts ?? [], line.counterparty);
        return (
          <li
            key={entryKey(entry)}
            class={`history-row ${line.direction}${line.failed === undefined ? "" : " failed"}`}
            data-testid="history-row"
            data-hash={entry.type === "transaction" ? entry.hash : undefined}
          >
            <div class="what">
              <span>{line.what}</span>
              {line.counterparty === undefined ? null : (
                <span class="counterparty">
                  {line.direction === "out" ? " to " : " from "}
                  {name ?? <ShortId id={line.counterparty} />}
                </span>
              )}
              {line.failed === undefined ? null : (
                <span class="badge bad"> failed: {line.failed.replace(/_/g, " ")}</span>
              )}
              {line.detail === undefined ? null : (
                <span class="detail" data-testid="history-detail">
                  {line.detail}
                </span>
              )}
            </div>
            <div class="amount">
              {line.amount === undefined ? null : (
                <Money
                  amount={line.amount.amount}
                  currency={line.amount.currency}
                  sign={line.direction === "in" ? "+" : line.direction === "out" ? "−" : undefined}
                />
              )}
            </div>
            <div class="meta">
              {when(entry.timestamp)} ·{" "}
              <a href={href("explorer", "block", entry.height)}>block {entry.height}</a>
              {entry.type === "transaction" ? (
                <>
                  {" · "}
                  <a href={href("explorer", "tx", entry.hash)}>details</a>
                </>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
