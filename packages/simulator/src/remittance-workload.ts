/**
 * Remittance business as its parties do it, and get it wrong:
 * - the FX desk keeps a small book of offers in both directions: it posts new ones, reprices
 *   (posts again under an existing id), withdraws some, and now and then posts one that expires
 *   within seconds;
 * - a bank holds a firm quote for one of its customers (signed with the bank's own key), and the
 *   customer remits with it a few seconds later — sometimes after the quote has lapsed, with a
 *   worst rate tighter than the quote gives, or with another amount than the quote's;
 * - a customer remits straight against an offer (a market order);
 * - some remittances are large: at or above the travel-rule threshold (usually with the
 *   travel-rule hash, sometimes without) and often over the sender's KYC limits.
 * Like the payment workload, it never learns what committed: it aims at what it believes stands.
 */
import type { Operation, RemitOp, SignedTransaction } from "@tongbao/ledger";
import { bytesToHex, type Prng } from "@tongbao/std";
import type { Amount, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";
import type { SimKey } from "./keys.ts";
import { CURRENCIES, type Customer, type World } from "./world.ts";

export interface RemittanceOptions {
  /** Chance (ppm) that a submission is remittance business: an offer, a quote or a remit. */
  readonly remittancePpm: number;
  /** Chance (ppm) that an offer the desk posts expires within seconds. */
  readonly offerExpiringSoonPpm: number;
  /** Chance (ppm) that a quote is held so briefly that its remit comes after the deadline. */
  readonly quoteLapsePpm: number;
  /** Chance (ppm) that a remit's worst acceptable rate is tighter than its source gives. */
  readonly tightRatePpm: number;
  /** Chance (ppm) that a remit with a quote sends another amount than the quote's. */
  readonly wrongAmountPpm: number;
  /** Chance (ppm) of a large amount: at or above the travel-rule threshold, often over KYC. */
  readonly largeRemitPpm: number;
  /** Chance (ppm) that a remit that needs travel-rule data is sent without its hash. */
  readonly travelRuleOmittedPpm: number;
}

/** Offers the desk keeps standing at once (it believes), and quotes remembered to remit with. */
const OFFERS_KEPT = 6;
const QUOTES_KEPT = 32;
/** A customer remits with a quote once it has had time to commit. */
const QUOTE_READY_AFTER_MS = 3_000;
/** A large amount when the world has no travel-rule threshold for the currency. */
const LARGE_DEFAULT = 100_000n;

/**
 * Mid-market rates in minor units, and how large an offer may be, per direction. The desk quotes
 * a little below mid (its spread).
 */
const MARKET: Record<
  string,
  { readonly mid: bigint; readonly den: bigint; readonly maxBuy: bigint }
> = {
  "HKD>SGD": { mid: 1_720n, den: 10_000n, maxBuy: 500_000n },
  "SGD>HKD": { mid: 58_000n, den: 10_000n, maxBuy: 100_000n },
};

interface BookOffer {
  readonly id: ClientId;
  readonly buy: CurrencyCode;
  readonly sell: CurrencyCode;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly minBuy: bigint;
  readonly maxBuy: bigint;
  readonly expiresAtMs: number;
}

interface HeldQuote {
  readonly holder: SimKey;
  readonly id: ClientId;
  readonly payer: Customer;
  readonly buy: CurrencyCode;
  readonly sell: CurrencyCode;
  readonly buyAmount: bigint;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly readyAtMs: number;
}

export type Sign = (key: SimKey, validUntilMs: number, op: Operation) => SignedTransaction;

export class RemittanceClients {
  private readonly book: BookOffer[] = [];
  private readonly quotes: HeldQuote[] = [];

  constructor(
    private readonly world: World,
    private readonly prng: Prng,
    private readonly options: RemittanceOptions,
    private readonly sign: Sign,
    private readonly randomId: () => ClientId,
  ) {}

  /** One remittance-business transaction at client time `nowMs`. */
  transaction(nowMs: number, validUntilMs: number): SignedTransaction {
    // What the desk believes has lapsed leaves its book.
    for (let i = this.book.length - 1; i >= 0; i--) {
      if (this.book[i]!.expiresAtMs <= nowMs) this.book.splice(i, 1);
    }
    if (this.book.length === 0) return this.postOffer(nowMs, validUntilMs);
    const roll = this.prng.int(100);
    if (roll < 10) return this.postOffer(nowMs, validUntilMs);
    if (roll < 14) return this.withdrawOffer(validUntilMs);
    if (roll < 50) return this.holdQuote(nowMs, validUntilMs);
    if (roll < 80) {
      const ready = this.quotes.filter((q) => q.readyAtMs <= nowMs);
      if (ready.length > 0) return this.remitWithQuote(this.prng.pick(ready), validUntilMs);
      return this.holdQuote(nowMs, validUntilMs);
    }
    return this.remitAgainstOffer(validUntilMs);
  }

  /** A new offer, or a reprice of a standing one (same id), a little below mid. */
  private postOffer(nowMs: number, validUntilMs: number): SignedTransaction {
    const [buy, sell] = (this.prng.int(2) === 0 ? CURRENCIES : [...CURRENCIES].reverse()) as [
      CurrencyCode,
      CurrencyCode,
    ];
    const market = MARKET[`${buy}>${sell}`]!;
    const spreadBps = this.prng.between(10, 80);
    const rateNum = (market.mid * BigInt(10_000 - spreadBps)) / 10_000n;
    const reprice =
      this.book.length >= OFFERS_KEPT || (this.book.length > 0 && this.prng.int(2) === 0);
    const replaced = reprice ? this.prng.pick(this.book) : undefined;
    const offer: BookOffer = {
      id: replaced?.id ?? this.randomId(),
      buy,
      sell,
      rateNum,
      rateDen: market.den,
      minBuy: BigInt(this.prng.between(100, 1_000)),
      maxBuy: market.maxBuy,
      expiresAtMs: this.prng.chancePpm(this.options.offerExpiringSoonPpm)
        ? nowMs + this.prng.between(500, 10_000)
        : nowMs + this.prng.between(600_000, 86_400_000),
    };
    if (replaced !== undefined) this.book.splice(this.book.indexOf(replaced), 1);
    this.book.push(offer);
    return this.sign(this.world.liquidityProvider, validUntilMs, {
      kind: "post_offer",
      id: offer.id,
      buy,
      sell,
      rateNum,
      rateDen: offer.rateDen,
      minBuy: offer.minBuy as Amount,
      maxBuy: offer.maxBuy as Amount,
      spreadBps,
      expiresAtMs: offer.expiresAtMs as TimestampMs,
    });
  }

  private withdrawOffer(validUntilMs: number): SignedTransaction {
    const offer = this.prng.pick(this.book);
    this.book.splice(this.book.indexOf(offer), 1);
    return this.sign(this.world.liquidityProvider, validUntilMs, {
      kind: "withdraw_offer",
      id: offer.id,
    });
  }

  /** The payer's bank holds part of an offer for the payer, for a few seconds to ten minutes. */
  private holdQuote(nowMs: number, validUntilMs: number): SignedTransaction {
    const offer = this.prng.pick(this.book);
    const payer = this.senderOf(offer.buy);
    const buyAmount = this.sendAmount(offer.buy);
    const lapse = this.prng.chancePpm(this.options.quoteLapsePpm);
    const quote: HeldQuote = {
      holder: this.world.banks[payer.bank]!,
      id: this.randomId(),
      payer,
      buy: offer.buy,
      sell: offer.sell,
      buyAmount,
      rateNum: offer.rateNum,
      rateDen: offer.rateDen,
      readyAtMs: nowMs + QUOTE_READY_AFTER_MS,
    };
    this.quotes.push(quote);
    if (this.quotes.length > QUOTES_KEPT) this.quotes.shift();
    return this.sign(quote.holder, validUntilMs, {
      kind: "hold_quote",
      id: quote.id,
      provider: this.world.liquidityProvider.accountId,
      offerId: offer.id,
      payer: payer.key.accountId,
      buyAmount: buyAmount as Amount,
      timeoutMs: lapse ? this.prng.between(200, 2_000) : this.prng.between(20_000, 600_000),
    });
  }

  private remitWithQuote(quote: HeldQuote, validUntilMs: number): SignedTransaction {
    this.quotes.splice(this.quotes.indexOf(quote), 1);
    let sendAmount = quote.buyAmount;
    if (this.prng.chancePpm(this.options.wrongAmountPpm)) {
      const delta = BigInt(this.prng.between(1, 100));
      sendAmount =
        this.prng.int(2) === 0 || sendAmount <= delta ? sendAmount + delta : sendAmount - delta;
    }
    return this.remit(quote.payer, validUntilMs, quote.buy, sendAmount, quote.sell, quote, {
      kind: "quote",
      holder: quote.holder.accountId,
      id: quote.id,
    });
  }

  private remitAgainstOffer(validUntilMs: number): SignedTransaction {
    const offer = this.prng.pick(this.book);
    const sender = this.senderOf(offer.buy);
    const sendAmount = this.sendAmount(offer.buy);
    return this.remit(sender, validUntilMs, offer.buy, sendAmount, offer.sell, offer, {
      kind: "offer",
      provider: this.world.liquidityProvider.accountId,
      id: offer.id,
    });
  }

  private remit(
    sender: Customer,
    validUntilMs: number,
    sendCurrency: CurrencyCode,
    sendAmount: bigint,
    receiveCurrency: CurrencyCode,
    rate: { readonly rateNum: bigint; readonly rateDen: bigint },
    source: RemitOp["source"],
  ): SignedTransaction {
    // The worst rate: usually "any" or 1% under the rate seen; sometimes above it.
    const [worstRateNum, worstRateDen] = this.prng.chancePpm(this.options.tightRatePpm)
      ? [rate.rateNum * 1_001n, rate.rateDen * 1_000n]
      : this.prng.int(2) === 0
        ? [0n, 1n]
        : [rate.rateNum * 990n, rate.rateDen * 1_000n];
    // As the ledger: a currency without a threshold always needs the data.
    const threshold = this.world.remittanceRules?.travelRuleThresholds.get(sendCurrency) ?? 0n;
    const needsTravelRule = sendAmount >= threshold;
    const withHash = needsTravelRule
      ? !this.prng.chancePpm(this.options.travelRuleOmittedPpm)
      : this.prng.int(10) === 0;
    return this.sign(sender.key, validUntilMs, {
      kind: "remit",
      to: this.recipientFor(sender).key.accountId,
      sendCurrency,
      sendAmount: sendAmount as Amount,
      receiveCurrency,
      worstRateNum,
      worstRateDen,
      source,
      travelRuleHash: withHash ? (bytesToHex(this.prng.bytes(32)) as Hash) : undefined,
    });
  }

  /** A customer funded in `currency` (every currency has some: the world funds at random). */
  private senderOf(currency: CurrencyCode): Customer {
    const holders = this.world.customers.filter((c) => c.currencies.includes(currency));
    return this.prng.pick(holders.length > 0 ? holders : this.world.customers);
  }

  /** Usually a customer of another bank (a cross-border payee), never the sender. */
  private recipientFor(sender: Customer): Customer {
    const { customers } = this.world;
    let to = this.prng.pick(customers);
    for (let tries = 0; tries < 4 && (to === sender || to.bank === sender.bank); tries++) {
      to = this.prng.pick(customers);
    }
    while (to === sender) to = this.prng.pick(customers);
    return to;
  }

  /** An everyday amount (some below an offer's minimum), or a large one. */
  private sendAmount(currency: CurrencyCode): bigint {
    if (!this.prng.chancePpm(this.options.largeRemitPpm))
      return BigInt(this.prng.between(50, 60_000));
    const threshold =
      this.world.remittanceRules?.travelRuleThresholds.get(currency) ?? LARGE_DEFAULT;
    return threshold + this.prng.bigint(threshold * 2n);
  }
}
