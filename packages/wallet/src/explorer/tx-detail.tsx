/**
 * A transaction by hash: waiting in the mempool, or committed with its block and result, and the
 * legs of each remittance it settled.
 */
import { getTransaction, type Client } from "@tongbao/client/browser";
import { RemittanceLegs } from "../remit/remittance-legs.tsx";
import { href } from "../routing/route.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { when } from "../ui/when.ts";
import { useLookup } from "./use-lookup.ts";

export function TxDetail(props: { client: Client; hash: string }) {
  // A pending transaction is looked at again until it is committed.
  const lookup = useLookup(
    () => getTransaction(props.client, { hash: props.hash }),
    props.hash,
    2_000,
  );
  return (
    <section class="card" data-testid="tx-detail">
      <h2>Transaction</h2>
      <p>
        <code class="wrap">{props.hash}</code>
      </p>
      {lookup.kind === "loading" ? <p class="muted">Looking it up…</p> : null}
      {lookup.kind === "failed" ? <ProblemNote problem={lookup.problem} /> : null}
      {lookup.kind !== "found" ? null : lookup.value.status === "pending" ? (
        <p data-testid="tx-status" data-status="pending">
          Waiting in this gateway's mempool for a block.
        </p>
      ) : (
        <dl>
          <dt>Status</dt>
          <dd data-testid="tx-status" data-status="committed">
            Committed — final
          </dd>
          <dt>Result</dt>
          <dd data-testid="tx-result">
            <span class={`badge ${lookup.value.code === 0 ? "good" : "bad"}`}>
              {lookup.value.codeName}
            </span>
            {lookup.value.code === 0 ? "" : " (recorded with no effect)"}
          </dd>
          <dt>Block</dt>
          <dd>
            <a href={href("explorer", "block", lookup.value.height)} data-testid="tx-block">
              {lookup.value.height}
            </a>{" "}
            (position {lookup.value.index}) at {when(lookup.value.timestamp)}
          </dd>
          <dt>Block id</dt>
          <dd>
            <ShortId id={lookup.value.blockId} />
          </dd>
          <dt>Receipt proof</dt>
          <dd>
            {lookup.value.proof === undefined
              ? "not kept by this gateway"
              : `Merkle path of ${lookup.value.proof.path.siblings.length} hashes to receipts root ${lookup.value.proof.receiptsRoot.slice(0, 12)}…`}
          </dd>
        </dl>
      )}
      {lookup.kind !== "found" || lookup.value.status !== "committed"
        ? null
        : (lookup.value.remittances ?? []).map((remittance) => (
            <div
              key={remittance.operationIndex}
              class="remittance"
              data-testid="tx-remittance"
              data-operation={remittance.operationIndex}
            >
              <h3>Remittance: both legs</h3>
              <RemittanceLegs remittance={remittance} />
            </div>
          ))}
    </section>
  );
}
