/**
 * @tongbao/client for browsers: the whole SDK without Node modules. Keys sign through a Signer —
 * nobleSigner (@noble/curves) here — and the platform's fetch and WebSocket carry the requests.
 * Bundlers reach it as "@tongbao/client/browser"; Node code imports "@tongbao/client", which adds
 * keySigner (node:crypto) and the `ws` fallback for Node 20.
 */
export {
  createClient,
  REQUEST_TIMEOUT_MS_DEFAULT,
  type Client,
  type BaseClient,
  type ClientEnvironment,
  type ClientOptions,
  type SocketLike,
  type WebSocketConstructor,
} from "./client.ts";
export { request, errorFromEnvelope, type RequestInput } from "./transport.ts";
export { isSigner, type Signer } from "./signer.ts";
export { nobleSigner, generateSecretKey, SECRET_KEY_BYTES } from "./signers/noble-signer.ts";
export * from "./actions/queries.ts";
export * from "./actions/transactions.ts";
export * from "./actions/payment-queries.ts";
export * from "./actions/refunds.ts";
export * from "./actions/requests.ts";
export type { BuiltTransaction, PublicKeyLike } from "./actions/build.ts";
export { randomClientId } from "./actions/build.ts";
export type { Succeeded } from "./actions/send.ts";
export type { OnSigned, SignedTransactionInfo } from "./actions/on-signed.ts";
/** The reference an approved request's payment carries when the request named none. */
export { requestReference } from "@tongbao/ledger";
export * from "./actions/subscribe.ts";
export * from "./actions/desk.ts";
export * from "./actions/merchant.ts";
export * from "./actions/payment-code.ts";
export * from "./actions/remit-queries.ts";
export * from "./actions/remit.ts";
export * from "./actions/remit-admin.ts";
export { parseRate, type RateRatio } from "./actions/rate.ts";
export * from "./actions/travel-rule.ts";
export * from "./errors.ts";
