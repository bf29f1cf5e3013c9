/**
 * The JSON shapes of referenced payments and requests to pay: what a merchant's checkout polls
 * ("is this reference paid, and how much may I still refund?") and what a wallet lists ("who
 * asks me to pay?"). Conventions as in schemas.ts.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  AccountIdSchema,
  ClientIdSchema,
  Described,
  HashSchema,
  HeightSchema,
  HexSchema,
  MoneySchema,
  SlotProofSchema,
  Strict,
  TimestampSchema,
} from "./schemas.ts";

export const PaymentProofSchema = Strict(
  {
    height: HeightSchema,
    stateRoot: HashSchema,
    leaf: HexSchema,
    path: SlotProofSchema,
    accountsRoot: HashSchema,
    pendingsRoot: HashSchema,
    registryHash: HashSchema,
    requestsRoot: HashSchema,
    remittanceRoot: HashSchema,
  },
  {
    description:
      "The payment's canonical leaf and its path to the payments root: stateRoot = H(accountsRoot ‖ pendingsRoot ‖ registryHash ‖ paymentsRoot ‖ requestsRoot ‖ remittanceRoot) at `height`.",
  },
);

export const PaymentPaidSchema = Strict(
  {
    paid: Type.Literal(true),
    payee: AccountIdSchema,
    reference: HashSchema,
    payer: AccountIdSchema,
    amount: MoneySchema,
    refunded: Described(MoneySchema, "refunded so far"),
    refundable: Described(MoneySchema, "what the payee may still refund: amount − refunded"),
    paidAt: TimestampSchema,
    retainedUntil: Described(
      TimestampSchema,
      "when the ledger forgets the payment: refunds through the ledger end, and the reference could be paid again",
    ),
    height: HeightSchema,
    index: Type.Integer({
      minimum: 0,
      description: "the paying transaction's position in its block",
    }),
    operationIndex: Type.Integer({ minimum: 0, description: "the paying operation in it" }),
    transaction: Type.Optional(
      Described(HashSchema, "the paying transaction, when this node still has its block"),
    ),
    proof: PaymentProofSchema,
  },
  { description: "The ledger remembers a payment of this reference to this payee." },
);

export const PaymentUnpaidSchema = Strict(
  {
    paid: Type.Literal(false),
    payee: AccountIdSchema,
    reference: HashSchema,
    height: HeightSchema,
  },
  {
    description:
      "No payment of this reference to this payee is remembered at `height`: not paid yet, or paid longer ago than the retention window (30 days).",
  },
);

export const PaymentViewSchema = Type.Union([PaymentPaidSchema, PaymentUnpaidSchema]);

export const RequestStatusSchema = Type.Union(
  [
    Type.Literal("open"),
    Type.Literal("approved"),
    Type.Literal("declined"),
    Type.Literal("cancelled"),
    Type.Literal("expired"),
  ],
  {
    description:
      "open until the payer approves (pays) or declines, the payee cancels, or the deadline passes",
  },
);

export const RequestViewSchema = Strict({
  payee: AccountIdSchema,
  payer: AccountIdSchema,
  requestId: ClientIdSchema,
  amount: MoneySchema,
  reference: Described(HashSchema, "the reference the payment carries when approved"),
  status: RequestStatusSchema,
  requestedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  closedAt: Type.Optional(Described(TimestampSchema, "when it stopped being open")),
  closedHeight: Type.Optional(HeightSchema),
  transaction: Type.Optional(
    Described(HashSchema, "the transaction that approved, declined or cancelled it"),
  ),
});

export const AccountRequestsSchema = Strict({
  account: AccountIdSchema,
  height: HeightSchema,
  incoming: Type.Array(RequestViewSchema, {
    description: "open requests this account is asked to pay, soonest deadline first",
  }),
  outgoing: Type.Array(RequestViewSchema, {
    description: "open requests this account made, soonest deadline first",
  }),
});

export type PaymentProofView = Static<typeof PaymentProofSchema>;
export type PaymentView = Static<typeof PaymentViewSchema>;
export type PaymentPaidView = Static<typeof PaymentPaidSchema>;
export type RequestStatus = Static<typeof RequestStatusSchema>;
export type RequestView = Static<typeof RequestViewSchema>;
export type AccountRequestsView = Static<typeof AccountRequestsSchema>;
