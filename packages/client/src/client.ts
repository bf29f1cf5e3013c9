/**
 * A client of one gateway on one chain. Actions are plain functions taking the client and one
 * named-options object (`getAccount(client, { id })`); the client also carries them as methods
 * (`client.getAccount({ id })`) for convenience.
 *
 * State lives in the client, never in the module: a cache of the chain's currencies, which never
 * change after genesis.
 */
import type { CurrencyView, InstitutionView } from "@tongbao/api";
import * as queries from "./actions/queries.ts";
import * as txs from "./actions/transactions.ts";
import * as paymentQueries from "./actions/payment-queries.ts";
import * as refunds from "./actions/refunds.ts";
import * as requests from "./actions/requests.ts";
import { subscribe } from "./actions/subscribe.ts";
import * as desk from "./actions/desk.ts";
import * as merchant from "./actions/merchant.ts";
import * as paymentCode from "./actions/payment-code.ts";
import type * as travelRule from "./actions/travel-rule.ts";

/**
 * The travel-rule actions, loaded when first used: sealing brings X25519, HKDF, AES-GCM and the
 * IVMS101 validator, which a page that never sends abroad (a browser's first load) need not fetch.
 */
const travelRuleActions = () => import("./actions/travel-rule.ts");

/** The part of the WebSocket API the SDK uses; browsers' WebSocket and the `ws` package fit. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => SocketLike;

/** Each request gives up after this long: a gateway slower than this is treated as unreachable. */
export const REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

export interface ClientOptions {
  /** The gateway's base URL, e.g. "http://127.0.0.1:8080" (no trailing /v1). */
  readonly url: string;
  /** The chain transactions are signed for, e.g. "tongbao-devnet-1". */
  readonly chainId: string;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * Defaults to the global WebSocket (browsers, Node 22+); the Node entry point falls back to
   * the `ws` package, as Node 20 has none.
   */
  readonly WebSocket?: WebSocketConstructor;
  /** Wall-clock milliseconds, for deadlines; Date.now by default. */
  readonly nowMs?: () => number;
  readonly requestTimeoutMs?: number;
}

export interface BaseClient {
  readonly url: string;
  readonly chainId: string;
  readonly fetch: typeof fetch;
  readonly nowMs: () => number;
  readonly requestTimeoutMs: number;
  readonly cache: {
    currencies: Promise<readonly CurrencyView[]> | undefined;
    /** The member institutions and their keys: they verify merchants' QR codes. */
    institutions?: Promise<readonly InstitutionView[]> | undefined;
  };
  webSocket(): Promise<WebSocketConstructor>;
}

type Bound<F> = F extends (client: Client, ...rest: infer A) => infer R ? (...args: A) => R : never;

export interface Client extends BaseClient {
  getAccount: Bound<typeof queries.getAccount>;
  getAccountHistory: Bound<typeof queries.getAccountHistory>;
  getTransaction: Bound<typeof queries.getTransaction>;
  getBlock: Bound<typeof queries.getBlock>;
  getStatus: Bound<typeof queries.getStatus>;
  getCurrencies: Bound<typeof queries.getCurrencies>;
  buildTransfer: Bound<typeof txs.buildTransfer>;
  signTransaction: Bound<typeof txs.signTransaction>;
  submitTransaction: Bound<typeof txs.submitTransaction>;
  submitTransactions: Bound<typeof txs.submitTransactions>;
  waitForTransaction: Bound<typeof txs.waitForTransaction>;
  pay: Bound<typeof txs.pay>;
  getPayment: Bound<typeof paymentQueries.getPayment>;
  getTransferFee: Bound<typeof paymentQueries.getTransferFee>;
  getAccountRequests: Bound<typeof paymentQueries.getAccountRequests>;
  getRequest: Bound<typeof paymentQueries.getRequest>;
  buildRefund: Bound<typeof refunds.buildRefund>;
  refund: Bound<typeof refunds.refund>;
  buildRequestPayment: Bound<typeof requests.buildRequestPayment>;
  requestPayment: Bound<typeof requests.requestPayment>;
  buildApproveRequest: Bound<typeof requests.buildApproveRequest>;
  approveRequest: Bound<typeof requests.approveRequest>;
  buildDeclineRequest: Bound<typeof requests.buildDeclineRequest>;
  declineRequest: Bound<typeof requests.declineRequest>;
  subscribe: Bound<typeof subscribe>;
  getDesk: Bound<typeof desk.getDesk>;
  openAccount: Bound<typeof desk.openAccount>;
  getInstitutions: Bound<typeof merchant.getInstitutions>;
  getMerchantProfile: Bound<typeof merchant.getMerchantProfile>;
  registerMerchant: Bound<typeof merchant.registerMerchant>;
  createMerchantCode: Bound<typeof merchant.createMerchantCode>;
  verifyPaymentCode: Bound<typeof paymentCode.verifyPaymentCode>;
  sealTravelRule: Bound<typeof travelRule.sealTravelRule>;
  uploadTravelRule: Bound<typeof travelRule.uploadTravelRule>;
  readTravelRule: Bound<typeof travelRule.readTravelRule>;
}

/** What differs between the Node and the browser entry points. */
export interface ClientEnvironment {
  /** A WebSocket class when neither the options nor the platform offer one. */
  readonly loadWebSocket?: () => Promise<WebSocketConstructor>;
}

/**
 * @example
 * const client = createClient({ url: "http://127.0.0.1:8080", chainId: "tongbao-devnet-1" });
 * const receipt = await client.pay({ signer, to, amount: "12.50", currency: "HKD" });
 */
export function createClient(options: ClientOptions, environment: ClientEnvironment = {}): Client {
  if (typeof options.url !== "string" || !/^https?:\/\/[^/]/.test(options.url)) {
    throw new TypeError(`url: expected the gateway's http(s) URL, e.g. "http://127.0.0.1:8080"`);
  }
  if (typeof options.chainId !== "string" || options.chainId.length === 0) {
    throw new TypeError('chainId: expected the chain\'s name, e.g. "tongbao-devnet-1"');
  }
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const base: BaseClient = {
    url: options.url.replace(/\/+$/, ""),
    chainId: options.chainId,
    fetch: (input, init) => fetchFunction(input, init),
    nowMs: options.nowMs ?? (() => Date.now()),
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT,
    cache: { currencies: undefined },
    async webSocket() {
      if (options.WebSocket !== undefined) return options.WebSocket;
      const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (global !== undefined) return global;
      if (environment.loadWebSocket !== undefined) return environment.loadWebSocket();
      throw new TypeError(
        "WebSocket: this platform has none; pass createClient({ WebSocket }) (e.g. the ws package)",
      );
    },
  };
  const client = base as Client;
  Object.assign(client, {
    getAccount: (p) => queries.getAccount(client, p),
    getAccountHistory: (p) => queries.getAccountHistory(client, p),
    getTransaction: (p) => queries.getTransaction(client, p),
    getBlock: (p) => queries.getBlock(client, p),
    getStatus: (p) => queries.getStatus(client, p),
    getCurrencies: (p) => queries.getCurrencies(client, p),
    buildTransfer: (p) => txs.buildTransfer(client, p),
    signTransaction: (p) => txs.signTransaction(client, p),
    submitTransaction: (p) => txs.submitTransaction(client, p),
    submitTransactions: (p) => txs.submitTransactions(client, p),
    waitForTransaction: (p) => txs.waitForTransaction(client, p),
    pay: (p) => txs.pay(client, p),
    getPayment: (p) => paymentQueries.getPayment(client, p),
    getTransferFee: (p) => paymentQueries.getTransferFee(client, p),
    getAccountRequests: (p) => paymentQueries.getAccountRequests(client, p),
    getRequest: (p) => paymentQueries.getRequest(client, p),
    buildRefund: (p) => refunds.buildRefund(client, p),
    refund: (p) => refunds.refund(client, p),
    buildRequestPayment: (p) => requests.buildRequestPayment(client, p),
    requestPayment: (p) => requests.requestPayment(client, p),
    buildApproveRequest: (p) => requests.buildApproveRequest(client, p),
    approveRequest: (p) => requests.approveRequest(client, p),
    buildDeclineRequest: (p) => requests.buildDeclineRequest(client, p),
    declineRequest: (p) => requests.declineRequest(client, p),
    subscribe: (p) => subscribe(client, p),
    getDesk: (p) => desk.getDesk(client, p),
    openAccount: (p) => desk.openAccount(client, p),
    getInstitutions: (p) => merchant.getInstitutions(client, p),
    getMerchantProfile: (p) => merchant.getMerchantProfile(client, p),
    registerMerchant: (p) => merchant.registerMerchant(client, p),
    createMerchantCode: (p) => merchant.createMerchantCode(client, p),
    verifyPaymentCode: (p) => paymentCode.verifyPaymentCode(client, p),
    sealTravelRule: async (p) => (await travelRuleActions()).sealTravelRule(client, p),
    uploadTravelRule: async (p) => (await travelRuleActions()).uploadTravelRule(client, p),
    readTravelRule: async (p) => (await travelRuleActions()).readTravelRule(client, p),
  } satisfies Omit<Client, keyof BaseClient>);
  return client;
}
