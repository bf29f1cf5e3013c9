/**
 * BER-TLV as EMV uses it (EMV Book 3, Annex B): tags of one to three bytes (low five bits all
 * set means more bytes follow, bit 8 of each following byte means one more), lengths in short
 * form (< 128) or long form 81 xx / 82 xx xx, and constructed tags (bit 6 of the first byte, as
 * in 61, 62, 63, 64) holding more TLV.
 */
import { bytesToHex, hexToBytes } from "@tongbao/std";
import { fail, ok, type QrResult } from "../issues.ts";

export interface CpmPrimitive {
  /** Upper-case hex, e.g. "9F24". */
  readonly tag: string;
  readonly value: Uint8Array;
}

export interface CpmTemplate {
  readonly tag: string;
  readonly objects: readonly CpmObject[];
}

export type CpmObject = CpmPrimitive | CpmTemplate;

export function isCpmTemplate(object: CpmObject): object is CpmTemplate {
  return "objects" in object;
}

export const TAG_BYTES_MAX = 3;
/** Templates inside templates; EMV's deepest CPM nesting is two. */
export const NESTING_MAX = 4;
/** Long-form lengths of at most two bytes: 65,535 is far beyond any QR code. */
const LENGTH_MAX = 0xffff;

export function isConstructedTag(tag: string): boolean {
  return (parseInt(tag.slice(0, 2), 16) & 0x20) !== 0;
}

/** Parses bytes[start, end) as a list of TLV objects. */
export function parseBerTlv(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
  depth = 0,
  parent = "",
): QrResult<CpmObject[]> {
  const objects: CpmObject[] = [];
  let at = start;
  while (at < end) {
    const tagStart = at;
    const broken = (problem: string) =>
      fail<CpmObject[]>(
        "tlv_broken",
        `CPM${parent === "" ? "" : ` ${parent}`}: broken BER-TLV at byte ${tagStart}: ${problem}`,
      );
    const first = bytes[at++]!;
    if (first === 0x00 || first === 0xff) {
      return broken(`${hex(first)} is not a tag (padding is not allowed in a QR payload)`);
    }
    if ((first & 0x1f) === 0x1f) {
      let next: number;
      do {
        if (at >= end) return broken("the payload ends inside a tag");
        next = bytes[at++]!;
        if (at - tagStart > TAG_BYTES_MAX)
          return broken(`a tag longer than ${TAG_BYTES_MAX} bytes`);
      } while ((next & 0x80) !== 0);
    }
    const tag = bytesToHex(bytes.subarray(tagStart, at)).toUpperCase();
    if (at >= end) return broken(`tag ${tag} has no length`);
    const lengthByte = bytes[at++]!;
    let length = lengthByte;
    if (lengthByte === 0x80) return broken(`tag ${tag} has an indefinite length`);
    if (lengthByte > 0x80) {
      const count = lengthByte & 0x7f;
      if (count > 2) return broken(`tag ${tag}'s length takes ${count} bytes; at most 2`);
      if (at + count > end) return broken(`the payload ends inside tag ${tag}'s length`);
      length = 0;
      for (let i = 0; i < count; i++) length = (length << 8) | bytes[at++]!;
    }
    if (at + length > end) {
      return broken(`tag ${tag} says ${length} bytes but only ${end - at} remain`);
    }
    if ((first & 0x20) !== 0) {
      if (depth + 1 > NESTING_MAX) return broken(`templates nest deeper than ${NESTING_MAX}`);
      const inner = parseBerTlv(bytes, at, at + length, depth + 1, `${parent} ${tag}`.trim());
      if (!inner.ok) return inner;
      objects.push({ tag, objects: inner.value });
    } else {
      objects.push({ tag, value: bytes.slice(at, at + length) });
    }
    at += length;
  }
  return ok(objects);
}

/** The shortest BER encoding of `objects`; refuses malformed tags and oversized values. */
export function encodeBerTlv(objects: readonly CpmObject[]): QrResult<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const object of objects) {
    const tag = tagBytes(object.tag);
    if (tag === undefined) {
      return fail("tlv_broken", `CPM: ${JSON.stringify(object.tag)} is not a well-formed tag`);
    }
    const constructed = (tag[0]! & 0x20) !== 0;
    let value: Uint8Array;
    if (isCpmTemplate(object)) {
      if (!constructed) {
        return fail("tlv_broken", `CPM: tag ${object.tag} is primitive; give a value`);
      }
      const inner = encodeBerTlv(object.objects);
      if (!inner.ok) return inner;
      value = inner.value;
    } else {
      if (constructed) {
        return fail("tlv_broken", `CPM: tag ${object.tag} is constructed; give objects`);
      }
      if (!(object.value instanceof Uint8Array)) {
        return fail("tlv_broken", `CPM: tag ${object.tag}: expected a Uint8Array value`);
      }
      value = object.value;
    }
    if (value.length > LENGTH_MAX) {
      return fail(
        "tlv_broken",
        `CPM: tag ${object.tag} holds ${value.length} bytes; at most ${LENGTH_MAX}`,
      );
    }
    parts.push(tag, lengthBytes(value.length), value);
  }
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return ok(out);
}

/** The bytes of a tag written in hex, or undefined when they do not form exactly one tag. */
function tagBytes(tag: unknown): Uint8Array | undefined {
  if (typeof tag !== "string" || !/^([0-9A-Fa-f]{2}){1,3}$/.test(tag)) return undefined;
  const bytes = hexToBytes(tag);
  const first = bytes[0]!;
  if (first === 0x00 || first === 0xff) return undefined;
  const multi = (first & 0x1f) === 0x1f;
  if (!multi) return bytes.length === 1 ? bytes : undefined;
  for (let i = 1; i < bytes.length; i++) {
    const more = (bytes[i]! & 0x80) !== 0;
    if (more !== i < bytes.length - 1) return undefined;
  }
  return bytes.length > 1 ? bytes : undefined;
}

function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}
