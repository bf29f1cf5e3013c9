/**
 * Open quotes, keyed by (holder, id), each in a slot of the quotes tree, indexed by holder and
 * by payer for their bounds, with an expiry queue so that quotes past their deadline return
 * their liquidity to the provider at the end of the first block past its deadline. Moving the held value in and out of the
 * quote is LedgerState's job (holdQuote, releaseQuote), which keeps the per-block flows.
 */
import type { AccountId, ClientId } from "@tongbao/types";
import { encodeQuote } from "./encode-state.ts";
import { ExpiryQueue } from "./expiry-queue.ts";
import { KeyIndex } from "./key-index.ts";
import { quoteKey, type Quote } from "./model.ts";
import { SlotTable } from "./slot-table.ts";

export class Quotes {
  readonly table: SlotTable<Quote>;
  readonly byHolder: KeyIndex;
  readonly byPayer: KeyIndex;
  private readonly expiry: ExpiryQueue<Quote>;
  private sequence = 0;

  constructor(journal: (undo: () => void) => void) {
    this.table = new SlotTable(journal, encodeQuote);
    this.byHolder = new KeyIndex(journal);
    this.byPayer = new KeyIndex(journal);
    this.expiry = new ExpiryQueue(journal, (key) => this.table.get(key));
  }

  get size(): number {
    return this.table.size;
  }

  get(holder: AccountId, id: ClientId): Quote | undefined {
    return this.table.get(quoteKey(holder, id));
  }

  countForHolder(holder: AccountId): number {
    return this.byHolder.count(holder);
  }

  countForPayer(payer: AccountId): number {
    return this.byPayer.count(payer);
  }

  /** A payer's open quotes, in no defined order (views sort). */
  ofPayer(payer: AccountId): Quote[] {
    return this.byPayer.keys(payer).map((key) => this.table.get(key)!);
  }

  open(fields: Omit<Quote, "slot" | "sequence">): Quote {
    const key = quoteKey(fields.holder, fields.id);
    const sequence = this.sequence++;
    const quote = this.table.insert(key, (slot) => ({ ...fields, slot, sequence }));
    this.byHolder.add(quote.holder, key);
    this.byPayer.add(quote.payer, key);
    this.expiry.push(key, quote);
    return quote;
  }

  close(quote: Quote): void {
    const key = quoteKey(quote.holder, quote.id);
    this.table.remove(key, quote);
    this.byHolder.remove(quote.holder, key);
    this.byPayer.remove(quote.payer, key);
  }

  /** Entries in the expiry queue, stale ones included (tests bound it). */
  get expiryEntries(): number {
    return this.expiry.size;
  }

  /** Drops the expiry queue's stale entries when they pile up; between blocks only. */
  compactExpiry(): void {
    this.expiry.compact(this.table);
  }

  takeExpired(nowMs: number): Quote[] {
    return this.expiry.takeExpired(nowMs);
  }
}
