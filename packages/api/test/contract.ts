/**
 * Calls the server in-process (fastify's inject) and checks every answer against the route
 * definitions: a success matches the response schema declared for its status; a failure is the
 * error envelope, with a code the route declares (or a common one) and that code's status, and
 * never a stack trace. Tests that use `call` therefore check the contract on every request.
 */
import assert from "node:assert/strict";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import type { TSchema } from "@sinclair/typebox";
import type { InjectOptions } from "fastify";
import {
  ERROR_CODES,
  ErrorEnvelopeSchema,
  ROUTE_LIST,
  isErrorCode,
  routeErrorCodes,
  type ErrorEnvelope,
  type RouteDefinition,
} from "../src/index.ts";
import type { ApiServer } from "../src/server/index.ts";

const envelope = TypeCompiler.Compile(ErrorEnvelopeSchema);
/** Every declared success schema, compiled once at load (and never changed after). */
const RESPONSE_CHECKS: ReadonlyMap<TSchema, TypeCheck<TSchema>> = new Map(
  ROUTE_LIST.flatMap((route) => Object.values(route.responses)).map((schema) => [
    schema,
    TypeCompiler.Compile(schema),
  ]),
);

function pattern(route: RouteDefinition): RegExp {
  return new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, "[^/]+")}$`);
}

/** The route a request reaches; static paths win over parameters, as in the router. */
export function routeOf(method: string, url: string): RouteDefinition | undefined {
  // Dot segments are resolved before a request reaches the router, as an HTTP client does.
  const path = new URL(`http://localhost${url}`).pathname;
  const matches = ROUTE_LIST.filter((r) => r.method === method && pattern(r).test(path));
  return matches.find((r) => !r.path.includes(":")) ?? matches[0];
}

export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly text: string;
  readonly body: T;
}

/** Checks one answer against the contract; returns the parsed body. */
export function checkAnswer(
  method: string,
  url: string,
  status: number,
  headers: Record<string, unknown>,
  text: string,
): unknown {
  assert.ok(status < 500 || status === 503, `${method} ${url}: server error ${status}: ${text}`);
  assert.doesNotMatch(text, /\n\s+at |Error: |FST_/, `${method} ${url}: internals leaked: ${text}`);
  const route = routeOf(method, url);
  if (route?.produces === "text/plain" && status === 200) return text;
  assert.match(String(headers["content-type"]), /^application\/json/, `${method} ${url}: JSON`);
  const body: unknown = JSON.parse(text);
  if (status < 400) {
    assert.ok(route !== undefined, `${method} ${url}: success from no route`);
    const schema = route.responses[status];
    assert.ok(schema !== undefined, `${method} ${url}: status ${status} is not declared`);
    const check = RESPONSE_CHECKS.get(schema)!;
    if (!check.Check(body)) {
      const first = check.Errors(body).First();
      assert.fail(
        `${method} ${url}: answer does not match its schema at ${first?.path}: ${first?.message}\n${text}`,
      );
    }
    return body;
  }
  assert.ok(envelope.Check(body), `${method} ${url}: not the error envelope: ${text}`);
  const { code, message } = (body as ErrorEnvelope).error;
  assert.ok(isErrorCode(code), `${method} ${url}: unknown error code ${code}`);
  assert.equal(
    ERROR_CODES[code].status,
    status,
    `${method} ${url}: ${code} answered with ${status}`,
  );
  assert.ok(message.length > 10, `${method} ${url}: message says what to do`);
  const allowed =
    route === undefined
      ? ["route_not_found", "invalid_request", "rate_limited"]
      : routeErrorCodes(route);
  assert.ok(allowed.includes(code), `${method} ${url}: ${code} is not declared for this route`);
  if (["rate_limited", "mempool_full", "signer_pending_max", "node_busy"].includes(code)) {
    assert.match(String(headers["retry-after"]), /^[1-9][0-9]*$/, `${code} sets Retry-After`);
  }
  return body;
}

export async function call<T = any>(app: ApiServer, options: InjectOptions): Promise<Answer<T>> {
  const method = options.method ?? "GET";
  const url = String(options.url);
  const response = await app.inject(options);
  const body = checkAnswer(method, url, response.statusCode, response.headers, response.body);
  return {
    status: response.statusCode,
    headers: response.headers,
    text: response.body,
    body: body as T,
  };
}

export function postJson(app: ApiServer, url: string, payload: unknown): Promise<Answer> {
  return call(app, {
    method: "POST",
    url,
    payload: payload as never,
    headers: { "content-type": "application/json" },
  });
}
