/**
 * Referenced payments the ledger remembers, keyed by (payee, reference), each in a slot of the
 * payments tree, and forgotten REFERENCE_RETENTION_MS after they were paid.
 *
 * Every record is kept for the same time and block time only grows, so records are forgotten in
 * the order they were made: a queue of keys does what a heap would, for a pointer per record.
 * PERF: a block forgets from the queue's head by moving an index; the array is compacted only at
 * commit, when no undo can need the forgotten entries again.
 */
import { assert } from "@tongbao/std";
import type { AccountId, Hash } from "@tongbao/types";
import { REFERENCE_RETENTION_MS } from "../constants.ts";
import { encodePaymentRecord } from "./encode-state.ts";
import { paymentKey, type PaymentRecord } from "./model.ts";
import { SlotTable } from "./slot-table.ts";

/** Compact the expiry queue once this many forgotten entries lead it. */
const QUEUE_COMPACT_MIN = 1_024;

export class PaymentRecords {
  readonly table: SlotTable<PaymentRecord>;
  /** Keys in the order their records were made, which is the order they expire in. */
  private queue: string[] = [];
  private head = 0;

  constructor(private readonly journal: (undo: () => void) => void) {
    this.table = new SlotTable(journal, encodePaymentRecord);
  }

  get size(): number {
    return this.table.size;
  }

  get(payee: AccountId, reference: Hash): PaymentRecord | undefined {
    return this.table.get(paymentKey(payee, reference));
  }

  add(fields: Omit<PaymentRecord, "slot" | "refunded">): PaymentRecord {
    // PERF (memory): a decoded hex string is a chain of concatenations, about a kilobyte for a
    // reference, and a map keeps a concatenated key as such. Slicing flattens the key in place,
    // and the record's reference shares the key's characters.
    const key = paymentKey(fields.payee, fields.reference);
    const reference = key.slice(fields.payee.length) as Hash;
    assert(reference === fields.reference, "the key ends with the reference");
    const last = this.queue.length > this.head ? this.table.get(this.queue.at(-1)!) : undefined;
    assert(
      last === undefined || last.paidAtMs <= fields.paidAtMs,
      "payments recorded in time order",
    );
    // PERF (memory): a literal of fixed shape is a third of the size of a spread copy.
    const record = this.table.insert(key, (slot) => ({
      payee: fields.payee,
      reference,
      payer: fields.payer,
      currency: fields.currency,
      amount: fields.amount,
      refunded: 0n,
      paidAtMs: fields.paidAtMs,
      height: fields.height,
      transactionIndex: fields.transactionIndex,
      operationIndex: fields.operationIndex,
      slot,
    }));
    this.queue.push(key);
    this.journal(() => {
      const popped = this.queue.pop();
      assert(popped === key, "payment queue undone out of order");
    });
    return record;
  }

  /** Adds to what was refunded; the caller has checked that it stays within the amount. */
  refund(record: PaymentRecord, amount: bigint): void {
    const before = record.refunded;
    assert(amount > 0n, "a refund moves something");
    assert(before + amount <= record.amount, "refunds never exceed the payment");
    assert(
      this.table.get(paymentKey(record.payee, record.reference)) === record,
      "refund of a record not current",
    );
    record.refunded = before + amount;
    this.table.touch(record);
    this.journal(() => {
      record.refunded = before;
      this.table.touch(record);
    });
  }

  /** Forgets every record whose retention has ended at agreed time `nowMs`. */
  forgetExpired(nowMs: number): number {
    const start = this.head;
    while (this.head < this.queue.length) {
      const key = this.queue[this.head]!;
      const record = this.table.get(key);
      assert(record !== undefined, "a queued payment is remembered until the queue reaches it");
      if (record.paidAtMs + REFERENCE_RETENTION_MS > nowMs) break;
      this.table.remove(key, record);
      this.head++;
    }
    const forgotten = this.head - start;
    if (forgotten > 0) this.journal(() => void (this.head = start));
    return forgotten;
  }

  /** Drops forgotten keys from the queue; only when no undo can reach them (after commit). */
  compact(): void {
    if (this.head < QUEUE_COMPACT_MIN || this.head * 2 < this.queue.length) return;
    this.queue = this.queue.slice(this.head);
    this.head = 0;
  }
}
