/**
 * A seeded pseudo-random generator (xoshiro128**), for simulations and property tests.
 * Same seed → same sequence on every machine. Never used for keys or anything secret.
 */
import { assert } from "./assert.ts";

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | bigint) {
    // SplitMix32 expands the seed so that nearby seeds give unrelated streams.
    let x = Number(BigInt.asUintN(32, BigInt(seed))) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** An integer in [0, bound), without modulo bias. */
  int(bound: number): number {
    assert(Number.isInteger(bound) && bound > 0 && bound <= 2 ** 32, "prng bound out of range");
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const value = this.nextU32();
      if (value < limit) return value % bound;
    }
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    assert(max >= min, "prng range is empty");
    return min + this.int(max - min + 1);
  }

  /** True with the given probability in parts per million (integers keep runs exact). */
  chancePpm(ppm: number): boolean {
    return this.int(1_000_000) < ppm;
  }

  /** A bigint in [0, bound). */
  bigint(bound: bigint): bigint {
    assert(bound > 0n, "prng bigint bound must be positive");
    const bits = bound.toString(2).length;
    for (;;) {
      let value = 0n;
      for (let i = 0; i < bits; i += 32) value = (value << 32n) | BigInt(this.nextU32());
      value = BigInt.asUintN(bits, value);
      if (value < bound) return value;
    }
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, "prng pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.nextU32() & 0xff;
    return out;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
