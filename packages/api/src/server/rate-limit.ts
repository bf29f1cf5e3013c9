/**
 * A token bucket per client address: `burst` tokens at most, refilled at `perSecond`. A request
 * takes one token (a batch takes more); an empty bucket answers how long until the tokens are
 * there, which the server sends as Retry-After.
 *
 * Memory is bounded: at most `clientsMax` buckets, the least recently used forgotten first.
 */
export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst: number;
  readonly clientsMax: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type RateDecision =
  { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

const ALLOWED: RateDecision = Object.freeze({ ok: true });

export class RateLimiter {
  /** Insertion order is recency order: a use moves the bucket to the end. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly nowMs: () => number,
  ) {
    if (!(options.perSecond > 0) || !(options.burst >= 1) || !(options.clientsMax >= 1)) {
      throw new RangeError("rate limit: perSecond > 0, burst ≥ 1 and clientsMax ≥ 1 are required");
    }
  }

  /** Takes `cost` tokens from `client`'s bucket, or answers how long to wait for them. */
  take(client: string, cost = 1): RateDecision {
    const now = this.nowMs();
    const { perSecond, burst } = this.options;
    const bucket = this.buckets.get(client) ?? { tokens: burst, updatedMs: now };
    this.buckets.delete(client);
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * perSecond);
    bucket.updatedMs = now;
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.options.clientsMax) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return ALLOWED;
    }
    const missing = Math.min(cost, burst) - bucket.tokens;
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((missing / perSecond) * 1000)) };
  }

  get clients(): number {
    return this.buckets.size;
  }
}
