/**
 * A rough count of the heap bytes a plain JSON-like value occupies, for bounding caches of API
 * views in bytes rather than in entries (an opening of eight accounts is ten times a payment).
 * It follows V8's layout on 64-bit machines: a 16-byte string header and a byte a character
 * (these views hold one-byte strings), rounded to words; objects and arrays a header and a word a slot. It is an estimate — shared
 * strings count once per reference, and hidden classes not at all — but it grows with what the
 * value holds, which is what a bound needs.
 */
const WORD = 8;

const words = (bytes: number): number => Math.ceil(bytes / WORD) * WORD;

export function estimatedBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return words(16 + value.length);
    case "number":
      // Small integers live in the slot; others in a 16-byte heap number.
      return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 0 : 16;
    case "bigint":
      return 24;
    case "object": {
      if (value === null) return 0;
      if (Array.isArray(value)) {
        let total = 16 + 16 + WORD * value.length;
        for (const item of value) total += estimatedBytes(item);
        return total;
      }
      let total = 24;
      for (const key in value) {
        total += WORD + estimatedBytes((value as Record<string, unknown>)[key]);
      }
      return total;
    }
    default:
      return 0;
  }
}
