/**
 * Requests this node saw close (approved, declined, cancelled, expired), so that a payee's
 * checkout polling one request learns how it ended after the ledger has dropped it. A bounded
 * recent window, oldest forgotten first; the block store and the history are the record.
 */
import type { ClosedRequest, PaymentRequest } from "@tongbao/ledger";
import type { RequestClosing } from "./payment-views.ts";

interface Entry {
  readonly request: PaymentRequest;
  readonly closing: RequestClosing;
}

export class ClosedRequests {
  private readonly byKey = new Map<string, Entry>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.byKey.size;
  }

  record(closed: ClosedRequest, height: number, timestampMs: number, transaction?: string): void {
    const { request } = closed;
    const key = request.payee + request.id;
    // Re-inserted, so that a reused id counts as recent again.
    this.byKey.delete(key);
    this.byKey.set(key, {
      request,
      closing: {
        status: closed.outcome,
        height,
        timestampMs,
        ...(transaction === undefined ? {} : { transaction }),
      },
    });
    while (this.byKey.size > this.max) this.byKey.delete(this.byKey.keys().next().value!);
  }

  get(payee: string, id: string): Entry | undefined {
    return this.byKey.get(payee + id);
  }
}
