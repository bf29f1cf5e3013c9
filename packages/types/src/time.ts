/**
 * Agreed time: milliseconds since the Unix epoch as proposed in a block and accepted by
 * consensus. The ledger never reads a clock; it is handed this number.
 */
export type TimestampMs = number & { readonly __brand: "TimestampMs" };
export type Height = number & { readonly __brand: "Height" };
export type Round = number & { readonly __brand: "Round" };

export function aTimestampMs(value: unknown, title = "timestamp"): TimestampMs {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${title}: expected a non-negative integer of milliseconds`);
  }
  return value as TimestampMs;
}

export function aHeight(value: unknown, title = "height"): Height {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${title}: expected a non-negative integer`);
  }
  return value as Height;
}
