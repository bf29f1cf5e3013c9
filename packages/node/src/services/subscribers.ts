/**
 * Subscribers to blocks, accounts and payment references, each with a bounded queue.
 *
 * Publishing only enqueues; delivery runs on a later turn of the event loop (setImmediate), so a
 * block commit — which runs inside consensus — never waits for subscribers. A listener may return
 * a promise to hold back its next events (back-pressure from a congested socket); events wait in
 * its queue, and a subscriber whose queue overflows is dropped as a slow consumer.
 */
import type { DropReason, SubscriptionEvent, SubscriptionListener, Topic } from "@tongbao/api";
import { BoundedQueue } from "@tongbao/std";

export function topicKey(topic: Topic): string {
  return topic.kind === "blocks" ? "blocks" : `${topic.kind}:${topic.id}`;
}

export interface SubscriberCounters {
  dropped(reason: DropReason | "listener_error"): void;
}

class Subscriber {
  readonly queue: BoundedQueue<SubscriptionEvent>;
  private delivering = false;
  private scheduled = false;
  closed = false;

  constructor(
    readonly key: string,
    private readonly listener: SubscriptionListener,
    queueMax: number,
    private readonly registry: SubscriberRegistry,
  ) {
    this.queue = new BoundedQueue(queueMax);
  }

  publish(event: SubscriptionEvent): void {
    if (this.closed) return;
    if (!this.queue.push(event)) {
      this.registry.drop(
        this,
        "slow_consumer",
        `more than ${this.queue.capacity} events were waiting for this subscriber; resubscribe and read faster, or poll`,
      );
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.delivering) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (!this.closed && !this.delivering) {
      const event = this.queue.shift();
      if (event === undefined) return;
      let pending: void | Promise<void>;
      try {
        pending = this.listener.event(event);
      } catch {
        this.registry.remove(this, "listener_error");
        return;
      }
      if (pending instanceof Promise) {
        this.delivering = true;
        pending.then(
          () => {
            this.delivering = false;
            this.drain();
          },
          () => this.registry.remove(this, "listener_error"),
        );
      }
    }
  }

  notifyDropped(reason: DropReason, message: string): void {
    try {
      this.listener.dropped(reason, message);
    } catch {
      // The subscriber is gone either way.
    }
  }
}

export class SubscriberRegistry {
  private readonly byKey = new Map<string, Set<Subscriber>>();
  private count = 0;

  constructor(
    private readonly subscribersMax: number,
    private readonly queueMax: number,
    private readonly counters: SubscriberCounters,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * Adds a subscriber; undefined when the registry is full. The handle can queue an event for
   * this subscriber alone (e.g. a reference's current status) and unsubscribe it.
   */
  add(
    topic: Topic,
    listener: SubscriptionListener,
  ):
    | { readonly publish: (event: SubscriptionEvent) => void; readonly unsubscribe: () => void }
    | undefined {
    if (this.count >= this.subscribersMax) return undefined;
    const key = topicKey(topic);
    const subscriber = new Subscriber(key, listener, this.queueMax, this);
    let set = this.byKey.get(key);
    if (set === undefined) {
      set = new Set();
      this.byKey.set(key, set);
    }
    set.add(subscriber);
    this.count++;
    return {
      publish: (event) => subscriber.publish(event),
      unsubscribe: () => this.remove(subscriber, undefined),
    };
  }

  publish(topic: Topic, event: SubscriptionEvent): void {
    const set = this.byKey.get(topicKey(topic));
    if (set === undefined) return;
    for (const subscriber of set) subscriber.publish(event);
  }

  hasSubscribers(topic: Topic): boolean {
    return this.byKey.has(topicKey(topic));
  }

  drop(subscriber: Subscriber, reason: DropReason, message: string): void {
    if (subscriber.closed) return;
    this.remove(subscriber, reason);
    subscriber.notifyDropped(reason, message);
  }

  /** Ends every subscription, telling each listener why. */
  dropAll(reason: DropReason, message: string): void {
    for (const set of [...this.byKey.values()]) {
      for (const subscriber of [...set]) this.drop(subscriber, reason, message);
    }
  }

  remove(subscriber: Subscriber, reason: DropReason | "listener_error" | undefined): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    const set = this.byKey.get(subscriber.key);
    if (set !== undefined && set.delete(subscriber)) {
      this.count--;
      if (set.size === 0) this.byKey.delete(subscriber.key);
    }
    if (reason !== undefined) this.counters.dropped(reason);
  }
}
