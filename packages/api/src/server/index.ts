/**
 * The fastify adapter of the API: registers every route of the definitions (routes.ts) with its
 * schema, validation, limits and handler, the WebSocket subscriptions, and the OpenAPI document.
 *
 *   const server = await createApiServer({ services, logger });
 *   await server.listen({ host: "127.0.0.1", port: 8080 });
 *   …
 *   await server.close(); // subscribers are told the node is shutting down
 *
 * Every answer that is not a success is the error envelope; bad input is never a 500.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import swagger from "@fastify/swagger";
import websocket from "@fastify/websocket";
import {
  BATCH_BODY_BYTES_MAX,
  DESK_OPENS_BURST_DEFAULT,
  DESK_OPENS_PER_MINUTE_ALL_DEFAULT,
  DESK_OPENS_PER_MINUTE_DEFAULT,
  FIRM_QUOTES_BURST_DEFAULT,
  FIRM_QUOTES_PER_MINUTE_ALL_DEFAULT,
  FIRM_QUOTES_PER_MINUTE_DEFAULT,
  JSON_BODY_BYTES_MAX,
  MERCHANT_CODES_BURST_DEFAULT,
  MERCHANT_CODES_PER_MINUTE_DEFAULT,
  RATE_BURST_DEFAULT,
  RATE_CLIENTS_MAX,
  RATE_PER_SECOND_DEFAULT,
  WS_BUFFERED_BYTES_MAX,
  WS_CONNECTIONS_MAX,
  WS_MESSAGE_BYTES_MAX,
  WS_TOPICS_PER_CONNECTION_MAX,
} from "../limits.ts";
import { ROUTE_LIST, type RouteDefinition } from "../routes.ts";
import type { ApiServices, DeskServices, TravelRuleServices } from "../services.ts";
import { createHandlers } from "./handlers.ts";
import { OPENAPI_COMPONENTS, OPENAPI_INFO, fastifySchemaOf } from "./openapi.ts";
import { RateLimiter } from "./rate-limit.ts";
import { answerClientError, sendError, sendThrown } from "./replies.ts";
import { SubscriptionHub } from "./subscriptions.ts";
import { RequestValidator, type RequestPart } from "./validation.ts";
import { registerWalletFiles, type WalletFilesOptions } from "./wallet-files.ts";

/**
 * A request must arrive whole within this time; a client trickling bytes (slowloris) holds a
 * socket and a parser no longer than this. Thirty seconds covers a 4 MB batch on a slow link.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ApiServerLimits {
  readonly jsonBodyBytesMax: number;
  readonly batchBodyBytesMax: number;
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  readonly rateClientsMax: number;
  readonly wsConnectionsMax: number;
  readonly wsTopicsPerConnectionMax: number;
  readonly wsBufferedBytesMax: number;
  readonly wsMessageBytesMax: number;
  /** Accounts one address may open at the desk per minute, and its burst. */
  readonly deskOpensPerMinute: number;
  readonly deskOpensBurst: number;
  /** Accounts the desk opens per minute from all addresses together (also its burst). */
  readonly deskOpensPerMinuteAll: number;
  /** Merchant codes one address may have signed per minute, and its burst. */
  readonly merchantCodesPerMinute: number;
  readonly merchantCodesBurst: number;
  /** Firm quotes one address may have the desk hold per minute, and its burst. */
  readonly firmQuotesPerMinute: number;
  readonly firmQuotesBurst: number;
  /** Firm quotes the desk holds per minute for all addresses together (also its burst). */
  readonly firmQuotesPerMinuteAll: number;
}

export const API_SERVER_LIMITS_DEFAULT: ApiServerLimits = Object.freeze({
  jsonBodyBytesMax: JSON_BODY_BYTES_MAX,
  batchBodyBytesMax: BATCH_BODY_BYTES_MAX,
  ratePerSecond: RATE_PER_SECOND_DEFAULT,
  rateBurst: RATE_BURST_DEFAULT,
  rateClientsMax: RATE_CLIENTS_MAX,
  wsConnectionsMax: WS_CONNECTIONS_MAX,
  wsTopicsPerConnectionMax: WS_TOPICS_PER_CONNECTION_MAX,
  wsBufferedBytesMax: WS_BUFFERED_BYTES_MAX,
  wsMessageBytesMax: WS_MESSAGE_BYTES_MAX,
  deskOpensPerMinute: DESK_OPENS_PER_MINUTE_DEFAULT,
  deskOpensBurst: DESK_OPENS_BURST_DEFAULT,
  deskOpensPerMinuteAll: DESK_OPENS_PER_MINUTE_ALL_DEFAULT,
  merchantCodesPerMinute: MERCHANT_CODES_PER_MINUTE_DEFAULT,
  merchantCodesBurst: MERCHANT_CODES_BURST_DEFAULT,
  firmQuotesPerMinute: FIRM_QUOTES_PER_MINUTE_DEFAULT,
  firmQuotesBurst: FIRM_QUOTES_BURST_DEFAULT,
  firmQuotesPerMinuteAll: FIRM_QUOTES_PER_MINUTE_ALL_DEFAULT,
});

export interface ApiServerOptions {
  readonly services: ApiServices;
  /**
   * The institution's desk (accounts, merchant profiles and codes under /v1/desk); without it
   * those routes answer 404.
   */
  readonly desk?: DeskServices;
  /** Travel-rule envelopes (/v1/travel-rule); without it those routes answer 404. */
  readonly travelRule?: TravelRuleServices;
  /** Serve the web wallet's build at /wallet/ (and redirect / there). */
  readonly wallet?: WalletFilesOptions;
  /** A pino-compatible logger; silent when absent. */
  readonly logger?: FastifyBaseLogger;
  /** Overrides of API_SERVER_LIMITS_DEFAULT (tests shrink them). */
  readonly limits?: Partial<ApiServerLimits>;
  /** Monotonic milliseconds for the rate limiter; performance.now by default. */
  readonly clock?: () => number;
  /** Passed to fastify: trust X-Forwarded-For from these proxies when rate limiting by address. */
  readonly trustProxy?: boolean | string | readonly string[];
}

export type ApiServer = FastifyInstance;

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const limits: ApiServerLimits = { ...API_SERVER_LIMITS_DEFAULT, ...options.limits };
  const clock = options.clock ?? (() => performance.now());
  const limiter = new RateLimiter(
    { perSecond: limits.ratePerSecond, burst: limits.rateBurst, clientsMax: limits.rateClientsMax },
    clock,
  );
  const app = Fastify({
    ...(options.logger === undefined ? {} : { loggerInstance: options.logger }),
    bodyLimit: limits.jsonBodyBytesMax,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    requestTimeout: REQUEST_TIMEOUT_MS,
    ...(options.trustProxy === undefined
      ? {}
      : { trustProxy: options.trustProxy as boolean | string | string[] }),
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => {
      sendThrown(reply, error, app.log, limits.jsonBodyBytesMax);
    },
  });
  const log = app.log;

  const routesByKey = new Map(ROUTE_LIST.map((route) => [`${route.method} ${route.path}`, route]));
  const validator = new RequestValidator();
  const hints = new Map<string, string | undefined>(
    ROUTE_LIST.map((route) => [`${route.method} ${route.path}`, route.bodyHint]),
  );
  app.setValidatorCompiler(({ schema, method, url, httpPart }) =>
    validator.compile(schema as never, httpPart as RequestPart, hints.get(`${method} ${url}`)),
  );
  // Answers are built from the same types as the schemas; tests check them against the schemas.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_req, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error, request, reply) => {
    // A body that fails to parse on the way to no route: the missing route is the answer.
    if (request.is404) return notFound(request, reply);
    // A body in another media type than the route reads failed in the wrong parser: say so.
    const route = routesByKey.get(`${request.method} ${request.routeOptions.url}`);
    if (route?.body !== undefined && !hasMediaType(request, route)) {
      return wrongMediaType(route, reply);
    }
    const bodyLimit = request.routeOptions.bodyLimit ?? limits.jsonBodyBytesMax;
    return sendThrown(reply, error, request.log, bodyLimit);
  });

  const rateLimit = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    const decision = limiter.take(request.ip);
    if (decision.ok) return undefined;
    return sendError(
      reply,
      "rate_limited",
      `too many requests from this address; wait ${decision.retryAfterMs} ms (Retry-After) and send fewer, or batch transactions`,
      { retryAfterMs: decision.retryAfterMs },
    );
  };

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(
      reply,
      "route_not_found",
      `no route ${request.method} ${request.url.split("?")[0]!.slice(0, 200)}; the routes are listed at /v1/openapi.json`,
    );
  app.setNotFoundHandler((request, reply) => rateLimit(request, reply) ?? notFound(request, reply));

  const hub = new SubscriptionHub(
    options.services,
    {
      connectionsMax: limits.wsConnectionsMax,
      topicsPerConnectionMax: limits.wsTopicsPerConnectionMax,
      bufferedBytesMax: limits.wsBufferedBytesMax,
    },
    limiter,
    log,
  );
  // Registered before the websocket plugin, so subscribers hear why before their sockets close.
  app.addHook("preClose", (done) => {
    hub.closeAll();
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: OPENAPI_INFO,
      components: OPENAPI_COMPONENTS as never,
    },
  });
  await app.register(websocket, { options: { maxPayload: limits.wsMessageBytesMax } });

  /** A desk write's buckets: one per address, and one for the desk as a whole (its own burst). */
  const deskLimiterPair = (perMinute: number, burst: number, perMinuteAll: number) => ({
    perAddress: new RateLimiter(
      { perSecond: perMinute / 60, burst, clientsMax: limits.rateClientsMax },
      clock,
    ),
    all: new RateLimiter(
      { perSecond: perMinuteAll / 60, burst: perMinuteAll, clientsMax: 1 },
      clock,
    ),
  });

  const handlers = createHandlers({
    services: options.services,
    desk: options.desk,
    travelRule: options.travelRule,
    limiter,
    deskLimiters: deskLimiterPair(
      limits.deskOpensPerMinute,
      limits.deskOpensBurst,
      limits.deskOpensPerMinuteAll,
    ),
    merchantCodeLimiter: new RateLimiter(
      {
        perSecond: limits.merchantCodesPerMinute / 60,
        burst: limits.merchantCodesBurst,
        clientsMax: limits.rateClientsMax,
      },
      clock,
    ),
    quoteLimiters: deskLimiterPair(
      limits.firmQuotesPerMinute,
      limits.firmQuotesBurst,
      limits.firmQuotesPerMinuteAll,
    ),
    openApi: () => app.swagger(),
  });

  for (const route of ROUTE_LIST) {
    const handler = handlers[route.name as keyof typeof handlers];
    const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
      if (route.rateLimited) return rateLimit(request, reply);
      return undefined;
    };
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit:
        route.bodyContentType === "application/octet-stream"
          ? limits.batchBodyBytesMax
          : limits.jsonBodyBytesMax,
      schema: fastifySchemaOf(route),
      onRequest,
      ...(route.body === undefined ? {} : { preValidation: contentTypeCheck(route) }),
      handler,
      ...(route.websocket === true
        ? { wsHandler: (socket, request) => hub.accept(socket, request.ip) }
        : {}),
    });
  }

  if (options.wallet !== undefined) {
    await registerWalletFiles(app, options.wallet, async (request, reply) =>
      rateLimit(request, reply),
    );
  }

  await app.ready();
  return app;
}

function hasMediaType(request: FastifyRequest, route: RouteDefinition): boolean {
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return mediaType === (route.bodyContentType ?? "application/json");
}

function wrongMediaType(route: RouteDefinition, reply: FastifyReply): FastifyReply {
  const expected = route.bodyContentType ?? "application/json";
  return sendError(
    reply,
    "unsupported_media_type",
    `${route.method} ${route.path} reads ${expected}; send Content-Type: ${expected}`,
  );
}

/** Refuses a body sent with another Content-Type than the route reads (415). */
function contentTypeCheck(route: RouteDefinition) {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    hasMediaType(request, route) ? undefined : wrongMediaType(route, reply);
}
