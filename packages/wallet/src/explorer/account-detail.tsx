/** An account by id: balances, institution, KYC tier, and its recent activity. */
import { getAccount, getAccountHistory, type Client } from "@tongbao/client/browser";
import { Balances } from "../account/balances.tsx";
import { HistoryList } from "../account/history-list.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { useLookup } from "./use-lookup.ts";

export function AccountDetail(props: { client: Client; id: string }) {
  const lookup = useLookup(
    () =>
      Promise.all([
        getAccount(props.client, { id: props.id }),
        getAccountHistory(props.client, { id: props.id, limit: 20 }),
      ]),
    props.id,
    5_000,
  );
  return (
    <section class="card" data-testid="account-detail">
      <h2>Account</h2>
      <p>
        <code class="wrap">{props.id}</code>
      </p>
      {lookup.kind === "loading" ? <p class="muted">Reading the account…</p> : null}
      {lookup.kind === "failed" ? <ProblemNote problem={lookup.problem} /> : null}
      {lookup.kind !== "found" ? null : (
        <>
          <p>
            At {lookup.value[0].institution} · KYC tier {lookup.value[0].kycTier} ·{" "}
            {lookup.value[0].keyType} key
            {lookup.value[0].frozen ? " · frozen" : ""}
          </p>
          <Balances account={lookup.value[0]} />
          <p class="muted">
            Proven against the state root at height {lookup.value[0].proof.height} (Merkle path of{" "}
            {lookup.value[0].proof.path.siblings.length} hashes).
          </p>
          <h3>Recent activity</h3>
          <HistoryList entries={lookup.value[1].entries} me={props.id} />
        </>
      )}
    </section>
  );
}
