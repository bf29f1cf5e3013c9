/**
 * EMV MPM counts lengths in Unicode code points ("0104最佳运输" has length 04), while JavaScript
 * strings index UTF-16 units. These helpers keep that difference in one place.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False when the string holds a lone surrogate, which has no UTF-8 encoding. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The code points of a well-formed string, one string each. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function hasSurrogates(text: string): boolean {
  return /[\uD800-\uDFFF]/.test(text);
}

/** The number of code points: what an MPM length counts. */
export function codePointLength(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text);
}

export const UTF8_ENCODER = new TextEncoder();
/** fatal: invalid UTF-8 is refused, never silently replaced with U+FFFD. */
export const UTF8_DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
