/**
 * What each route does: read the validated input, call the services, shape the answer. Inputs
 * have already passed the route's schema (validation.ts), so handlers only decide what the
 * services' answers mean in HTTP.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { hexToBytes } from "@tongbao/std";
import { BatchFormatError, decodeBatch } from "../batch.ts";
import { BATCH_ITEMS_PER_TOKEN, HISTORY_PAGE_DEFAULT } from "../limits.ts";
import type {
  RouteDefinition,
  RouteName,
  RouteParams,
  RouteQuery,
  RouteBody,
  Routes,
} from "../routes.ts";
import type { SubmitResult } from "../schemas.ts";
import {
  ServiceError,
  type ApiServices,
  type DeskServices,
  type QuoteRequest,
  type TravelRuleServices,
} from "../services.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { sendError } from "./replies.ts";

export type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

interface Input<R extends RouteDefinition> {
  readonly params: RouteParams<R>;
  readonly query: RouteQuery<R>;
  readonly body: RouteBody<R>;
}

/** The request's validated parts, typed by the route definition. */
function input<R extends RouteDefinition>(request: FastifyRequest): Input<R> {
  return request as unknown as Input<R>;
}

/** A result that refuses the transaction becomes the error answer of a single submission. */
function singleSubmissionError(result: SubmitResult): ServiceError | undefined {
  switch (result.status) {
    case "accepted":
    case "known":
    case "committed":
      return undefined;
    case "rejected":
      return new ServiceError(result.error.code as never, result.error.message, {
        ...result.error.details,
        ...(result.hash === undefined ? {} : { hash: result.hash }),
      });
    case "retry":
      return new ServiceError(result.error.code as never, result.error.message, {
        ...result.error.details,
        hash: result.hash,
        retryAfterMs: result.retryAfterMs,
      });
    case "busy":
      return new ServiceError(result.error.code as never, result.error.message, {
        ...result.error.details,
        retryAfterMs: result.retryAfterMs,
      });
  }
}

function retryAfterHeader(reply: FastifyReply, results: readonly SubmitResult[]): void {
  let waitMs = 0;
  for (const result of results) {
    if (result.status === "busy" || result.status === "retry") {
      waitMs = Math.max(waitMs, result.retryAfterMs);
    }
  }
  if (waitMs > 0) reply.header("retry-after", String(Math.ceil(waitMs / 1000)));
}

export interface HandlerContext {
  readonly services: ApiServices;
  readonly desk: DeskServices | undefined;
  readonly travelRule: TravelRuleServices | undefined;
  readonly limiter: RateLimiter;
  /** The desk's own buckets: per address, and one for all addresses together ("*"). */
  readonly deskLimiters: { readonly perAddress: RateLimiter; readonly all: RateLimiter };
  /** Merchant codes signed per address. */
  readonly merchantCodeLimiter: RateLimiter;
  /** Firm quotes held per address and by the desk as a whole. */
  readonly quoteLimiters: { readonly perAddress: RateLimiter; readonly all: RateLimiter };
  /** Blocks and transactions the node indexes, quoted in not-found messages. */
  readonly openApi: () => unknown;
}

export function createHandlers(context: HandlerContext): Record<RouteName, RouteHandler> {
  const { services, limiter } = context;

  /** Charges a multi-transaction request for its size beyond the one token it already took. */
  function chargeItems(request: FastifyRequest, items: number): void {
    const extra = Math.ceil(items / BATCH_ITEMS_PER_TOKEN) - 1;
    if (extra <= 0) return;
    const decision = limiter.take(request.ip, extra);
    if (!decision.ok) {
      throw new ServiceError(
        "rate_limited",
        `a ${items}-transaction submission costs ${extra + 1} requests of this address's allowance; wait ${decision.retryAfterMs} ms or send smaller batches`,
        { retryAfterMs: decision.retryAfterMs },
      );
    }
  }

  function requireDesk(): DeskServices {
    if (context.desk === undefined) {
      throw new ServiceError(
        "desk_not_enabled",
        "this gateway runs no institution desk (it opens no accounts and signs no merchant codes): its node is not configured with its institution's key; ask your institution, or use a gateway that runs its desk",
      );
    }
    return context.desk;
  }

  function requireTravelRule(): TravelRuleServices {
    if (context.travelRule === undefined) {
      throw new ServiceError(
        "travel_rule_not_enabled",
        "this gateway keeps no travel-rule envelopes; use a gateway of a node of the network",
      );
    }
    return context.travelRule;
  }

  /**
   * Charges one write to the institution's records — an account opening or a merchant's
   * registration, or (with the quote limiters) a firm quote's hold — to the address and to the
   * desk as a whole.
   */
  function chargeDesk(
    request: FastifyRequest,
    what: string,
    limiters: HandlerContext["deskLimiters"] = context.deskLimiters,
  ): void {
    const mine = limiters.perAddress.take(request.ip);
    const decision = mine.ok ? limiters.all.take("*") : mine;
    if (!decision.ok) {
      throw new ServiceError(
        "rate_limited",
        `${mine.ok ? "this desk" : "this address"} has ${what} as often as it may for now; wait ${decision.retryAfterMs} ms`,
        { retryAfterMs: decision.retryAfterMs },
      );
    }
  }

  return {
    async submitTransactions(request, reply) {
      const { body } = input<Routes["submitTransactions"]>(request);
      if ("transaction" in body) {
        const [result] = await services.submitTransactions([hexToBytes(body.transaction)]);
        if (result === undefined) throw new Error("services returned no result");
        const refusal = singleSubmissionError(result);
        if (refusal !== undefined) throw refusal;
        return reply.code(result.status === "accepted" ? 202 : 200).send(result);
      }
      chargeItems(request, body.transactions.length);
      const results = await services.submitTransactions(body.transactions.map(hexToBytes));
      retryAfterHeader(reply, results);
      return reply.code(200).send({ results });
    },

    async submitBatch(request, reply) {
      const body = request.body;
      if (!(body instanceof Uint8Array)) {
        throw new ServiceError(
          "unsupported_media_type",
          "send the batch as application/octet-stream",
        );
      }
      let items: Uint8Array[];
      try {
        items = decodeBatch(body);
      } catch (error) {
        if (error instanceof BatchFormatError) {
          throw new ServiceError("batch_malformed", `batch: ${error.message}`);
        }
        throw error;
      }
      chargeItems(request, items.length);
      const results = await services.submitTransactions(items);
      retryAfterHeader(reply, results);
      return reply.code(200).send({ results });
    },

    async getTransaction(request, reply) {
      const { params } = input<Routes["getTransaction"]>(request);
      const found = await services.transaction(params.hash);
      if (found.status === "unknown") {
        throw new ServiceError(
          "transaction_not_found",
          `transaction ${params.hash} is not waiting in this node's mempool nor among the committed transactions it indexes; if you submitted it, it may have expired unincluded — check its validUntil and submit again`,
          { hash: params.hash },
        );
      }
      return reply.send(found);
    },

    async getAccount(request, reply) {
      const { params } = input<Routes["getAccount"]>(request);
      const account = await services.account(params.id);
      if (account === undefined) throw accountNotFound(params.id);
      return reply.send(account);
    },

    async getAccountHistory(request, reply) {
      const { params, query } = input<Routes["getAccountHistory"]>(request);
      const history = await services.accountHistory(params.id, {
        limit: query.limit ?? HISTORY_PAGE_DEFAULT,
        cursor: query.cursor,
      });
      if (history === undefined) throw accountNotFound(params.id);
      return reply.send(history);
    },

    async getTransferFee(request, reply) {
      const { params, query } = input<Routes["getTransferFee"]>(request);
      const fee = await services.transferFee(params.id, query.currency, query.amount);
      if (fee === undefined) throw accountNotFound(params.id);
      return reply.send(fee);
    },

    async getPayment(request, reply) {
      const { params } = input<Routes["getPayment"]>(request);
      const payment = await services.payment(params.id, params.reference);
      if (payment === undefined) throw accountNotFound(params.id);
      return reply.send(payment);
    },

    async getAccountRequests(request, reply) {
      const { params } = input<Routes["getAccountRequests"]>(request);
      const requests = await services.accountRequests(params.id);
      if (requests === undefined) throw accountNotFound(params.id);
      return reply.send(requests);
    },

    async getRequest(request, reply) {
      const { params } = input<Routes["getRequest"]>(request);
      const found = await services.request(params.id, params.requestId);
      if (found === undefined) throw accountNotFound(params.id);
      if (found.status === "unknown") {
        throw new ServiceError(
          "request_not_found",
          `account ${params.id} has no open request ${params.requestId}, and this node remembers none closed recently; check the payee and the id, or look in the payee's history`,
          { account: params.id, requestId: params.requestId },
        );
      }
      return reply.send(found);
    },

    async getLatestBlock(_request, reply) {
      const block = await services.block("latest");
      if (block === undefined) {
        throw new ServiceError(
          "block_not_found",
          "no block has been committed yet; try again shortly",
        );
      }
      return reply.send(block);
    },

    async getBlock(request, reply) {
      const { params } = input<Routes["getBlock"]>(request);
      const block = await services.block(params.height);
      if (block === undefined) {
        throw new ServiceError(
          "block_not_found",
          `no block at height ${params.height} is stored here; GET /v1/status gives the committed height`,
          { height: params.height },
        );
      }
      return reply.send(block);
    },

    async getStatus(_request, reply) {
      return reply.send(await services.status());
    },

    async getCurrencies(_request, reply) {
      return reply.send(await services.currencies());
    },

    async getDesk(_request, reply) {
      return reply.send(requireDesk().info());
    },

    async openAccount(request, reply) {
      const desk = requireDesk();
      const { body } = input<Routes["openAccount"]>(request);
      chargeDesk(request, "opened accounts");
      return reply.code(202).send(await desk.openAccount(body));
    },

    async getInstitutions(_request, reply) {
      return reply.send(await services.institutions());
    },

    async getMerchantProfile(request, reply) {
      const desk = requireDesk();
      const { params } = input<Routes["getMerchantProfile"]>(request);
      return reply.send(await desk.merchantProfile(params.account));
    },

    async registerMerchant(request, reply) {
      const desk = requireDesk();
      const { body } = input<Routes["registerMerchant"]>(request);
      chargeDesk(request, "registered merchants");
      return reply.send(await desk.registerMerchant(body));
    },

    async createMerchantCode(request, reply) {
      const desk = requireDesk();
      const { body } = input<Routes["createMerchantCode"]>(request);
      const decision = context.merchantCodeLimiter.take(request.ip);
      if (!decision.ok) {
        throw new ServiceError(
          "rate_limited",
          `this address has had as many merchant codes signed as it may for now; wait ${decision.retryAfterMs} ms`,
          { retryAfterMs: decision.retryAfterMs },
        );
      }
      return reply.send(await desk.createMerchantCode(body));
    },

    async getOffers(request, reply) {
      const { query } = input<Routes["getOffers"]>(request);
      return reply.send(await services.offers({ buy: query.buy, sell: query.sell }));
    },

    async getQuote(request, reply) {
      const { query } = input<Routes["getQuote"]>(request);
      const quoteRequest = quoteRequestOf(query);
      // A firm quote needs the payer's institution's desk; without a desk here it is indicative.
      if (quoteRequest.payer !== undefined && context.desk !== undefined) {
        const payer = quoteRequest.payer;
        chargeDesk(request, "held firm quotes", context.quoteLimiters);
        return reply.send(await context.desk.firmQuote({ ...quoteRequest, payer }));
      }
      return reply.send(await services.quote(quoteRequest));
    },

    async getIso20022(request, reply) {
      const { params, query } = input<Routes["getIso20022"]>(request);
      // With the operator's token the parties are named from the travel-rule data this node's
      // institution can decrypt; without it, nobody's name leaves the node.
      const token = bearerToken(request.headers.authorization);
      const readTravelRule =
        token === undefined
          ? undefined
          : async (hash: string) => (await requireTravelRule().read(hash, token)).data;
      const xml = await services.iso20022(params.hash, query.type ?? "pacs.008", readTravelRule);
      if (xml === undefined) {
        throw new ServiceError(
          "transaction_not_found",
          `transaction ${params.hash} is not among the committed transactions this node indexes; check the hash of the remit transaction, or ask the gateway that admitted it`,
          { hash: params.hash },
        );
      }
      return reply.type("application/xml; charset=utf-8").send(xml);
    },

    async uploadTravelRule(request, reply) {
      const travelRule = requireTravelRule();
      const { body } = input<Routes["uploadTravelRule"]>(request);
      return reply.send(await travelRule.upload(body));
    },

    async getTravelRule(request, reply) {
      const travelRule = requireTravelRule();
      const { params } = input<Routes["getTravelRule"]>(request);
      return reply.send(
        await travelRule.read(params.hash, bearerToken(request.headers.authorization)),
      );
    },

    async subscribe(_request, reply) {
      return sendError(
        reply,
        "upgrade_required",
        "this is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)",
      );
    },

    async getOpenApi(_request, reply) {
      return reply.send(context.openApi());
    },

    async getMetrics(_request, reply) {
      const { contentType, body } = await services.metrics();
      return reply.type(contentType).send(body);
    },

    async getHealth(_request, reply) {
      return reply.send({ status: "ok" });
    },

    async getReady(_request, reply) {
      const readiness = services.readiness();
      if (!readiness.ready) {
        return sendError(reply, "not_ready", `not ready: ${readiness.reason}`, {
          reason: readiness.reason,
        });
      }
      return reply.send({ status: "ready" });
    },
  };
}

/** Exactly one of sendAmount and receiveAmount, said plainly when both or neither are given. */
function quoteRequestOf(query: RouteQuery<Routes["getQuote"]>): QuoteRequest {
  const { from, to, payer, sendAmount, receiveAmount } = query;
  if (from === to) {
    throw new ServiceError(
      "invalid_request",
      `query.to: a remittance converts one currency into another; "from" and "to" are both ${from}`,
      { location: "query", field: "query.to" },
    );
  }
  if (sendAmount !== undefined && receiveAmount === undefined) {
    return { from, to, payer, sendAmount };
  }
  if (receiveAmount !== undefined && sendAmount === undefined) {
    return { from, to, payer, receiveAmount };
  }
  throw new ServiceError(
    "invalid_request",
    sendAmount === undefined
      ? `query: give sendAmount (what the payer sends, in ${from}) or receiveAmount (what arrives, in ${to})`
      : "query: give sendAmount or receiveAmount, not both",
    { location: "query", field: "query.sendAmount" },
  );
}

/** The token of `Authorization: Bearer <token>`; undefined for no or another scheme. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header ?? "");
  return match === null ? undefined : match[1];
}

function accountNotFound(id: string): ServiceError {
  return new ServiceError(
    "account_not_found",
    `no account ${id} exists; check the id (20 bytes of hex), or ask its institution to open it`,
    { account: id },
  );
}
