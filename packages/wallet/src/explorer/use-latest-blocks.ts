/** The last blocks, newest first: read once, then kept current by the blocks topic. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { SubscriptionEvent } from "@tongbao/api";
import { BlockNotFoundError, getBlock, type Client } from "@tongbao/client/browser";
import { useTopic, type TopicStatus } from "../gateway/use-topic.ts";

export interface BlockSummary {
  readonly height: number;
  readonly blockId: string;
  readonly timestamp: string;
  readonly timestampMs: number;
  readonly transactions: number;
}

/** Blocks shown and counted for the rate: about a minute of an idle devnet. */
export const BLOCKS_SHOWN = 30;
const FIRST_READ = 10;

function merge(
  incoming: readonly BlockSummary[],
  current: readonly BlockSummary[],
): BlockSummary[] {
  const byHeight = new Map<number, BlockSummary>();
  for (const b of [...current, ...incoming]) byHeight.set(b.height, b);
  return [...byHeight.values()].sort((a, b) => b.height - a.height).slice(0, BLOCKS_SHOWN);
}

export function useLatestBlocks(client: Client): {
  blocks: readonly BlockSummary[];
  live: TopicStatus;
} {
  const [blocks, setBlocks] = useState<BlockSummary[]>([]);

  const read = useCallback(async () => {
    try {
      const latest = await getBlock(client, { height: "latest" });
      const heights = Array.from({ length: FIRST_READ }, (_, i) => latest.header.height - i).filter(
        (h) => h >= 1,
      );
      const views = await Promise.all(
        heights.map((height) =>
          height === latest.header.height
            ? latest
            : getBlock(client, { height }).catch(() => undefined),
        ),
      );
      const read: BlockSummary[] = [];
      for (const view of views) {
        if (view === undefined) continue;
        read.push({
          height: view.header.height,
          blockId: view.blockId,
          timestamp: view.header.timestamp,
          timestampMs: Date.parse(view.header.timestamp),
          transactions: view.transactions.length,
        });
      }
      setBlocks((current) => merge(read, current));
    } catch (error) {
      if (!(error instanceof BlockNotFoundError)) throw error;
    }
  }, [client]);

  useEffect(() => {
    void read().catch(() => {});
  }, [read]);

  const onEvent = useCallback((event: SubscriptionEvent) => {
    if (event.type !== "block") return;
    const summary: BlockSummary = {
      height: event.height,
      blockId: event.blockId,
      timestamp: event.timestamp,
      timestampMs: Date.parse(event.timestamp),
      transactions: event.transactions,
    };
    setBlocks((current) => merge([summary], current));
  }, []);
  const live = useTopic(client, { kind: "blocks" }, onEvent, () => void read().catch(() => {}));
  return { blocks, live };
}
