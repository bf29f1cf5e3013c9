/**
 * The public API, defined once: each route's method, path, request and response schemas and the
 * error codes it can answer with. The server adapter registers exactly these routes, the OpenAPI
 * document is generated from them, and the client's requests and types are derived from them,
 * so the three cannot drift apart.
 */
import { Type, type Static, type TObject, type TSchema } from "@sinclair/typebox";
import {
  COMMON_ERROR_CODES,
  DESK_ERROR_CODES,
  MERCHANT_DESK_ERROR_CODES,
  QUOTE_ERROR_CODES,
  SUBMISSION_ERROR_CODES,
  TRAVEL_RULE_READ_ERROR_CODES,
  TRAVEL_RULE_UPLOAD_ERROR_CODES,
  type ErrorCode,
} from "./errors.ts";
import {
  TravelRuleParamsSchema,
  TravelRuleStoredSchema,
  TravelRuleUploadBodySchema,
  TravelRuleViewSchema,
} from "./travel-rule-schemas.ts";
import { BATCH_ITEMS_MAX, JSON_TRANSACTIONS_MAX } from "./limits.ts";
import { AccountRequestsSchema, PaymentViewSchema, RequestViewSchema } from "./payment-schemas.ts";
import { TransferFeeQuerySchema, TransferFeeViewSchema } from "./fee-schemas.ts";
import {
  Iso20022DocumentSchema,
  Iso20022QuerySchema,
  OffersQuerySchema,
  OffersViewSchema,
  QuoteQuerySchema,
  QuoteViewSchema,
} from "./remit-schemas.ts";
import {
  InstitutionsViewSchema,
  MerchantCodeBodySchema,
  MerchantCodeSchema,
  MerchantParamsSchema,
  MerchantProfileSchema,
  RegisterMerchantBodySchema,
} from "./merchant-schemas.ts";
import {
  AccountHistoryQuerySchema,
  AccountHistorySchema,
  AccountIdSchema,
  AccountViewSchema,
  BlockViewSchema,
  ClientIdSchema,
  CurrenciesViewSchema,
  DeskViewSchema,
  HashSchema,
  HealthSchema,
  OpenAccountAcceptedSchema,
  OpenAccountBodySchema,
  ReadySchema,
  StatusViewSchema,
  Strict,
  SubmitAcceptedSchema,
  SubmitCommittedSchema,
  SubmitJsonBodySchema,
  SubmitKnownSchema,
  SubmitResultsSchema,
  TransactionViewSchema,
} from "./schemas.ts";

export type HttpMethod = "GET" | "POST";
export type BodyContentType = "application/json" | "application/octet-stream";

export interface RouteDefinition {
  /** The operation id, and the name the client knows the route by. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path with `:name` parameters (letters only), e.g. "/v1/accounts/:id". */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly params?: TObject;
  readonly query?: TObject;
  readonly body?: TSchema;
  /** The Content-Type the body must have; the server refuses others with 415. */
  readonly bodyContentType?: BodyContentType;
  /** What a valid body looks like, quoted in error messages. */
  readonly bodyHint?: string;
  /** Successful answers by HTTP status. */
  readonly responses: Readonly<Record<number, TSchema>>;
  /** The media type of successful answers; JSON unless said otherwise. */
  readonly produces?: "application/json" | "text/plain" | "application/xml";
  /** Error codes this route answers with, besides COMMON_ERROR_CODES. */
  readonly errors: readonly ErrorCode[];
  /** A WebSocket endpoint: the GET upgrades, and messages follow subscription schemas. */
  readonly websocket?: boolean;
  /** Operational endpoints (probes, metrics) are not rate limited. */
  readonly rateLimited: boolean;
  /** The route needs `Authorization: Bearer <the node's operator token>`. */
  readonly operatorToken?: boolean;
}

function defineRoute<const R extends RouteDefinition>(route: R): R {
  return route;
}

/** Marks a body the server reads as raw bytes: documented, never schema-validated. */
export const BINARY_BODY_FORMAT = "binary";

const BinaryBodySchema = Type.Unsafe<Uint8Array>({
  type: "string",
  format: BINARY_BODY_FORMAT,
  description: `u32 count (big-endian), then per transaction a u32 length and its signed bytes; at most ${BATCH_ITEMS_MAX} transactions`,
});

const HashParams = Strict({ hash: HashSchema });
const AccountParams = Strict({ id: AccountIdSchema });
const PaymentParams = Strict({ id: AccountIdSchema, reference: HashSchema });
const RequestParams = Strict({ id: AccountIdSchema, requestId: ClientIdSchema });
const HeightParams = Strict({
  height: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "a height" }),
});

export const routes = {
  submitTransactions: defineRoute({
    name: "submitTransactions",
    method: "POST",
    path: "/v1/transactions",
    summary: "Submit signed transactions",
    description:
      "Submits one signed transaction (`transaction`) or up to " +
      `${JSON_TRANSACTIONS_MAX} in order (\`transactions\`). One transaction: 202 when accepted, 200 ` +
      "when it is already known or committed (resubmitting is idempotent), otherwise an error " +
      "answer with the admission code. Several: 200 with one result per transaction.",
    tags: ["transactions"],
    body: SubmitJsonBodySchema,
    bodyContentType: "application/json",
    bodyHint: '{"transaction": "<hex>"} or {"transactions": ["<hex>", …]}',
    responses: {
      202: SubmitAcceptedSchema,
      200: Type.Union([SubmitKnownSchema, SubmitCommittedSchema, SubmitResultsSchema]),
    },
    errors: [
      "invalid_json",
      "unsupported_media_type",
      "body_too_large",
      "node_busy",
      ...SUBMISSION_ERROR_CODES,
    ],
    rateLimited: true,
  }),

  submitBatch: defineRoute({
    name: "submitBatch",
    method: "POST",
    path: "/v1/transactions/batch",
    summary: "Submit a binary batch of signed transactions",
    description:
      "For high-volume submitters: the body is `application/octet-stream`, a u32 count then " +
      "(u32 length + signed transaction bytes) per item, all big-endian. Each item is admitted " +
      "in order and answered in `results`; the answer is 200 whatever the items' fates.",
    tags: ["transactions"],
    body: BinaryBodySchema,
    bodyContentType: "application/octet-stream",
    bodyHint: "u32 count, then u32 length + bytes per transaction",
    responses: { 200: SubmitResultsSchema },
    errors: ["batch_malformed", "unsupported_media_type", "body_too_large", "node_busy"],
    rateLimited: true,
  }),

  getTransaction: defineRoute({
    name: "getTransaction",
    method: "GET",
    path: "/v1/transactions/:hash",
    summary: "A transaction's status and result",
    description:
      "`pending` while in this node's mempool; `committed` with its result code and a receipt " +
      "proof once in a block. 404 when the node knows nothing of it (never submitted here, " +
      "evicted, or committed longer ago than it indexes).",
    tags: ["transactions"],
    params: HashParams,
    responses: { 200: TransactionViewSchema },
    errors: ["transaction_not_found", "node_busy"],
    rateLimited: true,
  }),

  getAccount: defineRoute({
    name: "getAccount",
    method: "GET",
    path: "/v1/accounts/:id",
    summary: "An account's balances, with a proof against the state root",
    description:
      "Balances as decimal strings per currency, the institution, KYC tier and frozen flag, " +
      "and a Merkle proof of the account's leaf against the latest committed state root.",
    tags: ["accounts"],
    params: AccountParams,
    responses: { 200: AccountViewSchema },
    errors: ["account_not_found", "node_busy"],
    rateLimited: true,
  }),

  getAccountHistory: defineRoute({
    name: "getAccountHistory",
    method: "GET",
    path: "/v1/accounts/:id/history",
    summary: "An account's recent committed activity, newest first",
    description:
      "Pages of committed transactions and expired holds that involve the account, newest " +
      "first; pass `nextCursor` as `cursor` for the next page. A gateway keeps a bounded recent " +
      "window per account; the block store is the full record.",
    tags: ["accounts"],
    params: AccountParams,
    query: AccountHistoryQuerySchema,
    responses: { 200: AccountHistorySchema },
    errors: ["account_not_found", "node_busy"],
    rateLimited: true,
  }),

  getTransferFee: defineRoute({
    name: "getTransferFee",
    method: "GET",
    path: "/v1/accounts/:id/fee",
    summary: "What a transfer of an amount from this account would cost in fees",
    description:
      "The fee the account's institution charges on a transfer of `amount` in `currency` under " +
      "the committed fee schedule, and the total that would leave the account. A later " +
      "schedule change applies to transfers in later blocks.",
    tags: ["accounts"],
    params: AccountParams,
    query: TransferFeeQuerySchema,
    responses: { 200: TransferFeeViewSchema },
    errors: ["account_not_found", "currency_not_found", "invalid_request", "node_busy"],
    rateLimited: true,
  }),

  getPayment: defineRoute({
    name: "getPayment",
    method: "GET",
    path: "/v1/accounts/:id/payments/:reference",
    summary: "Whether a reference is paid to this account, and what may still be refunded",
    description:
      "For a payee and a reference (a dynamic QR code's, or a request's): `paid: true` with the " +
      "payer, the amount, what was refunded and what remains refundable, the paying transaction " +
      "and a proof against the state root; `paid: false` when the ledger remembers no such " +
      "payment (not paid yet, or paid longer ago than the 30-day retention).",
    tags: ["payments"],
    params: PaymentParams,
    responses: { 200: PaymentViewSchema },
    errors: ["account_not_found", "node_busy"],
    rateLimited: true,
  }),

  getAccountRequests: defineRoute({
    name: "getAccountRequests",
    method: "GET",
    path: "/v1/accounts/:id/requests",
    summary: "Open requests to pay: those the account is asked to pay and those it made",
    description:
      "`incoming`: open requests naming the account as payer (at most 64); `outgoing`: open " +
      "requests it made as payee (at most 1,024); soonest deadline first. Closed requests are " +
      "in the account's history and at GET /v1/accounts/:id/requests/:requestId.",
    tags: ["payments"],
    params: AccountParams,
    responses: { 200: AccountRequestsSchema },
    errors: ["account_not_found", "node_busy"],
    rateLimited: true,
  }),

  getRequest: defineRoute({
    name: "getRequest",
    method: "GET",
    path: "/v1/accounts/:id/requests/:requestId",
    summary: "One request to pay, by its payee and id: open, or how it closed",
    description:
      "`open` from the ledger's state; `approved`, `declined`, `cancelled` or `expired` while this " +
      "node remembers the request closed (a bounded recent window); 404 otherwise.",
    tags: ["payments"],
    params: RequestParams,
    responses: { 200: RequestViewSchema },
    errors: ["account_not_found", "request_not_found", "node_busy"],
    rateLimited: true,
  }),

  getLatestBlock: defineRoute({
    name: "getLatestBlock",
    method: "GET",
    path: "/v1/blocks/latest",
    summary: "The last committed block",
    description: "The block at the committed height; 404 before the first block.",
    tags: ["blocks"],
    responses: { 200: BlockViewSchema },
    errors: ["block_not_found", "node_busy"],
    rateLimited: true,
  }),

  getBlock: defineRoute({
    name: "getBlock",
    method: "GET",
    path: "/v1/blocks/:height",
    summary: "A committed block: header, transactions and results",
    description: "The block at `height` (1 or more) with each transaction's hash and result.",
    tags: ["blocks"],
    params: HeightParams,
    responses: { 200: BlockViewSchema },
    errors: ["block_not_found", "node_busy"],
    rateLimited: true,
  }),

  getStatus: defineRoute({
    name: "getStatus",
    method: "GET",
    path: "/v1/status",
    summary: "The node's view of the chain",
    description:
      "Committed height, state root, app hash and time of the last block, the chain id, the " +
      "validators with this node's view of their health, and the mempool's size.",
    tags: ["node"],
    responses: { 200: StatusViewSchema },
    errors: ["node_busy"],
    rateLimited: true,
  }),

  getCurrencies: defineRoute({
    name: "getCurrencies",
    method: "GET",
    path: "/v1/currencies",
    summary: "The chain's currencies",
    description: "Each currency's code, minor units, issuer and supply.",
    tags: ["node"],
    responses: { 200: CurrenciesViewSchema },
    errors: ["node_busy"],
    rateLimited: true,
  }),

  getDesk: defineRoute({
    name: "getDesk",
    method: "GET",
    path: "/v1/desk",
    summary: "The institution desk of this gateway",
    description:
      "The institution that opens accounts here, the KYC tier it gives them and, on a " +
      "development network, the demo money each receives. 404 `desk_not_enabled` when this " +
      "gateway's node is not configured with its institution's key.",
    tags: ["desk"],
    responses: { 200: DeskViewSchema },
    errors: ["desk_not_enabled"],
    rateLimited: true,
  }),

  openAccount: defineRoute({
    name: "openAccount",
    method: "POST",
    path: "/v1/desk/accounts",
    summary: "Open an account for a key that stays with its owner",
    description:
      "The institution signs and submits `open_account` for the key (and, on a development " +
      "network, credits demo money in the same linked transaction): 202 with the account id " +
      "and the transaction's hash. The private key never leaves its owner; `proof` is the " +
      'key\'s signature with purpose "open-account" over "<keyType>:<publicKey>:<institution>". ' +
      "Asking again for a key whose opening is on its way answers the same; for a key that " +
      "has an account, 409 `account_exists`. Limited per address and per desk.",
    tags: ["desk"],
    body: OpenAccountBodySchema,
    bodyContentType: "application/json",
    bodyHint: '{"keyType": "ed25519", "publicKey": "<hex>", "proof": "<hex>", "name": "…"}',
    responses: { 202: OpenAccountAcceptedSchema },
    errors: [...DESK_ERROR_CODES],
    rateLimited: true,
  }),

  getInstitutions: defineRoute({
    name: "getInstitutions",
    method: "GET",
    path: "/v1/institutions",
    summary: "The member institutions and their public keys",
    description:
      "Each institution's id, name, roles, own account and public key, from the committed " +
      "state. A wallet verifies a merchant's QR code with the key of the institution the code " +
      'names (purpose "qr", docs/spec/qr.md).',
    tags: ["node"],
    responses: { 200: InstitutionsViewSchema },
    errors: ["node_busy"],
    rateLimited: true,
  }),

  getMerchantProfile: defineRoute({
    name: "getMerchantProfile",
    method: "GET",
    path: "/v1/desk/merchants/:account",
    summary: "What this desk's institution knows of a merchant",
    description:
      "The name, city and category the institution puts in the merchant's QR codes; 404 " +
      "`merchant_not_registered` when it knows none.",
    tags: ["desk"],
    params: MerchantParamsSchema,
    responses: { 200: MerchantProfileSchema },
    errors: ["desk_not_enabled", "merchant_not_registered"],
    rateLimited: true,
  }),

  registerMerchant: defineRoute({
    name: "registerMerchant",
    method: "POST",
    path: "/v1/desk/merchants",
    summary: "Register (or change) a merchant's name, city and category",
    description:
      "For an account of this desk's institution: the name, city and merchant category code its " +
      "QR codes will carry, verified by the institution. `proof` is the account key's signature " +
      'with purpose "merchant-profile" (docs/spec/api.md). A development network\'s desk accepts ' +
      "any name; a production institution checks it against its records first. Limited per " +
      "address like account openings.",
    tags: ["desk"],
    body: RegisterMerchantBodySchema,
    bodyContentType: "application/json",
    bodyHint:
      '{"account": "<hex>", "name": "TEA HOUSE", "city": "HONG KONG", "mcc": "5812", "requestedAt": "…", "proof": "<hex>"}',
    responses: { 200: MerchantProfileSchema },
    errors: [...MERCHANT_DESK_ERROR_CODES, "merchant_register_full"],
    rateLimited: true,
  }),

  createMerchantCode: defineRoute({
    name: "createMerchantCode",
    method: "POST",
    path: "/v1/desk/merchant-codes",
    summary: "A merchant's QR code, signed by its institution",
    description:
      "Builds a Tongbao merchant code (docs/spec/qr.md) from the institution's profile of the " +
      "merchant and signs it with the institution's key (purpose qr). With `amount`: a dynamic " +
      "code for one sale, with a fresh random one-time reference and an expiry " +
      "(`expiresInMs`, default 15 minutes, at most 24 hours); the sale is paid when a payment " +
      "carrying `ledgerReference` commits (follow the reference topic). Without: the static " +
      "code of the counter. The account must be this institution's and not frozen; `proof` is " +
      'its key\'s signature with purpose "merchant-code". Limited per address.',
    tags: ["desk"],
    body: MerchantCodeBodySchema,
    bodyContentType: "application/json",
    bodyHint:
      '{"account": "<hex>", "currency": "HKD", "amount": "12.50", "requestedAt": "…", "proof": "<hex>"}',
    responses: { 200: MerchantCodeSchema },
    errors: [...MERCHANT_DESK_ERROR_CODES, "merchant_not_registered", "currency_not_found"],
    rateLimited: true,
  }),

  getOffers: defineRoute({
    name: "getOffers",
    method: "GET",
    path: "/v1/offers",
    summary: "Liquidity providers' live offers, best rate first",
    description:
      "Offers to convert `buy` (the sender's currency) into `sell` (the recipient's), filtered by " +
      "either or both, best rate first (then the most liquidity). `liquidity` is the provider's " +
      "available balance of `sell` now; firm quotes hold part of it until used or expired.",
    tags: ["remittances"],
    query: OffersQuerySchema,
    responses: { 200: OffersViewSchema },
    errors: ["currency_not_found", "node_busy"],
    rateLimited: true,
  }),

  getQuote: defineRoute({
    name: "getQuote",
    method: "GET",
    path: "/v1/quotes",
    summary: "What a remittance would cost and deliver; firm when the payer's desk holds it",
    description:
      "For `sendAmount` (in `from`) or `receiveAmount` (in `to`) — exactly one — the best live " +
      "offer whose limits and liquidity fit: the amounts, the rate, the sender's fee, the " +
      "provider's declared spread and the total debit. With `payer`, at the gateway of the " +
      "payer's institution, the desk holds the liquidity in the ledger (hold_quote, 60 s) and the " +
      "answer is firm: remit with `id` before `expiresAt`. Otherwise it is indicative.",
    tags: ["remittances"],
    query: QuoteQuerySchema,
    responses: { 200: QuoteViewSchema },
    errors: [...QUOTE_ERROR_CODES],
    rateLimited: true,
  }),

  getIso20022: defineRoute({
    name: "getIso20022",
    method: "GET",
    path: "/v1/payments/:hash/iso20022",
    summary: "A settled remittance as an ISO 20022 message",
    description:
      "The committed, successful remit transaction `hash` as pacs.008.001.09 (default; `type=" +
      "pacs.008`) or pain.001.001.10 (`type=pain.001`), built from the ledger's facts " +
      "(docs/spec/iso20022.md): UETR from the hash, the institutions as agents, the send and " +
      "receive amounts and the rate. Debtor and creditor are named NOTPROVIDED, unless the " +
      "request carries this node's operator token (Authorization: Bearer …): then they are " +
      "named, with their addresses, from the remittance's travel-rule data as this node's " +
      "institution decrypts it (401, 403 `not_a_recipient`, 404 as GET /v1/travel-rule/:hash). " +
      "404 for a transaction this node does not index; 409 `not_a_remittance` for one that is " +
      "not a successful remittance.",
    tags: ["remittances"],
    params: HashParams,
    query: Iso20022QuerySchema,
    responses: { 200: Iso20022DocumentSchema },
    produces: "application/xml",
    errors: [
      "transaction_not_found",
      "not_a_remittance",
      "node_busy",
      ...TRAVEL_RULE_READ_ERROR_CODES,
    ],
    rateLimited: true,
  }),

  uploadTravelRule: defineRoute({
    name: "uploadTravelRule",
    method: "POST",
    path: "/v1/travel-rule",
    summary: "Store an encrypted travel-rule envelope under its hash",
    description:
      "The sender's wallet or institution uploads the envelope (docs/spec/travel-rule.md §3) " +
      "before submitting the payment that carries `hash`. The node checks it without " +
      "decrypting — canonical, this chain, committing to `hash`, each recipient entry made for " +
      "that institution's travel-rule key of GET /v1/institutions — stores it and passes it to " +
      "every other node. 200 `stored`, or `known` when this very envelope is already stored " +
      "(uploading again is idempotent); 409 `envelope_conflict` for another envelope under the " +
      "same hash. Nothing is stored when the answer is an error.",
    tags: ["travel-rule"],
    body: TravelRuleUploadBodySchema,
    bodyContentType: "application/json",
    bodyHint: '{"hash": "<64 hex>", "envelope": "<the envelope\'s JSON text>"}',
    responses: { 200: TravelRuleStoredSchema },
    errors: [...TRAVEL_RULE_UPLOAD_ERROR_CODES],
    rateLimited: true,
  }),

  getTravelRule: defineRoute({
    name: "getTravelRule",
    method: "GET",
    path: "/v1/travel-rule/:hash",
    summary: "Travel-rule data, decrypted for this gateway's institution",
    description:
      "For the operator of a recipient institution's node only (Authorization: Bearer <the " +
      "node's operator token>, else 401). The gateway decrypts the envelope stored under " +
      "`hash` with its institution's travel-rule private key and checks that the data hashes " +
      "to `hash` (422 `envelope_hash_mismatch` otherwise). 403 `not_a_recipient` when the " +
      "envelope is not encrypted to this institution; 404 when neither this node nor its peers " +
      "(asked for up to 2 s) hold it.",
    tags: ["travel-rule"],
    params: TravelRuleParamsSchema,
    responses: { 200: TravelRuleViewSchema },
    errors: [...TRAVEL_RULE_READ_ERROR_CODES],
    rateLimited: true,
    operatorToken: true,
  }),

  subscribe: defineRoute({
    name: "subscribe",
    method: "GET",
    path: "/v1/subscribe",
    summary: "WebSocket: follow blocks, an account, or a payment reference",
    description:
      'Upgrade to a WebSocket, then send `{"subscribe":"blocks"}`, `{"subscribe":"account",' +
      '"id":"<account>"}` or `{"subscribe":"reference","id":"<reference>"}` (and `unsubscribe` ' +
      "likewise). The server answers `subscribed`, then sends events as JSON text messages " +
      "(SubscribeMessage and ServerMessage in the components). A subscriber that reads too " +
      'slowly is sent `{"type":"dropped","reason":"slow_consumer"}` and closed with code 1013.',
    tags: ["subscriptions"],
    responses: {},
    errors: ["upgrade_required", "subscriptions_too_many"],
    websocket: true,
    rateLimited: true,
  }),

  getOpenApi: defineRoute({
    name: "getOpenApi",
    method: "GET",
    path: "/v1/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 document generated from the route definitions.",
    tags: ["node"],
    responses: { 200: Type.Record(Type.String(), Type.Unknown()) },
    errors: [],
    rateLimited: true,
  }),

  getMetrics: defineRoute({
    name: "getMetrics",
    method: "GET",
    path: "/metrics",
    summary: "Prometheus metrics",
    description: "The node's metrics in the Prometheus text format.",
    tags: ["operations"],
    responses: { 200: Type.String() },
    produces: "text/plain",
    errors: [],
    rateLimited: false,
  }),

  getHealth: defineRoute({
    name: "getHealth",
    method: "GET",
    path: "/healthz",
    summary: "Liveness",
    description: "200 while the process serves requests.",
    tags: ["operations"],
    responses: { 200: HealthSchema },
    errors: [],
    rateLimited: false,
  }),

  getReady: defineRoute({
    name: "getReady",
    method: "GET",
    path: "/readyz",
    summary: "Readiness",
    description: "200 when the node should receive traffic; 503 `not_ready` with the reason.",
    tags: ["operations"],
    responses: { 200: ReadySchema },
    errors: ["not_ready"],
    rateLimited: false,
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

export const ROUTE_LIST: readonly RouteDefinition[] = Object.values(routes);

/** Every error code a route may answer with: its declared codes and the common ones. */
export function routeErrorCodes(route: RouteDefinition): readonly ErrorCode[] {
  return [...new Set<ErrorCode>([...route.errors, ...COMMON_ERROR_CODES])];
}

type StaticOf<S> = S extends TSchema ? Static<S> : undefined;

export type RouteParams<R extends RouteDefinition> = StaticOf<R["params"]>;
export type RouteQuery<R extends RouteDefinition> = StaticOf<R["query"]>;
export type RouteBody<R extends RouteDefinition> = StaticOf<R["body"]>;
export type RouteResponse<R extends RouteDefinition> = {
  [S in keyof R["responses"]]: StaticOf<R["responses"][S]>;
}[keyof R["responses"]];
