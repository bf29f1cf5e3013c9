/** A committed block: its header and its transactions with their results. */
import { getBlock, type Client } from "@tongbao/client/browser";
import { href } from "../routing/route.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { when } from "../ui/when.ts";
import { useLookup } from "./use-lookup.ts";

export function BlockDetail(props: { client: Client; height: number }) {
  const lookup = useLookup(
    () => getBlock(props.client, { height: props.height }),
    String(props.height),
  );
  return (
    <section class="card" data-testid="block-detail">
      <h2>
        Block {props.height}{" "}
        <a class="small" href={href("explorer", "block", props.height - 1)}>
          ← previous
        </a>{" "}
        <a class="small" href={href("explorer", "block", props.height + 1)}>
          next →
        </a>
      </h2>
      {lookup.kind === "loading" ? <p class="muted">Reading the block…</p> : null}
      {lookup.kind === "failed" ? <ProblemNote problem={lookup.problem} /> : null}
      {lookup.kind !== "found" ? null : (
        <>
          <dl>
            <dt>Time</dt>
            <dd>{when(lookup.value.header.timestamp)}</dd>
            <dt>Block id</dt>
            <dd>
              <ShortId id={lookup.value.blockId} />
            </dd>
            <dt>Round, proposer</dt>
            <dd>
              {lookup.value.header.round}, validator {lookup.value.header.proposerIndex}
            </dd>
            <dt>App hash after</dt>
            <dd>
              <ShortId id={lookup.value.result.appHash} />
            </dd>
          </dl>
          <h3>{lookup.value.transactions.length} transactions</h3>
          <ul class="plain">
            {lookup.value.transactions.map((tx) => (
              <li key={tx.hash} data-testid="block-tx" data-hash={tx.hash}>
                <a href={href("explorer", "tx", tx.hash)}>{tx.hash.slice(0, 16)}…</a>{" "}
                {tx.codeName === undefined ? null : (
                  <span class={`badge ${tx.code === 0 ? "good" : "bad"}`}>{tx.codeName}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
