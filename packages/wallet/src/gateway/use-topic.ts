/**
 * A live subscription to one topic of the gateway's WebSocket, for as long as the component
 * shows it. When the connection drops (a gateway restart, a slow-consumer drop) it subscribes
 * again after a pause and calls `onResume`, because events are delivered at most once: whatever
 * happened meanwhile must be read again (docs/spec/api.md, "Subscriptions").
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SubscriptionEvent, Topic } from "@tongbao/api";
import { subscribe, type Client } from "@tongbao/client/browser";

export type TopicStatus = "connecting" | "live" | "reconnecting";

/** Pauses between attempts: quick at first, then no more than one try every 10 s. */
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000];

export function useTopic(
  client: Client,
  topic: Topic | undefined,
  onEvent: (event: SubscriptionEvent) => void,
  onResume?: () => void,
): TopicStatus {
  const [status, setStatus] = useState<TopicStatus>("connecting");
  // The latest callbacks, without resubscribing when a render makes new closures.
  const handlers = useRef({ onEvent, onResume });
  handlers.current = { onEvent, onResume };
  const key =
    topic === undefined ? "" : topic.kind === "blocks" ? "blocks" : `${topic.kind}:${topic.id}`;

  useEffect(() => {
    if (topic === undefined) return;
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => Promise<void>) | undefined;
    const retry = () => {
      if (stopped) return;
      setStatus("reconnecting");
      const wait = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]!;
      timer = setTimeout(() => void open(true), wait);
    };
    const open = async (resumed: boolean) => {
      try {
        const subscription = await subscribe(client, {
          topic,
          onEvent: (event) => handlers.current.onEvent(event),
          onError: retry,
        });
        if (stopped) {
          void subscription.unsubscribe();
          return;
        }
        unsubscribe = subscription.unsubscribe;
        attempt = 0;
        setStatus("live");
        if (resumed) handlers.current.onResume?.();
      } catch {
        retry();
      }
    };
    void open(false);
    return () => {
      stopped = true;
      clearTimeout(timer);
      void unsubscribe?.();
    };
    // The topic is identified by its key; client is stable for the page's life.
  }, [client, key]);
  return status;
}
