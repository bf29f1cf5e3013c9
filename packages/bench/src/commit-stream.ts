/**
 * When each payment became final, from the gateways' receipt stream.
 *
 * Every gateway is subscribed to blocks over its WebSocket (`{"subscribe":"blocks"}`); a block
 * event is pushed as soon as that validator has committed and stored the block. A block is final
 * the moment any validator commits it — it holds more than two thirds of the precommits — so the
 * first event for a height, from whichever gateway, is the commit moment of every transaction in
 * it. The event carries the height but not the hashes, so the bench then reads the block
 * (`GET /v1/blocks/:height`, served from the newest blocks in memory) from the gateway that
 * announced it, and stamps its hashes with the event's arrival time, not the read's.
 *
 * Why not the alternatives: polling `GET /v1/transactions/:hash` is as coarse as its interval and
 * costs a request per payment; an `account` or `reference` subscription per payment would need
 * thousands of topics; the control channel is not the public API. One block subscription per
 * gateway costs a message per block and gives the commit moment to within the event's delivery.
 *
 * Events are at most once: a gap in heights (a dropped subscriber, a reconnect) is filled by
 * reading the missed blocks, stamped with the time of the read (later than their commit, so
 * never flattering), and counted in `gapsFilled`.
 */
import { subscribe, getBlock, type Client } from "@tongbao/client";

export interface CommittedBlock {
  readonly height: number;
  /** When the first gateway announced the block (monotonic ms). */
  readonly atMs: number;
  readonly gateway: string;
  readonly hashes: readonly string[];
  readonly codes: readonly (number | undefined)[];
}

export interface CommitStreamOptions {
  readonly gateways: ReadonlyArray<{ readonly name: string; readonly client: Client }>;
  readonly onBlock: (block: CommittedBlock) => void;
  readonly onWarning?: (message: string) => void;
  readonly nowMs?: () => number;
}

/** How many times a block that was just announced is asked for before giving up. */
const READ_ATTEMPTS_MAX = 20;
const READ_RETRY_MS = 50;
/** Heights remembered as seen; older ones cannot be announced again. */
const SEEN_HEIGHTS_MAX = 10_000;

export class CommitStream {
  private readonly seen = new Set<number>();
  private highest = 0;
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private stopped = false;
  private reading: Promise<void> = Promise.resolve();
  gapsFilled = 0;
  private readonly nowMs: () => number;

  constructor(private readonly options: CommitStreamOptions) {
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  /** Subscribes on every gateway; resolves when all have confirmed. */
  async start(): Promise<void> {
    await Promise.all(this.options.gateways.map((g) => this.follow(g.name, g.client)));
  }

  private async follow(name: string, client: Client): Promise<void> {
    const { unsubscribe } = await subscribe(client, {
      topic: { kind: "blocks" },
      onEvent: (event) => {
        if (event.type === "block") this.announced(name, client, event.height);
      },
      onError: (error) => {
        if (this.stopped) return;
        this.options.onWarning?.(
          `${name}: block subscription ended (${error.shortMessage}); resubscribing`,
        );
        void this.follow(name, client).catch((e: unknown) =>
          this.options.onWarning?.(`${name}: could not resubscribe: ${(e as Error).message}`),
        );
      },
    });
    this.unsubscribes.push(unsubscribe);
  }

  private announced(name: string, client: Client, height: number): void {
    if (this.stopped || this.seen.has(height) || height <= this.highest - SEEN_HEIGHTS_MAX) return;
    const atMs = this.nowMs();
    const from = this.highest === 0 ? height : Math.min(height, this.highest + 1);
    for (let h = from; h <= height; h++) this.seen.add(h);
    if (height > this.highest) this.highest = height;
    for (const old of this.seen) {
      if (old > this.highest - SEEN_HEIGHTS_MAX) break;
      this.seen.delete(old);
    }
    // Blocks are read one after another so they are reported in height order.
    this.reading = this.reading.then(async () => {
      for (let h = from; h <= height; h++) {
        const gap = h !== height;
        if (gap) this.gapsFilled++;
        const block = await this.read(client, h);
        if (block === undefined) {
          this.options.onWarning?.(
            `${name}: block ${h} could not be read; its payments count as lost`,
          );
          continue;
        }
        this.options.onBlock({
          height: h,
          atMs: gap ? this.nowMs() : atMs,
          gateway: name,
          hashes: block.transactions.map((t) => t.hash),
          codes: block.transactions.map((t) => t.code),
        });
      }
    });
  }

  private async read(client: Client, height: number) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await getBlock(client, { height });
      } catch {
        // node_busy while the next block executes, or not yet indexed: ask again shortly.
        if (this.stopped || attempt >= READ_ATTEMPTS_MAX) return undefined;
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      }
    }
  }

  /** Resolves when every announced block has been read and reported. */
  idle(): Promise<void> {
    return this.reading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.unsubscribes.map((u) => u()));
  }
}
