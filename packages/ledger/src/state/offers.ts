/**
 * Standing offers of liquidity providers, keyed by (provider, id), each in a slot of the offers
 * tree, indexed by provider (for the per-provider bound) and by currency pair (for views), with
 * an expiry queue so that offers past their deadline are removed at the end of the first block past it.
 */
import type { AccountId, ClientId, CurrencyCode } from "@tongbao/types";
import { encodeOffer } from "./encode-state.ts";
import { ExpiryQueue } from "./expiry-queue.ts";
import { KeyIndex } from "./key-index.ts";
import { offerKey, type Offer } from "./model.ts";
import { SlotTable } from "./slot-table.ts";

export function pairKey(buy: CurrencyCode, sell: CurrencyCode): string {
  return buy + sell;
}

export class Offers {
  readonly table: SlotTable<Offer>;
  readonly byProvider: KeyIndex;
  readonly byPair: KeyIndex;
  private readonly expiry: ExpiryQueue<Offer>;
  private sequence = 0;

  constructor(journal: (undo: () => void) => void) {
    this.table = new SlotTable(journal, encodeOffer);
    this.byProvider = new KeyIndex(journal);
    this.byPair = new KeyIndex(journal);
    this.expiry = new ExpiryQueue(journal, (key) => this.table.get(key));
  }

  get size(): number {
    return this.table.size;
  }

  get(provider: AccountId, id: ClientId): Offer | undefined {
    return this.table.get(offerKey(provider, id));
  }

  countOf(provider: AccountId): number {
    return this.byProvider.count(provider);
  }

  /** A provider's offers, in no defined order (views sort). */
  ofProvider(provider: AccountId): Offer[] {
    return this.byProvider.keys(provider).map((key) => this.table.get(key)!);
  }

  /** Every offer that pays `sell` for `buy`, in no defined order (views sort). */
  forPair(buy: CurrencyCode, sell: CurrencyCode): Offer[] {
    return this.byPair.keys(pairKey(buy, sell)).map((key) => this.table.get(key)!);
  }

  /** Stores a new offer; the caller has removed any offer under the same (provider, id). */
  post(fields: Omit<Offer, "slot" | "sequence">): Offer {
    const key = offerKey(fields.provider, fields.id);
    const sequence = this.sequence++;
    const offer = this.table.insert(key, (slot) => ({ ...fields, slot, sequence }));
    this.byProvider.add(offer.provider, key);
    this.byPair.add(pairKey(offer.buy, offer.sell), key);
    this.expiry.push(key, offer);
    return offer;
  }

  remove(offer: Offer): void {
    const key = offerKey(offer.provider, offer.id);
    this.table.remove(key, offer);
    this.byProvider.remove(offer.provider, key);
    this.byPair.remove(pairKey(offer.buy, offer.sell), key);
  }

  /** Entries in the expiry queue, stale ones included (tests bound it). */
  get expiryEntries(): number {
    return this.expiry.size;
  }

  /** Drops the expiry queue's stale entries when they pile up; between blocks only. */
  compactExpiry(): void {
    this.expiry.compact(this.table);
  }

  takeExpired(nowMs: number): Offer[] {
    return this.expiry.takeExpired(nowMs);
  }
}
