/** The newest blocks as they are committed, and the rate they carry. */
import { href } from "../routing/route.ts";
import { LiveBadge } from "../ui/live-badge.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { clock } from "../ui/when.ts";
import { RATE_WINDOW_MS, transactionsPerSecond } from "./rate.ts";
import type { BlockSummary } from "./use-latest-blocks.ts";
import type { TopicStatus } from "../gateway/use-topic.ts";

export function TransactionRate(props: { blocks: readonly BlockSummary[] }) {
  const rate = transactionsPerSecond(props.blocks);
  return (
    <section class="card stat" data-testid="rate">
      <div class="big">{rate.toFixed(1)}</div>
      <div class="muted">
        transactions per second, over the last {RATE_WINDOW_MS / 1000} s of blocks
      </div>
    </section>
  );
}

export function LatestBlocks(props: { blocks: readonly BlockSummary[]; live: TopicStatus }) {
  return (
    <section class="card" data-testid="latest-blocks">
      <h2>
        Latest blocks <LiveBadge status={props.live} />
      </h2>
      {props.blocks.length === 0 ? (
        <p class="muted">No block yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Height</th>
              <th>Time</th>
              <th>Transactions</th>
              <th>Block id</th>
            </tr>
          </thead>
          <tbody>
            {props.blocks.map((b) => (
              <tr key={b.height} data-testid="block-row" data-height={b.height}>
                <td>
                  <a href={href("explorer", "block", b.height)}>{b.height}</a>
                </td>
                <td>{clock(b.timestamp)}</td>
                <td>{b.transactions}</td>
                <td>
                  <ShortId id={b.blockId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
