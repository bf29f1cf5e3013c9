/**
 * @tongbao/api: the public HTTP and WebSocket API defined once — routes, schemas, error codes and
 * limits — plus the port the node implements. The server adapter is at "@tongbao/api/server";
 * this entry point has no server code, so the client and the wallet can import it.
 */
export {
  routes,
  ROUTE_LIST,
  BINARY_BODY_FORMAT,
  routeErrorCodes,
  type RouteDefinition,
  type RouteName,
  type Routes,
  type RouteParams,
  type RouteQuery,
  type RouteBody,
  type RouteResponse,
  type HttpMethod,
  type BodyContentType,
} from "./routes.ts";
export * from "./schemas.ts";
export * from "./merchant-schemas.ts";
export * from "./payment-schemas.ts";
export * from "./fee-schemas.ts";
export * from "./remit-schemas.ts";
export * from "./travel-rule-schemas.ts";
export {
  ERROR_CODES,
  COMMON_ERROR_CODES,
  DESK_ERROR_CODES,
  MERCHANT_DESK_ERROR_CODES,
  QUOTE_ERROR_CODES,
  SUBMISSION_ERROR_CODES,
  MALFORMED_TRANSACTION_CODES,
  TRAVEL_RULE_UPLOAD_ERROR_CODES,
  TRAVEL_RULE_READ_ERROR_CODES,
  isErrorCode,
  errorStatus,
  type ErrorCode,
  type ErrorCodeInfo,
} from "./errors.ts";
export * as limits from "./limits.ts";
export { encodeBatch, decodeBatch, BatchFormatError } from "./batch.ts";
export {
  OPEN_ACCOUNT_PROOF_PURPOSE,
  openAccountProofPayload,
  type OpenAccountProofInput,
} from "./desk.ts";
export {
  MERCHANT_CODE_PROOF_PURPOSE,
  MERCHANT_PROFILE_PROOF_PURPOSE,
  merchantCodeProofPayload,
  merchantProfileProofPayload,
} from "./merchant.ts";
export {
  ServiceError,
  type ApiServices,
  type DeskServices,
  type TravelRuleServices,
  type TravelRuleReader,
  type AccountHistoryOptions,
  type OffersFilter,
  type QuoteRequest,
  type TransactionLookup,
  type RequestLookup,
  type SubscriptionListener,
  type SubscribeResult,
  type DropReason,
  type Readiness,
} from "./services.ts";
