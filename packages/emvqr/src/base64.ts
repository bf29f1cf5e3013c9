/**
 * Base64 in its canonical forms only, without Buffer or atob (which skips whitespace and
 * accepts non-zero padding bits): standard base64 with "=" padding for CPM payloads (RFC 4648
 * §4), and unpadded base64url (§5) inside Tongbao's templates. Canonical means one spelling per
 * byte string: unused bits of the last character must be zero, so a decoded value re-encodes to
 * the same text.
 */

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export type Base64Alphabet = "standard" | "url";

function reverse(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STANDARD_VALUES = reverse(STANDARD);
const URL_VALUES = reverse(URL);

/** Standard: padded with "="; url: no padding. */
export function base64Encode(bytes: Uint8Array, alphabet: Base64Alphabet): string {
  const chars = alphabet === "standard" ? STANDARD : URL;
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += chars[a >> 2]! + chars[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b === undefined) out += alphabet === "standard" ? "==" : "";
    else {
      out += chars[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
      if (c === undefined) out += alphabet === "standard" ? "=" : "";
      else out += chars[c & 63]!;
    }
  }
  return out;
}

/** The bytes, or undefined for anything that is not the canonical encoding of some bytes. */
export function base64Decode(text: string, alphabet: Base64Alphabet): Uint8Array | undefined {
  let body = text;
  if (alphabet === "standard") {
    if (text.length % 4 !== 0) return undefined;
    body = text.endsWith("==") ? text.slice(0, -2) : text.endsWith("=") ? text.slice(0, -1) : text;
  }
  if (body.length % 4 === 1) return undefined;
  const values = alphabet === "standard" ? STANDARD_VALUES : URL_VALUES;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? values[code]! : -1;
    if (value < 0) return undefined;
    // At most 13 bits are pending here, so 14 bits of buffer hold everything not yet written.
    buffer = ((buffer << 6) | value) & 0x3fff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  // Leftover bits (2 or 4) must be zero, or two texts would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
