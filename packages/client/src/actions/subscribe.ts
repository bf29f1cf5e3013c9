/**
 * Subscriptions over the gateway's WebSocket (/v1/subscribe): new blocks, an account's committed
 * activity, or a payment reference's status. One connection per subscription keeps each
 * independent; a wallet following a few topics opens a few.
 */
import type { ServerMessage, SubscriptionEvent, Topic } from "@tongbao/api";
import type { Client, SocketLike } from "../client.ts";
import { ApiError, HttpRequestError, SubscriptionClosedError } from "../errors.ts";

export interface SubscribeParameters {
  readonly topic: Topic;
  /** Each event of the topic, in order. */
  readonly onEvent: (event: SubscriptionEvent) => void;
  /** The subscription ended without unsubscribe (dropped by the gateway, connection lost). */
  readonly onError?: (error: SubscriptionClosedError) => void;
}

export interface SubscribeReturnType {
  /** Ends the subscription and closes its connection. */
  readonly unsubscribe: () => Promise<void>;
}

export type SubscribeErrorType = ApiError | HttpRequestError | SubscriptionClosedError;

function subscribeMessage(topic: Topic): string {
  return JSON.stringify(
    topic.kind === "blocks" ? { subscribe: "blocks" } : { subscribe: topic.kind, id: topic.id },
  );
}

/**
 * Opens a connection, subscribes and resolves once the gateway confirms.
 * @example
 * const { unsubscribe } = await subscribe(client, {
 *   topic: { kind: "reference", id: reference },
 *   onEvent: (event) => event.type === "reference" && showPaid(event),
 * });
 */
export async function subscribe(
  client: Client,
  params: SubscribeParameters,
): Promise<SubscribeReturnType> {
  const WebSocketClass = await client.webSocket();
  const url = `${client.url.replace(/^http/, "ws")}/v1/subscribe`;
  let socket: SocketLike;
  try {
    socket = new WebSocketClass(url);
  } catch (error) {
    throw new HttpRequestError(url, error);
  }
  let confirmed = false;
  let closedByUs = false;
  let ended = false;
  return new Promise<SubscribeReturnType>((resolve, reject) => {
    const end = (error: SubscriptionClosedError) => {
      if (ended) return;
      ended = true;
      if (!confirmed) reject(error);
      else if (!closedByUs) params.onError?.(error);
    };
    socket.onopen = () => socket.send(subscribeMessage(params.topic));
    socket.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      switch (message.type) {
        case "subscribed":
          confirmed = true;
          resolve({
            unsubscribe: () =>
              new Promise<void>((done) => {
                closedByUs = true;
                if (ended) return done();
                socket.onclose = () => {
                  ended = true;
                  done();
                };
                socket.close(1000, "unsubscribed");
              }),
          });
          return;
        case "error":
          if (!confirmed) {
            ended = true;
            reject(new ApiError(400, message.error));
            socket.close(1000, "refused");
          }
          return;
        case "dropped":
          end(new SubscriptionClosedError(message.reason, message.message));
          return;
        case "unsubscribed":
          return;
        default:
          params.onEvent(message);
      }
    };
    socket.onerror = (event) => {
      const error = (event as { error?: unknown }).error;
      end(
        new SubscriptionClosedError(
          "connection failed",
          error instanceof Error ? error.message : undefined,
        ),
      );
    };
    socket.onclose = (event) => {
      end(
        new SubscriptionClosedError(`connection closed (${event.code})`, event.reason || undefined),
      );
    };
  });
}
