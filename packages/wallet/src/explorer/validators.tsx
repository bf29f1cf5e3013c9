/** The validators as this gateway sees them (GET /v1/status), refreshed every few seconds. */
import { useEffect, useState } from "preact/hooks";
import type { StatusView } from "@tongbao/api";
import { getStatus, type Client } from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { ProblemNote } from "../ui/problem-note.tsx";
import { clock, when } from "../ui/when.ts";

const REFRESH_MS = 2_000;

export function Validators(props: { client: Client }) {
  const [status, setStatus] = useState<StatusView>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      getStatus(props.client)
        .then((view) => {
          if (stopped) return;
          setStatus(view);
          setProblem(undefined);
        })
        .catch((error: unknown) => !stopped && setProblem(describeError(error)))
        .finally(() => {
          if (!stopped) timer = setTimeout(read, REFRESH_MS);
        });
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [props.client]);

  return (
    <section class="card" data-testid="validators">
      <h2>Validators</h2>
      {status === undefined ? null : (
        <>
          <p class="muted">
            Chain {status.chainId} · height {status.height}
            {status.lastBlockTime === undefined
              ? ""
              : ` · last block ${when(status.lastBlockTime)}`}{" "}
            · mempool {status.mempool.transactions} transactions
          </p>
          <table>
            <thead>
              <tr>
                <th>Validator</th>
                <th>Voting power</th>
                <th>Health</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {status.validators.map((v) => (
                <tr key={v.index} data-testid="validator-row">
                  <td>
                    {v.name}
                    {v.self ? <span class="badge"> this gateway</span> : null}
                  </td>
                  <td>{v.votingPower}</td>
                  <td>
                    <span class={`badge ${v.connected ? "good" : "bad"}`}>
                      {v.connected ? "connected" : "unreachable"}
                    </span>
                  </td>
                  <td>{v.lastSeen === undefined ? "—" : clock(v.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <ProblemNote problem={problem} />
    </section>
  );
}
