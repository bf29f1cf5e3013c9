/** Byte helpers shared by every package. Hex is lower case and has no 0x prefix. */

const HEX = "0123456789abcdef";
/** Character codes of each byte's two hex digits: high digit at 2b, low at 2b + 1. */
const HEX_CODES: number[] = Array.from({ length: 512 }, (_, i) =>
  HEX.charCodeAt(i % 2 === 0 ? (i >> 1) >> 4 : (i >> 1) & 15),
);
/** Bytes turned into one string at a time: fromCharCode's arguments stay well within limits. */
const HEX_CHUNK_BYTES = 4096;
/** Reused for every call: the character codes of one chunk. */
const chunkCodes: number[] = [];

/**
 * PERF: builds each chunk as one flat string with String.fromCharCode. Appending two characters
 * at a time made a chain of V8 cons strings (32 bytes a link, 14 links for an account id) that a
 * Map key or an object field keeps alive unflattened: about 70 MB in a validator with a million
 * accounts. This is also faster, about 0.44 µs against 0.69 µs for 32 bytes read in full.
 */
export function bytesToHex(bytes: Uint8Array): string {
  return rangeToHex(bytes, 0, bytes.length);
}

/** The hex of `bytes[start..end)`, without making a view of that range. */
export function rangeToHex(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let from = start; from < end; from += HEX_CHUNK_BYTES) {
    const to = Math.min(end, from + HEX_CHUNK_BYTES);
    chunkCodes.length = (to - from) * 2;
    for (let i = from, j = 0; i < to; i++, j += 2) {
      const b = bytes[i]! * 2;
      chunkCodes[j] = HEX_CODES[b]!;
      chunkCodes[j + 1] = HEX_CODES[b + 1]!;
    }
    out += String.fromCharCode.apply(null, chunkCodes);
  }
  return out;
}

/** Parses lower- or upper-case hex. Throws TypeError/RangeError for anything that is not hex. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== "string") throw new TypeError("hex: expected a string");
  if (hex.length % 2 !== 0) throw new RangeError(`hex: odd length ${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(hex.charCodeAt(2 * i));
    const lo = hexValue(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new RangeError(`hex: invalid character near position ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Byte-wise lexicographic comparison: the only ordering used for canonical sorting. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
