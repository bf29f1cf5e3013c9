/**
 * The JSON shapes of the public API as TypeBox schemas: validated on the way in by the server,
 * turned into the OpenAPI document, and turned into TypeScript types for server and client.
 *
 * Conventions (docs/spec/api.md): amounts are decimal strings with a currency code, never JSON
 * numbers; times are ISO 8601 in UTC with milliseconds; ids and bytes are lower-case hex.
 * Heights, indices and result codes are plain integers (all far below 2^53).
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from "@sinclair/typebox";
import { ERROR_CODES } from "./errors.ts";
import {
  DESK_NAME_LENGTH_MAX,
  HISTORY_PAGE_MAX,
  JSON_TRANSACTIONS_MAX,
  TRANSACTION_BYTES_MAX,
} from "./limits.ts";

/** An object that refuses fields it does not name, so a typo is an error and not ignored. */
export function Strict<T extends TProperties>(
  properties: T,
  options: { description?: string; title?: string } = {},
): TObject<T> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** The same schema with a description of its own (for a field that says what it holds). */
export function Described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

// ---- primitives ------------------------------------------------------------------------------

export const AccountIdSchema = Type.String({
  pattern: "^[0-9a-f]{40}$",
  description: "an account id: 40 lower-case hex characters (20 bytes)",
  examples: ["5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4"],
});

export const HashSchema = Type.String({
  pattern: "^[0-9a-f]{64}$",
  description: "a hash: 64 lower-case hex characters (32 bytes)",
});

export const HexSchema = Type.String({
  pattern: "^(?:[0-9a-f]{2})*$",
  description: "bytes as lower-case hex, two characters per byte",
});

export const ClientIdSchema = Type.String({
  pattern: "^[0-9a-f]{32}$",
  description: "a client-chosen id: 32 lower-case hex characters (16 bytes)",
});

export const CurrencyCodeSchema = Type.String({
  pattern: "^[A-Z]{3}$",
  description: 'an ISO 4217 currency code: three capital letters, e.g. "HKD"',
});

export const DecimalAmountSchema = Type.String({
  pattern: "^(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?$",
  description:
    'an amount as a decimal string with the currency\'s number of digits after the point, e.g. "12.50"',
});

/** An amount in a currency's minor units, as a string of digits (for amounts of unknown currency). */
export const MinorUnitsSchema = Type.String({
  pattern: "^(?:0|[1-9][0-9]*)$",
  description: "an amount in minor units (e.g. cents) as a string of digits",
});

export const TimestampSchema = Type.String({
  pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
  description: "a time in UTC, ISO 8601 with milliseconds, e.g. 2026-01-01T00:00:00.000Z",
});

export const HeightSchema = Type.Integer({ minimum: 0, description: "a block height" });

export const MoneySchema = Strict(
  { amount: DecimalAmountSchema, currency: CurrencyCodeSchema },
  { description: "an amount of one currency" },
);

export const SignedTransactionHexSchema = Type.String({
  pattern: "^(?:[0-9a-f]{2})+$",
  maxLength: 2 * TRANSACTION_BYTES_MAX,
  description: `a signed transaction's canonical bytes as lower-case hex (at most ${TRANSACTION_BYTES_MAX} bytes)`,
});

// ---- remittances (the rest of their shapes: remit-schemas.ts) ------------------------------

/*
 * A rate is receive minor units per send minor unit as an exact ratio `num/den` (what the ledger
 * computes with), plus `display`: receive major units per one send major unit with four decimals,
 * rounded down, for people.
 */
/** A u64 written as decimal digits (rates' parts are exact integers, never JSON numbers). */
const U64TextSchema = Type.String({
  pattern: "^(?:0|[1-9][0-9]{0,19})$",
  description: "an unsigned integer as decimal digits",
});

export const RateSchema = Strict(
  {
    num: U64TextSchema,
    den: U64TextSchema,
    display: Type.String({
      pattern: "^(?:0|[1-9][0-9]*)\\.[0-9]{4}$",
      description: "receive major units per one send major unit, 4 decimals, rounded down",
    }),
  },
  { description: "receive minor units per send minor unit = num / den" },
);

export const BpsSchema = Type.Integer({
  minimum: 0,
  maximum: 10_000,
  description: "basis points (1/100 of a percent), 0–10,000",
});

export const RemittanceSourceViewSchema = Type.Union([
  Strict({ kind: Type.Literal("quote"), holder: AccountIdSchema, id: ClientIdSchema }),
  Strict({ kind: Type.Literal("offer"), provider: AccountIdSchema, id: ClientIdSchema }),
]);

/**
 * A settled remittance with both legs: the send leg (sender → provider, fee and rounding residual
 * to the sender's institution) and the receive leg (provider → recipient).
 */
export const RemittanceViewSchema = Strict(
  {
    sender: AccountIdSchema,
    recipient: AccountIdSchema,
    provider: AccountIdSchema,
    sent: Described(MoneySchema, "what the sender sent, fees excluded"),
    received: Described(MoneySchema, "what the recipient received"),
    fee: Described(MoneySchema, "the sender's institution's fee, in the send currency"),
    residual: Described(
      MoneySchema,
      "the rounding remainder of the send amount, credited to `residualTo` (never created money)",
    ),
    residualTo: AccountIdSchema,
    rate: RateSchema,
    spreadBps: BpsSchema,
    source: RemittanceSourceViewSchema,
    travelRuleHash: Type.Optional(HashSchema),
    operationIndex: Type.Integer({ minimum: 0, description: "the remit operation's index" }),
  },
  { description: "A committed, successful cross-currency payment: both legs." },
);

// ---- errors ----------------------------------------------------------------------------------

export const ErrorBodySchema = Strict({
  code: Type.String({
    description: "a stable code to branch on",
    examples: Object.keys(ERROR_CODES).slice(0, 3),
  }),
  message: Type.String({ description: "what happened and what to do about it" }),
  details: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: "facts about the error, e.g. retryAfterMs, limitBytes, hash, operationIndex",
    }),
  ),
});

export const ErrorEnvelopeSchema = Strict(
  { error: ErrorBodySchema },
  { title: "Error", description: "Every error answer has this shape." },
);

// ---- transactions ----------------------------------------------------------------------------

export const SubmitJsonBodySchema = Type.Union(
  [
    Strict({ transaction: SignedTransactionHexSchema }),
    Strict({
      transactions: Type.Array(SignedTransactionHexSchema, {
        minItems: 1,
        maxItems: JSON_TRANSACTIONS_MAX,
      }),
    }),
  ],
  {
    description: `One transaction, or up to ${JSON_TRANSACTIONS_MAX} in order; more go to the binary batch endpoint.`,
  },
);

const message = Type.String({ description: "what the node did, for people" });

export const SubmitAcceptedSchema = Strict(
  { status: Type.Literal("accepted"), hash: HashSchema, message },
  { description: "New to the mempool: signature verified; it will be proposed for a block." },
);
export const SubmitKnownSchema = Strict(
  { status: Type.Literal("known"), hash: HashSchema, message },
  { description: "The same transaction is already waiting in the mempool." },
);
export const SubmitCommittedSchema = Strict(
  {
    status: Type.Literal("committed"),
    hash: HashSchema,
    height: HeightSchema,
    index: Type.Integer({ minimum: 0 }),
    code: Type.Integer({ minimum: 0, description: "the ledger result code" }),
    codeName: Type.String({ description: 'the result code\'s name, e.g. "ok"' }),
    message,
  },
  { description: "The same transaction is already in a committed block; this is its result." },
);
export const SubmitRejectedSchema = Strict(
  { status: Type.Literal("rejected"), hash: Type.Optional(HashSchema), error: ErrorBodySchema },
  { description: "Refused; the same bytes will be refused again." },
);
export const SubmitRetrySchema = Strict(
  {
    status: Type.Literal("retry"),
    hash: HashSchema,
    retryAfterMs: Type.Integer({ minimum: 1 }),
    error: ErrorBodySchema,
  },
  {
    description: "Refused for now because of the ledger's state; the same bytes may succeed later.",
  },
);
export const SubmitBusySchema = Strict(
  {
    status: Type.Literal("busy"),
    retryAfterMs: Type.Integer({ minimum: 1 }),
    error: ErrorBodySchema,
  },
  { description: "The mempool (or the signer's share) is full; nothing changed." },
);

export const SubmitResultSchema = Type.Union([
  SubmitAcceptedSchema,
  SubmitKnownSchema,
  SubmitCommittedSchema,
  SubmitRejectedSchema,
  SubmitRetrySchema,
  SubmitBusySchema,
]);

export const SubmitResultsSchema = Strict(
  { results: Type.Array(SubmitResultSchema) },
  { description: "One result per submitted transaction, in the order submitted." },
);

export const MerkleListProofSchema = Strict({
  index: Type.Integer({ minimum: 0 }),
  count: Type.Integer({ minimum: 1 }),
  siblings: Type.Array(HashSchema),
});

export const ReceiptSchema = Strict({
  hash: HashSchema,
  code: Type.Integer({ minimum: 0 }),
  operationIndex: Type.Integer({
    minimum: 0,
    maximum: 255,
    description: "the failing operation's index; 255 when no operation failed",
  }),
});

export const ReceiptProofSchema = Strict(
  {
    receiptsRoot: HashSchema,
    index: Type.Integer({ minimum: 0 }),
    chunk: Type.Array(ReceiptSchema, { minItems: 1, maxItems: 16 }),
    path: MerkleListProofSchema,
  },
  {
    description:
      "The receipt's chunk and its Merkle path to the block's receipts root; appHash = H(stateRoot ‖ receiptsRoot) is carried by the next block's header.",
  },
);

export const TransactionPendingSchema = Strict(
  { hash: HashSchema, status: Type.Literal("pending") },
  { description: "Waiting in this node's mempool for a block." },
);

export const TransactionCommittedSchema = Strict(
  {
    hash: HashSchema,
    status: Type.Literal("committed"),
    height: HeightSchema,
    index: Type.Integer({ minimum: 0, description: "position in the block" }),
    timestamp: TimestampSchema,
    code: Type.Integer({ minimum: 0, description: "the ledger result code (0 is ok)" }),
    codeName: Type.String({ description: 'e.g. "ok", "insufficient_funds"' }),
    operationIndex: Type.Optional(Type.Integer({ minimum: 0, description: "failing operation" })),
    blockId: HashSchema,
    stateRoot: Type.Optional(HashSchema),
    appHash: HashSchema,
    proof: Type.Optional(ReceiptProofSchema),
    remittances: Type.Optional(
      Type.Array(RemittanceViewSchema, {
        description: "the remittances it settled, both legs each (successful remit operations)",
      }),
    ),
  },
  { description: "In a committed block: final. A failed code changed nothing." },
);

export const TransactionViewSchema = Type.Union([
  TransactionPendingSchema,
  TransactionCommittedSchema,
]);

// ---- operations as the API shows them -------------------------------------------------------

// Generic in the kind, so OperationView is a union discriminated by `kind` for TypeScript too.
const Op = <K extends string, T extends TProperties>(kind: K, properties: T) =>
  Strict({ kind: Type.Literal(kind), ...properties });

export const OperationViewSchema = Type.Union([
  Op("transfer", {
    from: AccountIdSchema,
    to: AccountIdSchema,
    amount: MoneySchema,
    reference: Type.Optional(HashSchema),
    memoHash: Type.Optional(HashSchema),
  }),
  Op("open_account", {
    account: AccountIdSchema,
    keyType: Type.Union([Type.Literal("ed25519"), Type.Literal("p256")]),
    kycTier: Type.Integer({ minimum: 0 }),
  }),
  Op("set_frozen", { account: AccountIdSchema, frozen: Type.Boolean() }),
  Op("issue", { to: AccountIdSchema, amount: MoneySchema }),
  Op("redeem", { from: AccountIdSchema, amount: MoneySchema }),
  Op("create_pending", {
    from: AccountIdSchema,
    to: AccountIdSchema,
    pendingId: ClientIdSchema,
    amount: MoneySchema,
    timeoutMs: Type.Integer({ minimum: 0 }),
    arbiter: Type.Optional(AccountIdSchema),
  }),
  Op("post_pending", {
    from: AccountIdSchema,
    pendingId: ClientIdSchema,
    amountMinor: Type.Optional(MinorUnitsSchema),
  }),
  Op("void_pending", { from: AccountIdSchema, pendingId: ClientIdSchema }),
  Op("set_fee_schedule", {
    currency: CurrencyCodeSchema,
    fixed: DecimalAmountSchema,
    bps: Type.Integer({ minimum: 0 }),
    max: DecimalAmountSchema,
  }),
  Op("refund", {
    from: AccountIdSchema,
    reference: HashSchema,
    amountMinor: MinorUnitsSchema,
    to: Type.Optional(Described(AccountIdSchema, "the payer refunded, when the payment is known")),
    amount: Type.Optional(MoneySchema),
  }),
  Op("request_payment", {
    payee: AccountIdSchema,
    payer: AccountIdSchema,
    requestId: ClientIdSchema,
    amount: MoneySchema,
    timeoutMs: Type.Integer({ minimum: 0 }),
    reference: Described(
      HashSchema,
      "the reference its payment will carry (derived from payee and id when none was named)",
    ),
  }),
  Op("approve_request", {
    payer: AccountIdSchema,
    payee: AccountIdSchema,
    requestId: ClientIdSchema,
    amount: MoneySchema,
    reference: Type.Optional(
      Described(HashSchema, "the reference the payment carried, when it succeeded"),
    ),
  }),
  Op("decline_request", {
    payee: AccountIdSchema,
    requestId: ClientIdSchema,
    by: Type.Union([Type.Literal("payer"), Type.Literal("payee")], {
      description:
        "payee: the payee cancelled; payer: the signer declined as the payer (anyone else's attempt fails with not_authorized)",
    }),
    payer: Type.Optional(AccountIdSchema),
  }),
  Op("post_offer", {
    provider: AccountIdSchema,
    offerId: ClientIdSchema,
    buy: CurrencyCodeSchema,
    sell: CurrencyCodeSchema,
    rate: RateSchema,
    minBuy: MoneySchema,
    maxBuy: MoneySchema,
    spreadBps: BpsSchema,
    expiresAt: TimestampSchema,
  }),
  Op("withdraw_offer", { provider: AccountIdSchema, offerId: ClientIdSchema }),
  Op("hold_quote", {
    holder: AccountIdSchema,
    quoteId: ClientIdSchema,
    provider: AccountIdSchema,
    offerId: ClientIdSchema,
    payer: AccountIdSchema,
    buyAmountMinor: Described(MinorUnitsSchema, "what the payer will send, in minor units"),
    buyAmount: Type.Optional(
      Described(MoneySchema, "the same with its currency, while the quote or its offer exists"),
    ),
    timeoutMs: Type.Integer({ minimum: 0 }),
  }),
  Op("remittance", {
    sender: AccountIdSchema,
    recipient: AccountIdSchema,
    sent: Described(MoneySchema, "what the sender sends, fees excluded"),
    receiveCurrency: CurrencyCodeSchema,
    worstRate: Strict(
      { num: U64TextSchema, den: U64TextSchema },
      { description: "the worst rate the sender accepted (num 0: any)" },
    ),
    source: RemittanceSourceViewSchema,
    travelRuleHash: Type.Optional(HashSchema),
    settled: Type.Optional(
      Described(RemittanceViewSchema, "both legs as they settled, when the transaction succeeded"),
    ),
  }),
  Op("set_kyc_limits", {
    currency: CurrencyCodeSchema,
    tier: Type.Integer({ minimum: 0 }),
    perPaymentMax: DecimalAmountSchema,
    dailyMax: DecimalAmountSchema,
    monthlyMax: DecimalAmountSchema,
  }),
  Op("set_sanctioned", { account: AccountIdSchema, sanctioned: Type.Boolean() }),
  Op("set_travel_rule_threshold", {
    currency: CurrencyCodeSchema,
    threshold: DecimalAmountSchema,
  }),
]);

// ---- accounts ---------------------------------------------------------------------------------

export const SlotProofSchema = Strict({
  slot: Type.Integer({ minimum: 0 }),
  count: Type.Integer({ minimum: 1 }),
  siblings: Type.Array(HashSchema),
});

export const AccountProofSchema = Strict(
  {
    height: HeightSchema,
    stateRoot: HashSchema,
    leaf: HexSchema,
    path: SlotProofSchema,
    pendingsRoot: HashSchema,
    registryHash: HashSchema,
    paymentsRoot: HashSchema,
    requestsRoot: HashSchema,
    remittanceRoot: HashSchema,
  },
  {
    description:
      "The account's canonical leaf and its path to the state root at `height`: stateRoot = H(accountsRoot ‖ pendingsRoot ‖ registryHash ‖ paymentsRoot ‖ requestsRoot ‖ remittanceRoot).",
  },
);

export const AccountViewSchema = Strict({
  id: AccountIdSchema,
  institution: Type.String(),
  keyType: Type.Union([Type.Literal("ed25519"), Type.Literal("p256")]),
  publicKey: HexSchema,
  kycTier: Type.Integer({ minimum: 0 }),
  frozen: Type.Boolean(),
  balances: Type.Array(MoneySchema, { description: "available balances, by currency code" }),
  height: HeightSchema,
  proof: AccountProofSchema,
});

export const HistoryTransactionSchema = Strict(
  {
    type: Type.Literal("transaction"),
    hash: HashSchema,
    height: HeightSchema,
    index: Type.Integer({ minimum: 0 }),
    timestamp: TimestampSchema,
    signer: AccountIdSchema,
    code: Type.Integer({ minimum: 0 }),
    codeName: Type.String(),
    operations: Type.Array(OperationViewSchema),
  },
  { description: "A committed transaction that involves the account." },
);

export const HistoryPendingExpiredSchema = Strict(
  {
    type: Type.Literal("pending_expired"),
    height: HeightSchema,
    timestamp: TimestampSchema,
    from: AccountIdSchema,
    to: AccountIdSchema,
    pendingId: ClientIdSchema,
    amount: MoneySchema,
  },
  { description: "A hold that expired at this block; its amount went back to the payer." },
);

export const HistoryRequestExpiredSchema = Strict(
  {
    type: Type.Literal("request_expired"),
    height: HeightSchema,
    timestamp: TimestampSchema,
    payee: AccountIdSchema,
    payer: AccountIdSchema,
    requestId: ClientIdSchema,
    amount: MoneySchema,
    reference: HashSchema,
  },
  { description: "A request to pay that reached its deadline unanswered at this block." },
);

export const HistoryEntrySchema = Type.Union([
  HistoryTransactionSchema,
  HistoryPendingExpiredSchema,
  HistoryRequestExpiredSchema,
]);

export const CursorSchema = Type.String({
  pattern: "^[0-9]{1,15}\\.[0-9]{1,6}$",
  description: "where the previous page ended: its nextCursor",
});

export const AccountHistorySchema = Strict({
  account: AccountIdSchema,
  entries: Type.Array(HistoryEntrySchema, { description: "newest first" }),
  nextCursor: Type.Optional(CursorSchema),
});

export const AccountHistoryQuerySchema = Strict({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX, description: "entries per page" }),
  ),
  cursor: Type.Optional(CursorSchema),
});

// ---- blocks, status, currencies ---------------------------------------------------------------

export const BlockHeaderSchema = Strict({
  height: HeightSchema,
  round: Type.Integer({ minimum: 0 }),
  timestamp: TimestampSchema,
  parentId: HashSchema,
  payloadHash: HashSchema,
  appHash: HashSchema,
  proposerIndex: Type.Integer({ minimum: 0 }),
});

export const BlockViewSchema = Strict({
  blockId: HashSchema,
  header: BlockHeaderSchema,
  result: Strict(
    {
      appHash: HashSchema,
      stateRoot: Type.Optional(HashSchema),
      receiptsRoot: Type.Optional(HashSchema),
    },
    { description: "what executing the block produced; the next header carries appHash" },
  ),
  transactions: Type.Array(
    Strict({
      hash: HashSchema,
      code: Type.Optional(Type.Integer({ minimum: 0 })),
      codeName: Type.Optional(Type.String()),
      operationIndex: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    {
      description:
        "in block order, with their results (absent when this node did not keep the block's receipts)",
    },
  ),
});

export const ValidatorStatusSchema = Strict({
  index: Type.Integer({ minimum: 0 }),
  name: Type.String(),
  publicKey: HexSchema,
  votingPower: Type.Integer({ minimum: 0 }),
  self: Type.Boolean({ description: "this node" }),
  connected: Type.Boolean({ description: "this node has a live link to it" }),
  lastSeen: Type.Optional(TimestampSchema),
});

export const NodeRoleViewSchema = Strict(
  {
    name: Type.String({ description: "this node's name in genesis, e.g. hk-emoney" }),
    role: Type.Union([Type.Literal("validator"), Type.Literal("observer")], {
      description: "a validator votes; an observer follows the chain without voting",
    }),
    institution: Type.String({ description: "the institution that runs this node" }),
  },
  { description: "The node that answered." },
);

export const StatusViewSchema = Strict({
  chainId: Type.String(),
  node: Type.Optional(NodeRoleViewSchema),
  height: HeightSchema,
  blockId: Type.Optional(HashSchema),
  stateRoot: HashSchema,
  appHash: Type.Optional(
    Type.String({
      pattern: "^[0-9a-f]{64}$",
      description: "the app hash after the last block; absent when this node does not know it",
    }),
  ),
  lastBlockTime: Type.Optional(TimestampSchema),
  validators: Type.Array(ValidatorStatusSchema),
  mempool: Strict({
    transactions: Type.Integer({ minimum: 0 }),
    bytes: Type.Integer({ minimum: 0 }),
  }),
});

export const CurrencyViewSchema = Strict({
  code: CurrencyCodeSchema,
  minorUnits: Type.Integer({ minimum: 0, description: "digits after the decimal point" }),
  issuer: Type.String(),
  supply: DecimalAmountSchema,
});

export const CurrenciesViewSchema = Strict({ currencies: Type.Array(CurrencyViewSchema) });

export const HealthSchema = Strict({ status: Type.Literal("ok") });
export const ReadySchema = Strict({ status: Type.Literal("ready") });

// ---- the institution desk ---------------------------------------------------------------------

export const KeyTypeNameSchema = Type.Union([Type.Literal("ed25519"), Type.Literal("p256")], {
  description: 'the key\'s signature scheme: "ed25519" or "p256"',
});

export const DeskViewSchema = Strict(
  {
    institution: Type.String({ description: "the institution's id, e.g. hk-emoney" }),
    name: Type.String({ description: "the institution's name, for people" }),
    kycTier: Type.Integer({
      minimum: 0,
      description: "the KYC tier of the accounts it opens here (basic: identity not yet checked)",
    }),
    /** What each new account receives; development networks only. */
    demoFunds: Type.Optional(MoneySchema),
  },
  { description: "An institution's desk: it opens accounts for keys that stay with their owner." },
);

export const OpenAccountBodySchema = Strict(
  {
    keyType: KeyTypeNameSchema,
    publicKey: Type.String({
      pattern: "^(?:[0-9a-f]{64}|0[23][0-9a-f]{64})$",
      description:
        "the raw public key as lower-case hex: 32 bytes for ed25519, 33 (compressed, 02/03 first) for p256",
    }),
    proof: Type.String({
      pattern: "^[0-9a-f]{128}$",
      description:
        'the key\'s 64-byte signature, purpose "open-account", over "<keyType>:<publicKey>:<institution>" (docs/spec/api.md)',
    }),
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: DESK_NAME_LENGTH_MAX,
        pattern: "^[^\\u0000-\\u001f\\u007f]+$",
        description: `how the customer is called, for the institution (1–${DESK_NAME_LENGTH_MAX} characters); never on the ledger`,
      }),
    ),
  },
  { description: "A request to open an account for a key." },
);

export const OpenAccountAcceptedSchema = Strict(
  {
    status: Type.Literal("accepted"),
    account: AccountIdSchema,
    institution: Type.String(),
    kycTier: Type.Integer({ minimum: 0 }),
    hash: Type.String({
      pattern: "^[0-9a-f]{64}$",
      description:
        "the institution's transaction that opens (and on a devnet funds) the account, as one linked unit",
    }),
    /** The demo money the same transaction credits (development networks only). */
    funding: Type.Optional(MoneySchema),
    message,
  },
  {
    description:
      "The institution signed and submitted the transaction; the account exists once it is committed (follow the account, or GET /v1/transactions/{hash}).",
  },
);

// ---- subscriptions ----------------------------------------------------------------------------

export const SubscribeMessageSchema = Type.Union(
  [
    Strict({ subscribe: Type.Literal("blocks") }),
    Strict({ subscribe: Type.Literal("account"), id: AccountIdSchema }),
    Strict({ subscribe: Type.Literal("reference"), id: HashSchema }),
    Strict({ unsubscribe: Type.Literal("blocks") }),
    Strict({ unsubscribe: Type.Literal("account"), id: AccountIdSchema }),
    Strict({ unsubscribe: Type.Literal("reference"), id: HashSchema }),
  ],
  { description: "What a client sends on /v1/subscribe." },
);

export const TopicSchema = Type.Union([
  Strict({ kind: Type.Literal("blocks") }),
  Strict({ kind: Type.Literal("account"), id: AccountIdSchema }),
  Strict({ kind: Type.Literal("reference"), id: HashSchema }),
]);

export const BlockEventSchema = Strict({
  type: Type.Literal("block"),
  blockId: HashSchema,
  height: HeightSchema,
  timestamp: TimestampSchema,
  transactions: Type.Integer({ minimum: 0 }),
  appHash: HashSchema,
  stateRoot: HashSchema,
});

export const AccountEventSchema = Strict({
  type: Type.Literal("account"),
  account: AccountIdSchema,
  entry: HistoryEntrySchema,
});

export const ReferenceEventSchema = Strict(
  {
    type: Type.Literal("reference"),
    kind: Type.Union([Type.Literal("payment"), Type.Literal("refund")], {
      description:
        "payment: a transfer or an approved request paid this reference (from payer to payee); refund: its payee returned money (from payee to payer)",
    }),
    reference: HashSchema,
    status: Type.Literal("committed"),
    hash: HashSchema,
    height: HeightSchema,
    index: Type.Integer({ minimum: 0 }),
    timestamp: TimestampSchema,
    code: Type.Integer({ minimum: 0 }),
    codeName: Type.String(),
    from: AccountIdSchema,
    to: AccountIdSchema,
    amount: MoneySchema,
    refunded: Type.Optional(Described(MoneySchema, "refunded so far, after this event")),
    refundable: Type.Optional(Described(MoneySchema, "what the payee may still refund")),
    requestId: Type.Optional(Described(ClientIdSchema, "the request this payment approved")),
  },
  {
    description:
      "A payment carrying this reference, or a refund of it, was committed and succeeded.",
  },
);

export const SubscriptionEventSchema = Type.Union([
  BlockEventSchema,
  AccountEventSchema,
  ReferenceEventSchema,
]);

export const ServerMessageSchema = Type.Union(
  [
    SubscriptionEventSchema,
    Strict({ type: Type.Literal("subscribed"), topic: TopicSchema }),
    Strict({ type: Type.Literal("unsubscribed"), topic: TopicSchema }),
    Strict({ type: Type.Literal("error"), error: ErrorBodySchema }),
    Strict({
      type: Type.Literal("dropped"),
      reason: Type.Union([Type.Literal("slow_consumer"), Type.Literal("shutdown")]),
      message: Type.String(),
    }),
  ],
  { description: "What the server sends on /v1/subscribe." },
);

// ---- types ------------------------------------------------------------------------------------

export type Money = Static<typeof MoneySchema>;
export type ErrorBody = Static<typeof ErrorBodySchema>;
export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>;
export type SubmitJsonBody = Static<typeof SubmitJsonBodySchema>;
export type SubmitResult = Static<typeof SubmitResultSchema>;
export type SubmitResults = Static<typeof SubmitResultsSchema>;
export type ReceiptView = Static<typeof ReceiptSchema>;
export type ReceiptProofView = Static<typeof ReceiptProofSchema>;
export type TransactionView = Static<typeof TransactionViewSchema>;
export type TransactionCommittedView = Static<typeof TransactionCommittedSchema>;
export type OperationView = Static<typeof OperationViewSchema>;
export type AccountProofView = Static<typeof AccountProofSchema>;
export type AccountView = Static<typeof AccountViewSchema>;
export type HistoryEntry = Static<typeof HistoryEntrySchema>;
export type HistoryRequestExpired = Static<typeof HistoryRequestExpiredSchema>;
export type AccountHistoryView = Static<typeof AccountHistorySchema>;
export type AccountHistoryQuery = Static<typeof AccountHistoryQuerySchema>;
export type BlockView = Static<typeof BlockViewSchema>;
export type ValidatorStatusView = Static<typeof ValidatorStatusSchema>;
export type StatusView = Static<typeof StatusViewSchema>;
export type NodeRoleView = Static<typeof NodeRoleViewSchema>;
export type CurrencyView = Static<typeof CurrencyViewSchema>;
export type CurrenciesView = Static<typeof CurrenciesViewSchema>;
export type SubscribeMessage = Static<typeof SubscribeMessageSchema>;
export type DeskView = Static<typeof DeskViewSchema>;
export type OpenAccountBody = Static<typeof OpenAccountBodySchema>;
export type OpenAccountAccepted = Static<typeof OpenAccountAcceptedSchema>;
export type Topic = Static<typeof TopicSchema>;
export type BlockEvent = Static<typeof BlockEventSchema>;
export type AccountEvent = Static<typeof AccountEventSchema>;
export type ReferenceEvent = Static<typeof ReferenceEventSchema>;
export type SubscriptionEvent = Static<typeof SubscriptionEventSchema>;
export type ServerMessage = Static<typeof ServerMessageSchema>;
export type Rate = Static<typeof RateSchema>;
export type RemittanceView = Static<typeof RemittanceViewSchema>;
export type RemittanceSourceView = Static<typeof RemittanceSourceViewSchema>;
