/**
 * Open requests to pay, keyed by (payee, id), each in a slot of the requests tree, with an
 * expiry heap ordered by (deadline, creation) and the open requests of each payer and payee, so
 * that the per-payer, per-payee and per-pair bounds are checked without a scan of all requests.
 *
 * The per-account sets are only ever counted or read by views that sort; no result depends on
 * their iteration order (which a revert may change).
 */
import { MinHeap, assert } from "@tongbao/std";
import type { AccountId, ClientId } from "@tongbao/types";
import { encodePaymentRequest } from "./encode-state.ts";
import { requestKey, type PaymentRequest } from "./model.ts";
import { SlotTable } from "./slot-table.ts";

interface ExpiryEntry {
  readonly expiresAtMs: number;
  readonly sequence: number;
  readonly key: string;
}

export class PaymentRequests {
  readonly table: SlotTable<PaymentRequest>;
  private readonly byPayer = new Map<AccountId, Set<string>>();
  private readonly byPayee = new Map<AccountId, Set<string>>();
  private readonly expiry = new MinHeap<ExpiryEntry>(
    (a, b) => a.expiresAtMs - b.expiresAtMs || a.sequence - b.sequence,
  );
  private sequence = 0;

  constructor(private readonly journal: (undo: () => void) => void) {
    this.table = new SlotTable(journal, encodePaymentRequest);
  }

  get size(): number {
    return this.table.size;
  }

  get(payee: AccountId, id: ClientId): PaymentRequest | undefined {
    return this.table.get(requestKey(payee, id));
  }

  openForPayer(payer: AccountId): number {
    return this.byPayer.get(payer)?.size ?? 0;
  }

  openForPayee(payee: AccountId): number {
    return this.byPayee.get(payee)?.size ?? 0;
  }

  /** Open requests from `payee` to `payer`: at most the payer's bound to look through. */
  openBetween(payee: AccountId, payer: AccountId): number {
    let count = 0;
    for (const key of this.byPayer.get(payer) ?? []) {
      if (this.table.get(key)!.payee === payee) count++;
    }
    return count;
  }

  /** A payer's or a payee's open requests, in no defined order (views sort them). */
  ofPayer(payer: AccountId): PaymentRequest[] {
    return [...(this.byPayer.get(payer) ?? [])].map((key) => this.table.get(key)!);
  }

  ofPayee(payee: AccountId): PaymentRequest[] {
    return [...(this.byPayee.get(payee) ?? [])].map((key) => this.table.get(key)!);
  }

  /** Entries in the per-payer and per-payee indexes: each equals `size` (invariants.ts). */
  indexedTotals(): { payers: number; payees: number } {
    let payers = 0;
    let payees = 0;
    for (const keys of this.byPayer.values()) payers += keys.size;
    for (const keys of this.byPayee.values()) payees += keys.size;
    return { payers, payees };
  }

  open(fields: Omit<PaymentRequest, "slot" | "sequence">): PaymentRequest {
    const key = requestKey(fields.payee, fields.id);
    const sequence = this.sequence++;
    // PERF (memory): a fixed-shape literal rather than a spread copy (payment-records.ts).
    const request = this.table.insert(key, (slot) => ({
      payee: fields.payee,
      id: fields.id,
      payer: fields.payer,
      currency: fields.currency,
      amount: fields.amount,
      reference: fields.reference,
      createdAtMs: fields.createdAtMs,
      expiresAtMs: fields.expiresAtMs,
      slot,
      sequence,
    }));
    this.index(key, request, true);
    this.expiry.push({ expiresAtMs: request.expiresAtMs, sequence, key });
    // The heap entry stays on undo; it is recognised as stale by its sequence number.
    return request;
  }

  close(request: PaymentRequest): void {
    const key = requestKey(request.payee, request.id);
    this.table.remove(key, request);
    this.index(key, request, false);
  }

  /** Open requests whose deadline is at or before `nowMs`, in (deadline, creation) order. */
  takeExpired(nowMs: number): PaymentRequest[] {
    const out: PaymentRequest[] = [];
    for (;;) {
      const top = this.expiry.peek();
      if (top === undefined || top.expiresAtMs > nowMs) break;
      this.expiry.pop();
      this.journal(() => this.expiry.push(top));
      const request = this.table.get(top.key);
      if (request !== undefined && request.sequence === top.sequence) out.push(request);
    }
    return out;
  }

  /** Adds or removes `key` in its payer's and payee's sets, journaled. */
  private index(key: string, request: PaymentRequest, add: boolean): void {
    const apply = (adding: boolean) => {
      for (const [map, account] of [
        [this.byPayer, request.payer],
        [this.byPayee, request.payee],
      ] as const) {
        let keys = map.get(account);
        if (adding) {
          if (keys === undefined) map.set(account, (keys = new Set()));
          assert(!keys.has(key), "request indexed twice");
          keys.add(key);
        } else {
          assert(keys?.has(key) === true, "request missing from its index");
          keys.delete(key);
          // No empty sets stay behind, so the maps after an undo are as they were.
          if (keys.size === 0) map.delete(account);
        }
      }
    };
    apply(add);
    this.journal(() => apply(!add));
  }
}
