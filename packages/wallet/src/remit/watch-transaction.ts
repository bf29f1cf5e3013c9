/**
 * Following a submitted transaction whose answer was lost (the wait ran out, the connection
 * dropped) until its fate is known: committed — with its result, good or failed — or gone for
 * good. Gone means not found once a block later than its deadline is committed: no later block
 * may include it, and the lookup covers every committed block. Until then "not found" proves
 * nothing (another node may still hold it), so the watch goes on; network errors only slow it.
 */
import type { StatusView, TransactionCommittedView, TransactionView } from "@tongbao/api";
import { TransactionNotFoundError } from "@tongbao/client/browser";
import type { Submission } from "./remit-attempts.ts";

export interface WatchPorts {
  /** GET /v1/transactions/:hash; TransactionNotFoundError when the gateway knows nothing of it. */
  getTransaction(hash: string): Promise<TransactionView>;
  /** GET /v1/status: the last committed block's (agreed) time. */
  getStatus(): Promise<Pick<StatusView, "lastBlockTime">>;
  sleep(ms: number): Promise<void>;
}

export type Watched =
  | { readonly kind: "committed"; readonly view: TransactionCommittedView }
  | { readonly kind: "gone" }
  | { readonly kind: "stopped" };

/** How often to look while nothing goes wrong (about a block). */
export const WATCH_POLL_MS = 1_000;
/** The longest pause between looks while the gateway cannot be reached. */
export const WATCH_BACKOFF_MAX_MS = 10_000;

type Lookup =
  { readonly kind: "committed"; readonly view: TransactionCommittedView } | "pending" | "unknown";

async function lookUp(ports: WatchPorts, hash: string): Promise<Lookup> {
  try {
    const view = await ports.getTransaction(hash);
    return view.status === "committed" ? { kind: "committed", view } : "pending";
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return "unknown";
    throw error;
  }
}

/** Whether a block later than `deadlineMs` (agreed time) is committed. */
async function pastDeadline(ports: WatchPorts, deadlineMs: number): Promise<boolean> {
  const { lastBlockTime } = await ports.getStatus();
  return lastBlockTime !== undefined && Date.parse(lastBlockTime) > deadlineMs;
}

export async function watchTransaction(
  ports: WatchPorts,
  submission: Submission,
  stopped: () => boolean,
): Promise<Watched> {
  let pause = WATCH_POLL_MS;
  while (!stopped()) {
    try {
      const found = await lookUp(ports, submission.hash);
      if (found !== "pending" && found !== "unknown") return found;
      pause = WATCH_POLL_MS;
      // The deadline is read before looking again, so a block that included it is indexed by
      // the time of the second lookup: "unknown" then is final.
      if (found === "unknown" && (await pastDeadline(ports, submission.validUntilMs))) {
        const again = await lookUp(ports, submission.hash);
        if (again === "unknown") return { kind: "gone" };
        if (again !== "pending") return again;
      }
    } catch {
      // The gateway could not answer; the transaction's fate is unchanged by that.
      pause = Math.min(pause * 2, WATCH_BACKOFF_MAX_MS);
    }
    await ports.sleep(pause);
  }
  return { kind: "stopped" };
}
