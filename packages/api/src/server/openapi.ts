/**
 * The fastify schema of each route, built from its definition: the request schemas fastify
 * validates, and the responses — successes and, per status, the error codes the route declares —
 * from which @fastify/swagger writes the OpenAPI document served at /v1/openapi.json.
 */
import type { TSchema } from "@sinclair/typebox";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import { routeErrorCodes, type RouteDefinition } from "../routes.ts";
import {
  ErrorEnvelopeSchema,
  ServerMessageSchema,
  Strict,
  SubscribeMessageSchema,
} from "../schemas.ts";

/** Routes without query parameters refuse any, as bodies refuse unknown fields. */
const NoQuery = Strict({});

export const OPENAPI_INFO = {
  title: "Tongbao API",
  version: "1.0.0",
  description:
    "The public API of a Tongbao gateway: submit signed transactions, read accounts, blocks and " +
    "receipts with proofs, and follow payments over WebSocket. Amounts are decimal strings with " +
    "a currency code; times are ISO 8601 UTC; ids are lower-case hex. Every error answer is " +
    '{"error": {"code", "message", "details"}}. Prose: docs/spec/api.md.',
};

/** Schemas that no route body names but clients need: the WebSocket messages. */
export const OPENAPI_COMPONENTS = {
  schemas: {
    Error: ErrorEnvelopeSchema,
    SubscribeMessage: SubscribeMessageSchema,
    ServerMessage: ServerMessageSchema,
  },
  securitySchemes: {
    operatorToken: {
      type: "http",
      scheme: "bearer",
      description:
        "The node's operator token (a file beside its node.json): only the node's operator reads what its institution decrypts.",
    },
  },
};

function errorResponses(route: RouteDefinition): Record<string, TSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, TSchema> = {};
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      ...ErrorEnvelopeSchema,
      description: `Error codes: ${codes.join(", ")}.`,
      "x-error-codes": codes,
    };
  }
  return out;
}

export function fastifySchemaOf(route: RouteDefinition): Record<string, unknown> {
  const response: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    const description = schema.description ?? route.summary;
    // Successes of a non-JSON route name their media type; its errors stay JSON.
    response[status] =
      route.produces === undefined || route.produces === "application/json"
        ? { ...schema, description }
        : { description, content: { [route.produces]: { schema } } };
  }
  if (route.websocket === true) {
    response["101"] = { description: "Switching Protocols: the WebSocket is open.", type: "null" };
  }
  Object.assign(response, errorResponses(route));
  return {
    operationId: route.name,
    summary: route.summary,
    description: route.description,
    tags: [...route.tags],
    ...(route.params === undefined ? {} : { params: route.params }),
    querystring: route.query ?? NoQuery,
    ...(route.body === undefined ? {} : { body: route.body }),
    ...(route.bodyContentType === undefined ? {} : { consumes: [route.bodyContentType] }),
    produces: ["application/json"],
    ...(route.operatorToken === true ? { security: [{ operatorToken: [] }] } : {}),
    response,
  };
}
