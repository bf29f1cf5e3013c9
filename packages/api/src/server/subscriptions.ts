/**
 * WebSocket subscriptions: a client sends subscribe/unsubscribe messages, the hub asks the
 * services for each topic and forwards events as JSON text messages.
 *
 * Back-pressure: while the socket has more than `bufferedBytesMax` waiting to be written, the
 * listener returns a promise that settles when the last message is written, so the services
 * hold later events in their bounded per-subscriber queue; a queue that overflows drops the
 * subscriber, and the hub closes the socket with 1013 ("try again later").
 */
import type { FastifyBaseLogger } from "fastify";
import type { WebSocket, RawData } from "ws";
import { errorBody } from "./replies.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { RequestValidator } from "./validation.ts";
import { SubscribeMessageSchema, type ServerMessage, type Topic } from "../schemas.ts";
import type { ApiServices, DropReason } from "../services.ts";
import type { ErrorCode } from "../errors.ts";

export interface SubscriptionLimits {
  readonly connectionsMax: number;
  readonly topicsPerConnectionMax: number;
  readonly bufferedBytesMax: number;
}

/** WebSocket close codes (RFC 6455 §7.4.1). */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_TRY_AGAIN_LATER = 1013;

function topicKey(topic: Topic): string {
  return topic.kind === "blocks" ? "blocks" : `${topic.kind}:${topic.id}`;
}

class Connection {
  /** Topic key → the services' unsubscribe. */
  private readonly topics = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly hub: SubscriptionHub,
    private readonly socket: WebSocket,
    private readonly client: string,
  ) {
    socket.on("message", (data, isBinary) => this.receive(data, isBinary));
    socket.on("close", () => this.release());
    socket.on("error", () => this.release());
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const decision = this.hub.limiter.take(this.client);
    if (!decision.ok) {
      this.sendError("rate_limited", `too many messages; wait ${decision.retryAfterMs} ms`, {
        retryAfterMs: decision.retryAfterMs,
      });
      return;
    }
    if (isBinary) {
      this.sendError("invalid_request", 'send JSON text messages such as {"subscribe":"blocks"}');
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.sendError(
        "invalid_json",
        'the message is not well-formed JSON; e.g. {"subscribe":"blocks"}',
      );
      return;
    }
    const problem = this.hub.checkMessage(message);
    if (problem !== undefined) {
      this.sendError("invalid_request", problem);
      return;
    }
    const request = message as {
      subscribe?: Topic["kind"];
      unsubscribe?: Topic["kind"];
      id?: string;
    };
    const kind = (request.subscribe ?? request.unsubscribe)!;
    const topic = (kind === "blocks" ? { kind } : { kind, id: request.id! }) as Topic;
    if (request.subscribe !== undefined) this.subscribe(topic);
    else this.unsubscribe(topic);
  }

  private subscribe(topic: Topic): void {
    const key = topicKey(topic);
    if (this.topics.has(key)) {
      this.send({ type: "subscribed", topic });
      return;
    }
    if (this.topics.size >= this.hub.limits.topicsPerConnectionMax) {
      this.sendError(
        "subscriptions_too_many",
        `this connection follows ${this.topics.size} topics, the most allowed; unsubscribe from one or open another connection`,
      );
      return;
    }
    const result = this.hub.services.subscribe(topic, {
      event: (event) => this.send(event),
      dropped: (reason, message) => this.dropped(reason, message),
    });
    if (!result.ok) {
      this.sendError("subscriptions_too_many", result.message);
      return;
    }
    this.topics.set(key, result.unsubscribe);
    this.send({ type: "subscribed", topic });
  }

  private unsubscribe(topic: Topic): void {
    const key = topicKey(topic);
    this.topics.get(key)?.();
    this.topics.delete(key);
    this.send({ type: "unsubscribed", topic });
  }

  /** Sends now; returns a promise while the socket is congested (see the file comment). */
  send(message: ServerMessage): void | Promise<void> {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    const text = JSON.stringify(message);
    if (this.socket.bufferedAmount + text.length <= this.hub.limits.bufferedBytesMax) {
      this.socket.send(text);
      return;
    }
    return new Promise((resolve) => this.socket.send(text, () => resolve()));
  }

  private sendError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): void {
    void this.send({ type: "error", error: errorBody(code, message, details) });
  }

  private dropped(reason: DropReason, message: string): void {
    if (this.closed) return;
    if (this.socket.readyState === this.socket.OPEN) {
      // Written past the buffer bound on purpose: it is the last message.
      this.socket.send(
        JSON.stringify({ type: "dropped", reason, message } satisfies ServerMessage),
      );
    }
    this.close(reason === "slow_consumer" ? CLOSE_TRY_AGAIN_LATER : CLOSE_GOING_AWAY, reason);
  }

  close(code: number, reason: string): void {
    this.release();
    if (
      this.socket.readyState === this.socket.OPEN ||
      this.socket.readyState === this.socket.CONNECTING
    ) {
      this.socket.close(code, reason);
    }
  }

  shutdown(): void {
    this.dropped("shutdown", "the node is shutting down; reconnect to another gateway or later");
  }

  /** Ends every subscription of this connection; idempotent. */
  private release(): void {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.topics.values()) unsubscribe();
    this.topics.clear();
    this.hub.forget(this);
  }
}

export class SubscriptionHub {
  private readonly connections = new Set<Connection>();
  private readonly validate = new RequestValidator().compile(
    SubscribeMessageSchema,
    "body",
    '{"subscribe":"blocks"}, {"subscribe":"account","id":"<account>"} or {"subscribe":"reference","id":"<reference>"}',
  );

  constructor(
    readonly services: ApiServices,
    readonly limits: SubscriptionLimits,
    readonly limiter: RateLimiter,
    private readonly log: FastifyBaseLogger,
  ) {}

  accept(socket: WebSocket, client: string): void {
    if (this.connections.size >= this.limits.connectionsMax) {
      this.log.warn({ client }, "websocket refused: connection limit reached");
      socket.close(CLOSE_TRY_AGAIN_LATER, "too many connections; retry later");
      return;
    }
    this.connections.add(new Connection(this, socket, client));
  }

  /** undefined when `message` is a valid SubscribeMessage, else what is wrong with it. */
  checkMessage(message: unknown): string | undefined {
    const result = this.validate(message);
    return "error" in result ? result.error.message.replace(/^body/, "message") : undefined;
  }

  forget(connection: Connection): void {
    this.connections.delete(connection);
  }

  get size(): number {
    return this.connections.size;
  }

  /** Tells every subscriber the node is stopping and closes its socket. */
  closeAll(): void {
    for (const connection of [...this.connections]) connection.shutdown();
  }
}
