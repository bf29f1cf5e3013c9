/**
 * Hashing with domain separation. Every hash the protocol computes names its purpose, so bytes
 * hashed for one purpose (a transaction) can never be confused with another (a Merkle node).
 */
import { sha256 } from "#sha256";

export { sha256 };

const TEXT = new TextEncoder();
const tagPrefixes = new Map<string, Uint8Array>();

/**
 * sha256(tagLength ‖ tag ‖ data), where tag is ASCII such as "tongbao/tx". The one-byte tag
 * length keeps tags from running into the data.
 */
export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  const prefix = tagPrefix(tag);
  const input = new Uint8Array(prefix.length + data.length);
  input.set(prefix, 0);
  input.set(data, prefix.length);
  return sha256(input);
}

/** taggedHash(tag, left ‖ right) without building the concatenation twice (Merkle nodes). */
export function taggedHashPair(tag: string, left: Uint8Array, right: Uint8Array): Uint8Array {
  const prefix = tagPrefix(tag);
  const input = new Uint8Array(prefix.length + left.length + right.length);
  input.set(prefix, 0);
  input.set(left, prefix.length);
  input.set(right, prefix.length + left.length);
  return sha256(input);
}

/** The length-prefixed tag bytes. The cache holds constants only, so it is not shared state. */
export function tagPrefix(tag: string): Uint8Array {
  let prefix = tagPrefixes.get(tag);
  if (prefix === undefined) {
    const tagBytes = TEXT.encode(tag);
    if (tagBytes.length > 255) throw new RangeError("hash tag longer than 255 bytes");
    prefix = new Uint8Array(1 + tagBytes.length);
    prefix[0] = tagBytes.length;
    prefix.set(tagBytes, 1);
    tagPrefixes.set(tag, prefix);
  }
  return prefix;
}
