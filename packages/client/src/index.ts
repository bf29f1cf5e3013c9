/**
 * @tongbao/client: the TypeScript SDK of the public API. Requests, answers and errors are derived
 * from @tongbao/api's route definitions. Signing uses @tongbao/crypto (node:crypto) for now, so
 * this package runs in Node; a browser signer comes with the wallet.
 */
export {
  createClient,
  REQUEST_TIMEOUT_MS_DEFAULT,
  type Client,
  type BaseClient,
  type ClientOptions,
  type SocketLike,
  type WebSocketConstructor,
} from "./client.ts";
export { request, errorFromEnvelope, type RequestInput } from "./transport.ts";
export * from "./actions/queries.ts";
export * from "./actions/transactions.ts";
export * from "./actions/payment-queries.ts";
export * from "./actions/refunds.ts";
export * from "./actions/requests.ts";
export type { BuiltTransaction, PublicKeyLike } from "./actions/build.ts";
export type { Succeeded } from "./actions/send.ts";
/** The reference an approved request's payment carries when the request named none. */
export { requestReference } from "@tongbao/ledger";
export * from "./actions/subscribe.ts";
export * from "./errors.ts";
