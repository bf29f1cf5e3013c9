/**
 * One peer's outbound frames, bounded in bytes and in frames, in two lanes:
 *
 * - critical (consensus, block requests and responses): never dropped while the link lives;
 * - droppable (transaction gossip): the oldest are evicted to make room for anything newer.
 *
 * The writer drains the critical lane first, so a vote never waits behind megabytes of gossip;
 * within a channel, order is kept (each channel lives in exactly one lane).
 *
 * When a frame would not fit even after evicting every droppable frame, nothing is evicted and:
 * - a droppable frame is refused (`dropped`);
 * - a critical frame cannot be dropped without silently losing a consensus message, so the
 *   answer is `overflow` and the caller resets the link. The peer was not reading; on the next
 *   connect the node re-sends what consensus needs (`messagesForHeight()`), which is the repair
 *   the engine already relies on.
 */
import { BoundedQueue, assert } from "@tongbao/std";
import { FRAME_HEADER_BYTES } from "./limits.ts";
import type { Channel } from "./transport.ts";

export interface OutboundFrame {
  readonly channel: Channel;
  readonly payload: Uint8Array;
}

export type PushOutcome =
  | { readonly kind: "queued"; readonly evicted: number }
  | { readonly kind: "dropped" }
  | { readonly kind: "overflow" };

export function frameBytesOf(frame: OutboundFrame): number {
  return FRAME_HEADER_BYTES + frame.payload.length;
}

export class OutboundQueue {
  private readonly critical: BoundedQueue<OutboundFrame>;
  private readonly droppable: BoundedQueue<OutboundFrame>;
  private queuedBytes = 0;
  private droppableBytes = 0;

  constructor(
    readonly bytesMax: number,
    readonly framesMax: number,
  ) {
    assert(Number.isSafeInteger(bytesMax) && bytesMax > 0, "queue bytes bound must be positive");
    assert(Number.isSafeInteger(framesMax) && framesMax > 0, "queue frame bound must be positive");
    this.critical = new BoundedQueue(framesMax);
    this.droppable = new BoundedQueue(framesMax);
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  get frames(): number {
    return this.critical.length + this.droppable.length;
  }

  push(frame: OutboundFrame, droppable: boolean): PushOutcome {
    const size = frameBytesOf(frame);
    assert(size <= this.bytesMax, "a frame larger than the whole queue can never be sent");
    // Evict only if that makes room: gossip is not thrown away for a frame that is refused.
    const fitsBesideCritical =
      this.critical.length < this.framesMax &&
      this.queuedBytes - this.droppableBytes + size <= this.bytesMax;
    if (!fitsBesideCritical) return droppable ? { kind: "dropped" } : { kind: "overflow" };
    let evicted = 0;
    while (!this.fits(size)) {
      this.removeDroppable();
      evicted++;
    }
    const pushed = droppable ? this.droppable.push(frame) : this.critical.push(frame);
    assert(pushed, "the frame bound was checked");
    this.queuedBytes += size;
    if (droppable) this.droppableBytes += size;
    this.checkBounds();
    return { kind: "queued", evicted };
  }

  /** The next frame to write: critical first. */
  shift(): OutboundFrame | undefined {
    const critical = this.critical.shift();
    if (critical !== undefined) {
      this.queuedBytes -= frameBytesOf(critical);
      return critical;
    }
    const droppable = this.droppable.shift();
    if (droppable !== undefined) {
      const size = frameBytesOf(droppable);
      this.queuedBytes -= size;
      this.droppableBytes -= size;
    }
    return droppable;
  }

  clear(): void {
    while (this.shift() !== undefined);
    assert(this.queuedBytes === 0 && this.droppableBytes === 0, "queue accounting");
  }

  private fits(size: number): boolean {
    return this.frames < this.framesMax && this.queuedBytes + size <= this.bytesMax;
  }

  private removeDroppable(): void {
    const frame = this.droppable.shift();
    assert(frame !== undefined, "called with a droppable frame queued");
    const size = frameBytesOf(frame);
    this.queuedBytes -= size;
    this.droppableBytes -= size;
  }

  private checkBounds(): void {
    assert(this.queuedBytes <= this.bytesMax, "queue bytes within bound");
    assert(this.frames <= this.framesMax, "queue frames within bound");
    assert(this.droppableBytes <= this.queuedBytes, "droppable bytes are part of the total");
  }
}
