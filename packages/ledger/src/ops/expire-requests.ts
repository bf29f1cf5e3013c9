/**
 * Expiry of requests: at the end of every block, each open request whose deadline is at or
 * before the block's agreed time closes, in (deadline, creation) order. Nothing moves; nobody
 * signs this.
 */
import type { LedgerState } from "../state/ledger-state.ts";

export function expireRequests(state: LedgerState, nowMs: number): void {
  for (const request of state.requests.takeExpired(nowMs)) {
    state.requests.close(request);
    state.noteClosedRequest({ request, outcome: "expired" });
  }
}
