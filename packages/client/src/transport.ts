/**
 * Requests derived from the API's route definitions: the path, method, body encoding and the
 * answer's type all come from the route, so the SDK cannot disagree with the server about them.
 * Error envelopes become the SDK's error classes (errors.ts).
 */
import {
  SUBMISSION_ERROR_CODES,
  type ErrorBody,
  type RouteBody,
  type RouteDefinition,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from "@tongbao/api";
import type { Client } from "./client.ts";
import {
  AccountExistsError,
  AccountNotFoundError,
  ApiError,
  DeskNotEnabledError,
  BlockNotFoundError,
  HttpRequestError,
  MempoolFullError,
  MerchantNotRegisteredError,
  NodeBusyError,
  RateLimitedError,
  RequestNotFoundError,
  TransactionNotFoundError,
  TransactionRejectedError,
} from "./errors.ts";

export interface RequestInput<R extends RouteDefinition> {
  readonly params?: RouteParams<R>;
  readonly query?: Partial<NonNullable<RouteQuery<R>>>;
  readonly body?: RouteBody<R>;
  /** Extra request headers, e.g. an operator's Authorization. */
  readonly headers?: Readonly<Record<string, string>>;
}

const SUBMISSION_CODES = new Set<string>(SUBMISSION_ERROR_CODES);

/** The SDK error for an error envelope. */
export function errorFromEnvelope(status: number, body: ErrorBody): ApiError {
  switch (body.code) {
    case "rate_limited":
      return new RateLimitedError(status, body);
    case "mempool_full":
      return new MempoolFullError(status, body);
    case "node_busy":
      return new NodeBusyError(status, body);
    case "account_not_found":
      return new AccountNotFoundError(status, body);
    case "block_not_found":
      return new BlockNotFoundError(status, body);
    case "transaction_not_found":
      return new TransactionNotFoundError(status, body);
    case "account_exists":
      return new AccountExistsError(status, body);
    case "desk_not_enabled":
      return new DeskNotEnabledError(status, body);
    case "merchant_not_registered":
      return new MerchantNotRegisteredError(status, body);
    case "request_not_found":
      return new RequestNotFoundError(status, body);
    default:
      return SUBMISSION_CODES.has(body.code)
        ? new TransactionRejectedError(status, body)
        : new ApiError(status, body);
  }
}

function urlOf(
  client: Client,
  route: RouteDefinition,
  input: RequestInput<RouteDefinition>,
): string {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${route.name}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {})) {
    if (value !== undefined) query.set(name, String(value));
  }
  const search = query.toString() === "" ? "" : `?${query.toString()}`;
  return `${client.url}${path}${search}`;
}

function isErrorEnvelope(value: unknown): value is { error: ErrorBody } {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as ErrorBody).code === "string" &&
    typeof (error as ErrorBody).message === "string"
  );
}

/** Calls `route` and returns its answer, or throws the SDK error for its failure. */
export async function request<R extends RouteDefinition>(
  client: Client,
  route: R,
  input: NoInfer<RequestInput<R>> = {},
): Promise<RouteResponse<R>> {
  const url = urlOf(client, route, input as RequestInput<RouteDefinition>);
  const headers: Record<string, string> = {
    ...input.headers,
    accept: route.produces ?? "application/json",
  };
  let body: string | Uint8Array | undefined;
  if (input.body !== undefined) {
    headers["content-type"] = route.bodyContentType ?? "application/json";
    body =
      route.bodyContentType === "application/octet-stream"
        ? (input.body as Uint8Array)
        : JSON.stringify(input.body);
  }
  let response: Response;
  let text: string;
  try {
    response = await client.fetch(url, {
      method: route.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(client.requestTimeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new HttpRequestError(url, error);
  }
  if (response.ok) {
    const json = route.produces === undefined || route.produces === "application/json";
    return (json ? JSON.parse(text) : text) as RouteResponse<R>;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isErrorEnvelope(parsed)) {
    // Not our server's answer (a proxy's error page, say): report it as it came.
    throw new ApiError(response.status, {
      code: response.status >= 500 ? "internal_error" : "invalid_request",
      message: `HTTP ${response.status} without an error envelope: ${text.slice(0, 200)}`,
    });
  }
  const envelope = parsed.error;
  // Retry-After is authoritative when the body names no wait.
  const retryAfterSeconds = Number(response.headers.get("retry-after"));
  if (envelope.details?.["retryAfterMs"] === undefined && retryAfterSeconds > 0) {
    throw errorFromEnvelope(response.status, {
      ...envelope,
      details: { ...envelope.details, retryAfterMs: retryAfterSeconds * 1000 },
    });
  }
  throw errorFromEnvelope(response.status, envelope);
}
