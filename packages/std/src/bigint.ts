/** bigint helpers with the rounding direction always named by the caller. */
import { assert } from "./assert.ts";

export type Rounding = "down" | "up";

/** floor or ceiling of a / b for non-negative a and positive b. */
export function divide(a: bigint, b: bigint, rounding: Rounding): bigint {
  assert(a >= 0n, "divide: dividend must be non-negative");
  assert(b > 0n, "divide: divisor must be positive");
  const q = a / b;
  if (rounding === "down" || q * b === a) return q;
  return q + 1n;
}

/** a × n / d with the named rounding; exact bigint arithmetic, no intermediate overflow. */
export function mulDiv(a: bigint, n: bigint, d: bigint, rounding: Rounding): bigint {
  assert(n >= 0n, "mulDiv: numerator must be non-negative");
  return divide(a * n, d, rounding);
}

export function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
