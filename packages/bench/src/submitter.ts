/**
 * Submission through the public batch API (`POST /v1/transactions/batch`) with the SDK, spread
 * over lanes: a lane is one simulated submitter (its own loopback source address, see
 * loopback-fetch.ts) talking to one validator's gateway. Each tick's batch goes to the next lane
 * in turn, so every gateway admits an equal share, as when banks submit to their own validator.
 *
 * A gateway allows each address RATE_PER_SECOND_DEFAULT requests a second, and a batch costs one
 * request per BATCH_ITEMS_PER_TOKEN payments. The bench plans enough submitters that each stays
 * within RATE_BUDGET_SHARE of that allowance — it measures the ledger, not the limiter; a
 * refusal still shows up in the report by its code.
 */
import { limits } from "@tongbao/api";
import { ApiError, HttpRequestError, createClient, type Client } from "@tongbao/client";
import { loopbackAddress, loopbackFetch, type LoopbackFetch } from "./loopback-fetch.ts";

/** Share of a gateway's per-address allowance one submitter plans to use. */
export const RATE_BUDGET_SHARE = 0.8;

/** Loopback address number of the first submitter (127.0.0.10); lower ones serve the recorder. */
export const SUBMITTER_ADDRESS_FIRST = 10;

export interface LanePlan {
  readonly submitters: number;
  readonly lanes: number;
}

/**
 * Submitters needed to offer `ratePerS` to `gateways` gateways in one batch per `tickMs`, each
 * within its share of every gateway's allowance. A lane's cost per second is its batches plus
 * its payments ÷ BATCH_ITEMS_PER_TOKEN (a batch of n costs ⌈n ÷ 50⌉ ≤ 1 + n ÷ 50).
 */
export function planLanes(ratePerS: number, gateways: number, tickMs: number): LanePlan {
  if (!(ratePerS > 0) || !(tickMs > 0) || !Number.isInteger(gateways) || gateways < 1) {
    throw new RangeError(`planLanes: rate ${ratePerS}, gateways ${gateways}, tick ${tickMs} ms`);
  }
  const costPerS = 1000 / tickMs + ratePerS / limits.BATCH_ITEMS_PER_TOKEN;
  const budgetPerLane = RATE_BUDGET_SHARE * limits.RATE_PER_SECOND_DEFAULT;
  const submitters = Math.max(1, Math.ceil(costPerS / budgetPerLane / gateways));
  return { submitters, lanes: submitters * gateways };
}

export type Answer =
  { readonly status: "accepted" } | { readonly status: "refused"; readonly code: string };

interface Lane {
  readonly client: Client;
  readonly connection: LoopbackFetch;
}

export class BatchSubmitter {
  private readonly lanes: Lane[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(gatewayUrls: readonly string[], chainId: string, plan: LanePlan) {
    for (let s = 0; s < plan.submitters; s++) {
      const connection = loopbackFetch(loopbackAddress(SUBMITTER_ADDRESS_FIRST + s));
      for (const url of gatewayUrls) {
        this.lanes.push({
          client: createClient({ url, chainId, fetch: connection.fetch }),
          connection,
        });
      }
    }
  }

  get laneCount(): number {
    return this.lanes.length;
  }

  /**
   * Sends `transactions` (at most BATCH_ITEMS_MAX) as one batch on lane `index mod lanes`;
   * resolves with one answer per transaction, never rejects.
   */
  submit(index: number, transactions: readonly Uint8Array[]): Promise<Answer[]> {
    const lane = this.lanes[index % this.lanes.length]!;
    const answer = lane.client.submitTransactions({ transactions }).then(
      (results) =>
        results.map((r): Answer =>
          r.status === "accepted"
            ? { status: "accepted" }
            : { status: "refused", code: "error" in r ? r.error.code : r.status },
        ),
      (error: unknown) => {
        const code =
          error instanceof ApiError
            ? error.code
            : error instanceof HttpRequestError
              ? "unreachable"
              : "client_error";
        return transactions.map((): Answer => ({ status: "refused", code }));
      },
    );
    this.inFlight.add(answer);
    void answer.finally(() => this.inFlight.delete(answer));
    return answer;
  }

  /** Resolves when every batch sent so far has been answered. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    for (const connection of new Set(this.lanes.map((l) => l.connection))) connection.close();
  }
}
