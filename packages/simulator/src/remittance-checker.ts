/**
 * The remittance checker: an independent model of the FX desk's offers, banks' quotes and
 * customers' KYC spending, replayed from the agreed chain's successful operations, against which
 * every settled remittance is held. For each remit the ledger reports settled:
 * - it is the successful remit operation at that position, with the same parties and amounts;
 * - its source stood (not withdrawn, not past its deadline) and gave exactly this payout: the
 *   quote's held amount, or floor(sendAmount × rateNum / rateDen) from the offer;
 * - its legs balance: paidToProvider = ceil(receiveAmount × rateDen / rateNum),
 *   residual = sendAmount − paidToProvider ≥ 0, to the sender's bank — no money created;
 * - it kept the sender's worst rate, the travel rule and the sender's KYC limits.
 * Every successful remit appears in the settled list exactly once, and no failed one does.
 *
 * The arithmetic here is plain bigint division, on purpose not the ledger's helpers.
 */
import {
  ResultCode,
  resultName,
  type BlockExecution,
  type HoldQuoteOp,
  type PostOfferOp,
  type RemitOp,
  type SettledRemittance,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { AccountId, CurrencyCode } from "@tongbao/types";
import type { Report } from "./checkers.ts";
import { GENESIS_TIME_MS, type Customer, type World } from "./world.ts";

interface ShadowOffer {
  readonly terms: PostOfferOp;
}

interface ShadowQuote {
  readonly payer: AccountId;
  readonly buy: CurrencyCode;
  readonly sell: CurrencyCode;
  readonly buyAmount: bigint;
  readonly sellAmount: bigint;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly expiresAtMs: number;
}

export interface RemittanceStats {
  settled: number;
  /** "<operation>:<result name>" → how many committed, for every remittance operation. */
  outcomes: Record<string, number>;
}

const REMITTANCE_KINDS = new Set(["post_offer", "withdraw_offer", "hold_quote", "remit"]);
/** While the whole run is within the daily window, all spending since genesis counts. */
const DAILY_WINDOW_MS = 23 * 3_600_000;

const floorDiv = (a: bigint, b: bigint) => a / b;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

export class RemittanceChecker {
  private readonly offers = new Map<string, ShadowOffer>();
  private readonly quotes = new Map<string, ShadowQuote>();
  /** account/currency → outgoing amount counted toward KYC limits since genesis. */
  private readonly spent = new Map<string, bigint>();
  private readonly customers: ReadonlyMap<AccountId, Customer>;
  readonly stats: RemittanceStats = { settled: 0, outcomes: {} };

  constructor(
    private readonly world: World,
    private readonly report: Report,
  ) {
    this.customers = new Map(world.customers.map((c) => [c.key.accountId, c]));
  }

  /** One block of the agreed chain, in order; called once per height. */
  onBlock(
    height: number,
    transactions: readonly SignedTransaction[],
    execution: BlockExecution,
  ): void {
    const nowMs = execution.timestampMs;
    const settled = new Map<string, SettledRemittance>();
    for (const entry of execution.settledRemittances) {
      const at = `${entry.transactionIndex}/${entry.operationIndex}`;
      if (settled.has(at)) this.fail(height, at, "settled twice");
      settled.set(at, entry);
    }
    let matched = 0;
    transactions.forEach((signed, i) => {
      const code = execution.receipts[i]!.code;
      signed.tx.operations.forEach((op, j) => {
        const at = `${i}/${j}`;
        if (code !== ResultCode.ok) {
          if (settled.has(at))
            this.fail(height, at, `settled, but the receipt is ${resultName(code)}`);
          if (REMITTANCE_KINDS.has(op.kind) && execution.receipts[i]!.operationIndex === j)
            this.count(`${op.kind}:${resultName(code)}`);
          return;
        }
        if (REMITTANCE_KINDS.has(op.kind)) this.count(`${op.kind}:ok`);
        const where = `height ${height} transaction ${i} operation ${j}`;
        switch (op.kind) {
          case "post_offer":
            if (signed.signer !== this.world.liquidityProvider.accountId)
              this.report("remittance", `${where}: an offer posted by ${signed.signer}`);
            this.offers.set(`${signed.signer}/${op.id}`, { terms: op });
            return;
          case "withdraw_offer":
            if (!this.offers.delete(`${signed.signer}/${op.id}`))
              this.report("remittance", `${where}: withdrew an offer that did not stand`);
            return;
          case "hold_quote":
            this.holdQuote(where, signed.signer, op, nowMs);
            return;
          case "remit": {
            const entry = settled.get(at);
            if (entry === undefined)
              this.report("remittance", `${where}: remit ok but not settled`);
            matched++;
            this.remit(where, signed.signer, op, entry, nowMs);
            this.spend(where, signed.signer, op.sendCurrency, op.sendAmount, nowMs);
            return;
          }
          case "transfer":
          case "approve_request":
          case "create_pending":
            this.spend(where, signed.signer, op.currency, op.amount, nowMs);
            return;
          default:
            return;
        }
      });
    });
    if (matched !== settled.size) {
      this.report(
        "remittance",
        `height ${height}: ${settled.size} remittances settled, ${matched} remit operations succeeded`,
      );
    }
    this.stats.settled += matched;
    // Past their deadline, offers are removed and quotes released at the end of the block.
    for (const [key, offer] of this.offers)
      if (offer.terms.expiresAtMs <= nowMs) this.offers.delete(key);
    for (const [key, quote] of this.quotes) if (quote.expiresAtMs <= nowMs) this.quotes.delete(key);
  }

  private holdQuote(where: string, holder: AccountId, op: HoldQuoteOp, nowMs: number): void {
    const offer = this.standingOffer(where, op.provider, op.offerId, op.buyAmount, nowMs);
    const payer = this.customers.get(op.payer);
    if (payer === undefined || this.world.banks[payer.bank]!.accountId !== holder)
      this.report("remittance", `${where}: a quote for ${op.payer} held by another bank`);
    const key = `${holder}/${op.id}`;
    if (this.quotes.has(key)) this.report("remittance", `${where}: quote ${key} held twice`);
    const sellAmount = floorDiv(op.buyAmount * offer.rateNum, offer.rateDen);
    if (sellAmount <= 0n) this.report("remittance", `${where}: a quote that pays nothing`);
    this.quotes.set(key, {
      payer: op.payer,
      buy: offer.buy,
      sell: offer.sell,
      buyAmount: op.buyAmount,
      sellAmount,
      rateNum: offer.rateNum,
      rateDen: offer.rateDen,
      expiresAtMs: nowMs + op.timeoutMs,
    });
  }

  private remit(
    where: string,
    sender: AccountId,
    op: RemitOp,
    entry: SettledRemittance,
    nowMs: number,
  ): void {
    const fail = (what: string) => this.report("remittance", `${where}: ${what}`);
    if (
      entry.sender !== sender ||
      entry.recipient !== op.to ||
      entry.sendCurrency !== op.sendCurrency ||
      entry.sendAmount !== op.sendAmount ||
      entry.receiveCurrency !== op.receiveCurrency ||
      entry.travelRuleHash !== op.travelRuleHash ||
      JSON.stringify(entry.source) !== JSON.stringify(op.source)
    ) {
      fail("the settled remittance is not the remit signed");
    }
    // The payout the source gives, by this model.
    let expected: { receive: bigint; rateNum: bigint; rateDen: bigint; provider: AccountId };
    if (op.source.kind === "quote") {
      const key = `${op.source.holder}/${op.source.id}`;
      const quote = this.quotes.get(key);
      if (quote === undefined) return fail(`settled with quote ${key}, which was not held`);
      if (quote.expiresAtMs <= nowMs) fail(`settled with quote ${key} after its deadline`);
      if (quote.payer !== sender) fail(`settled with another payer's quote`);
      if (
        quote.buy !== op.sendCurrency ||
        quote.sell !== op.receiveCurrency ||
        quote.buyAmount !== op.sendAmount
      ) {
        fail(`settled with a quote on other terms`);
      }
      this.quotes.delete(key);
      expected = {
        receive: quote.sellAmount,
        rateNum: quote.rateNum,
        rateDen: quote.rateDen,
        provider: this.world.liquidityProvider.accountId,
      };
    } else {
      const offer = this.standingOffer(
        where,
        op.source.provider,
        op.source.id,
        op.sendAmount,
        nowMs,
      );
      if (offer.buy !== op.sendCurrency || offer.sell !== op.receiveCurrency)
        fail("settled against an offer in other currencies");
      expected = {
        receive: floorDiv(op.sendAmount * offer.rateNum, offer.rateDen),
        rateNum: offer.rateNum,
        rateDen: offer.rateDen,
        provider: op.source.provider,
      };
    }
    const { receiveAmount, paidToProvider, residual, rateNum, rateDen } = entry;
    if (receiveAmount !== expected.receive)
      fail(`paid out ${receiveAmount}; the source gives ${expected.receive}`);
    if (
      rateNum !== expected.rateNum ||
      rateDen !== expected.rateDen ||
      entry.provider !== expected.provider
    )
      fail("settled at another rate or with another provider than the source's");
    if (receiveAmount <= 0n) fail(`paid out ${receiveAmount}`);
    // The legs: nothing created, nothing lost.
    if (receiveAmount * rateDen > op.sendAmount * rateNum)
      fail(`paid out ${receiveAmount}, more than ${op.sendAmount} buys at ${rateNum}/${rateDen}`);
    if (paidToProvider !== ceilDiv(receiveAmount * rateDen, rateNum))
      fail(`the provider got ${paidToProvider}, not the payout's cost rounded up`);
    if (residual < 0n) fail(`negative residual ${residual}`);
    if (paidToProvider + residual !== op.sendAmount)
      fail(`${paidToProvider} to the provider + ${residual} residual ≠ ${op.sendAmount} sent`);
    const customer = this.customers.get(sender);
    if (customer !== undefined && entry.residualTo !== this.world.banks[customer.bank]!.accountId)
      fail("the residual went elsewhere than the sender's bank");
    if (entry.fee < 0n) fail(`negative fee ${entry.fee}`);
    // The rules it ran under.
    if (receiveAmount * op.worstRateDen < op.sendAmount * op.worstRateNum)
      fail("settled below the sender's worst rate");
    const threshold = this.world.remittanceRules?.travelRuleThresholds.get(op.sendCurrency) ?? 0n;
    if (op.sendAmount >= threshold && op.travelRuleHash === undefined)
      fail(`settled ${op.sendAmount} ≥ threshold ${threshold} without travel-rule data`);
  }

  /** The offer by this model, which a successful operation needs standing and within bounds. */
  private standingOffer(
    where: string,
    provider: AccountId,
    id: string,
    buyAmount: bigint,
    nowMs: number,
  ): PostOfferOp {
    const offer = this.offers.get(`${provider}/${id}`)?.terms;
    if (offer === undefined)
      return this.report("remittance", `${where}: offer ${id} does not stand`);
    if (offer.expiresAtMs <= nowMs)
      this.report("remittance", `${where}: offer ${id} past its deadline`);
    if (buyAmount < offer.minBuy || buyAmount > offer.maxBuy)
      this.report("remittance", `${where}: ${buyAmount} outside offer ${id}'s bounds`);
    return offer;
  }

  /** KYC: a customer's successful outgoing payments stay within its tier's limits. */
  private spend(
    where: string,
    account: AccountId,
    currency: CurrencyCode,
    amount: bigint,
    nowMs: number,
  ): void {
    const customer = this.customers.get(account);
    const limits =
      customer && this.world.remittanceRules?.kycLimits.get(currency)?.get(customer.kycTier);
    if (limits === undefined) return;
    const key = `${account}/${currency}`;
    const total = (this.spent.get(key) ?? 0n) + amount;
    this.spent.set(key, total);
    if (amount > limits.perPaymentMax)
      this.report("remittance", `${where}: ${amount} ${currency} over the per-payment limit`);
    if (nowMs - GENESIS_TIME_MS < DAILY_WINDOW_MS && total > limits.dailyMax)
      this.report("remittance", `${where}: ${account} sent ${total} ${currency} in a day`);
  }

  private count(outcome: string): void {
    this.stats.outcomes[outcome] = (this.stats.outcomes[outcome] ?? 0) + 1;
  }

  private fail(height: number, at: string, what: string): never {
    return this.report("remittance", `height ${height} transaction/operation ${at}: ${what}`);
  }
}
