/**
 * Remittances in the API's shapes (docs/spec/api.md, "Remittances"): liquidity providers'
 * offers, quotes (indicative, or firm when the payer's institution holds liquidity for it), the
 * settled remittance with both legs, and the ISO 20022 export. Conventions as in schemas.ts.
 *
 * The rate and the settled remittance's view live in schemas.ts, because history entries and
 * operation views (defined there) show them too.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  AccountIdSchema,
  BpsSchema,
  ClientIdSchema,
  CurrencyCodeSchema,
  DecimalAmountSchema,
  Described,
  MoneySchema,
  RateSchema,
  Strict,
  TimestampSchema,
} from "./schemas.ts";

export const ProviderViewSchema = Strict(
  {
    account: AccountIdSchema,
    institution: Type.String({ description: "the liquidity provider's institution id" }),
    name: Type.String({ description: "the institution's name, for people" }),
  },
  { description: "A liquidity provider: the institution account that posted the offer." },
);

export const OfferViewSchema = Strict(
  {
    provider: ProviderViewSchema,
    id: ClientIdSchema,
    buy: Described(CurrencyCodeSchema, "what the provider receives: the sender's currency"),
    sell: Described(CurrencyCodeSchema, "what the provider pays out: the recipient's currency"),
    rate: RateSchema,
    minBuy: Described(MoneySchema, "the smallest send amount the offer serves, in `buy`"),
    maxBuy: Described(MoneySchema, "the largest send amount the offer serves, in `buy`"),
    spreadBps: Described(BpsSchema, "the provider's declared margin over its mid-market rate"),
    expiresAt: TimestampSchema,
    liquidity: Described(MoneySchema, "the provider's available balance of `sell`"),
  },
  { description: "A live offer of a liquidity provider." },
);

export const OffersQuerySchema = Strict({
  buy: Type.Optional(Described(CurrencyCodeSchema, "only offers buying this (send) currency")),
  sell: Type.Optional(Described(CurrencyCodeSchema, "only offers selling this (receive) currency")),
});

export const OffersViewSchema = Strict({
  offers: Type.Array(OfferViewSchema, { description: "best rate first" }),
});

export const QuoteQuerySchema = Strict({
  from: Described(CurrencyCodeSchema, "the send currency"),
  to: Described(CurrencyCodeSchema, "the receive currency"),
  sendAmount: Type.Optional(Described(DecimalAmountSchema, "what the payer sends, in `from`")),
  receiveAmount: Type.Optional(
    Described(DecimalAmountSchema, "what the recipient should receive, in `to`"),
  ),
  payer: Type.Optional(
    Described(AccountIdSchema, "the paying account: a firm quote when this desk serves it"),
  ),
});

/** `<holder account>-<quote client id>`: how a firm quote is named in the API and the SDK. */
export const QuoteIdSchema = Type.String({
  pattern: "^[0-9a-f]{40}-[0-9a-f]{32}$",
  description: "a firm quote: the holding institution's account, a dash, the quote's client id",
});

export const QuoteViewSchema = Strict(
  {
    firm: Type.Boolean({
      description:
        "true: liquidity is held for the payer until expiresAt (use `id`); false: indicative, the rate may change",
    }),
    id: Type.Optional(QuoteIdSchema),
    from: CurrencyCodeSchema,
    to: CurrencyCodeSchema,
    send: Described(MoneySchema, "what leaves the payer's balance before fees"),
    receive: Described(MoneySchema, "what the recipient receives"),
    rate: RateSchema,
    provider: Strict({
      account: AccountIdSchema,
      institution: Type.String(),
      name: Type.String(),
      spreadBps: BpsSchema,
    }),
    fees: Strict({
      senderInstitution: Described(
        MoneySchema,
        "the sender's institution's fee on the send amount, in `from`",
      ),
      providerSpread: Described(
        MoneySchema,
        "the provider's declared margin inside the rate, in `to`: receive × spreadBps / (10,000 − spreadBps), rounded down",
      ),
    }),
    totalDebit: Described(MoneySchema, "send plus the sender's fee"),
    expiresAt: Type.Optional(Described(TimestampSchema, "a firm quote's expiry (agreed time)")),
    expiresInMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          "a firm quote's remaining life when the gateway answered (expiresAt less its clock): count down from the answer's arrival, not with the device's clock",
      }),
    ),
    offer: Strict({ provider: AccountIdSchema, id: ClientIdSchema }),
  },
  { description: "What a remittance of this amount would cost and deliver." },
);

export const Iso20022TypeSchema = Type.Union([Type.Literal("pacs.008"), Type.Literal("pain.001")], {
  description: 'the message: "pacs.008" (settled, default) or "pain.001" (the order)',
});

export const Iso20022QuerySchema = Strict({ type: Type.Optional(Iso20022TypeSchema) });

/** The XML document; described for the OpenAPI document, never validated. */
export const Iso20022DocumentSchema = Type.String({
  description: "an ISO 20022 XML document (pacs.008.001.09 or pain.001.001.10)",
});

export type ProviderView = Static<typeof ProviderViewSchema>;
export type OfferView = Static<typeof OfferViewSchema>;
export type OffersQuery = Static<typeof OffersQuerySchema>;
export type OffersView = Static<typeof OffersViewSchema>;
export type QuoteQuery = Static<typeof QuoteQuerySchema>;
export type QuoteView = Static<typeof QuoteViewSchema>;
export type Iso20022Type = Static<typeof Iso20022TypeSchema>;
