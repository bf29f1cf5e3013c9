/**
 * Error answers: one envelope for every failure, the code's HTTP status, and Retry-After when the
 * client should wait. Handlers throw ServiceError; fastify's own failures (parsing, limits,
 * validation) are translated here, so no answer ever carries a stack trace or fastify's shapes.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger, FastifyReply } from "fastify";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import type { ErrorBody } from "../schemas.ts";
import { ServiceError } from "../services.ts";
import { RequestValidationError } from "./validation.ts";

export function errorBody(
  code: ErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): ErrorBody {
  return Object.keys(details).length === 0 ? { code, message } : { code, message, details };
}

export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  const retryAfterMs = details["retryAfterMs"];
  if (typeof retryAfterMs === "number" && retryAfterMs > 0) {
    // Retry-After is in whole seconds; round up so a client never comes back too early.
    reply.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  }
  return reply
    .code(ERROR_CODES[code].status)
    .type("application/json; charset=utf-8")
    .send({ error: errorBody(code, message, details) });
}

interface FastifyLikeError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
}

/**
 * Translates anything thrown while serving a request. Bad input (4xx from fastify's parsers and
 * limits) becomes the matching code; anything else is a bug or an outage, logged in full and
 * answered as internal_error without detail.
 */
export function sendThrown(
  reply: FastifyReply,
  error: unknown,
  log: FastifyBaseLogger,
  bodyLimitBytes: number,
): FastifyReply {
  if (error instanceof ServiceError)
    return sendError(reply, error.code, error.message, error.details);
  if (error instanceof RequestValidationError) {
    return sendError(reply, "invalid_request", error.message, {
      location: error.location === "querystring" ? "query" : error.location,
      field: error.field,
    });
  }
  const { code, statusCode } = (error ?? {}) as FastifyLikeError;
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return sendError(
        reply,
        "body_too_large",
        `the body is larger than this route's limit of ${bodyLimitBytes} bytes; send less per request`,
        { limitBytes: bodyLimitBytes },
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return sendError(
        reply,
        "unsupported_media_type",
        "this Content-Type is not read here; JSON routes take application/json and the batch route application/octet-stream",
      );
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return sendError(reply, "invalid_json", "the body is empty; send a JSON object");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return sendError(
        reply,
        "invalid_json",
        "the body is not well-formed JSON; check quotes, commas and brackets",
      );
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return sendError(reply, "invalid_request", "Content-Length does not match the body sent");
    case "FST_ERR_BAD_URL":
    case "FST_ERR_MAX_PARAM_LENGTH":
      return sendError(
        reply,
        "invalid_request",
        "the URL is not valid: check its percent-encoding and length",
      );
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return sendError(reply, "invalid_json", "the body is not well-formed JSON");
  }
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return sendError(
      reply,
      "invalid_request",
      "the request could not be read; see /v1/openapi.json for its form",
    );
  }
  log.error({ err: error }, "request failed");
  return sendError(
    reply,
    "internal_error",
    "the node failed to answer; retry later, and tell the operator if it persists",
  );
}

/**
 * Answers a request that never became a request — malformed HTTP, headers too large, too slow —
 * on the raw socket, still in the envelope, then closes the connection (fastify's
 * clientErrorHandler).
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  let code: ErrorCode = "invalid_request";
  let message = "the request is not valid HTTP/1.1";
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    code = "request_timeout";
    message = "the request did not arrive whole in time; send it again, faster";
  } else if (error.code === "HPE_HEADER_OVERFLOW") {
    code = "headers_too_large";
    message = "the request's headers are too large; send fewer or shorter headers";
  }
  const status = ERROR_CODES[code].status;
  const body = JSON.stringify({ error: errorBody(code, message) });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
