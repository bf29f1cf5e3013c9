/**
 * One level of MPM TLV: ID (two digits) ‖ length (two digits) ‖ value. Lengths count code
 * points; in lenient mode a payload whose lengths only make sense as UTF-8 byte counts (some
 * printers count bytes) is read in bytes instead.
 */
import { fail, ok, type QrResult } from "../issues.ts";
import {
  UTF8_DECODER,
  UTF8_ENCODER,
  codePointLength,
  codePoints,
  hasSurrogates,
} from "../unicode.ts";
import { describePath, type MpmPath } from "./schema.ts";

export type LengthUnit = "codepoint" | "byte";

export interface RawObject {
  readonly id: string;
  readonly value: string;
  /** Where the object's ID starts, in `unit`s from the start of the payload. */
  readonly offset: number;
}

/** Values and templates hold at most 99 units: the length field has two digits. */
export const VALUE_LENGTH_MAX = 99;

const TWO_DIGITS = /^[0-9]{2}$/;

interface Units {
  readonly length: number;
  /** The text of units [start, end), or undefined when a byte range splits a character. */
  slice(start: number, end: number): string | undefined;
}

function unitsOf(text: string, unit: LengthUnit): Units {
  if (unit === "codepoint") {
    // PERF: without surrogate pairs every code point is one UTF-16 unit, so the string itself
    // indexes code points; that is nearly every real payload, and 5× faster than splitting.
    if (!hasSurrogates(text)) {
      return { length: text.length, slice: (s, e) => text.slice(s, e) };
    }
    const points = codePoints(text);
    return { length: points.length, slice: (s, e) => points.slice(s, e).join("") };
  }
  const bytes = UTF8_ENCODER.encode(text);
  return {
    length: bytes.length,
    slice: (s, e) => {
      try {
        return UTF8_DECODER.decode(bytes.subarray(s, e));
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Splits `text` (the payload, or a template's value starting at `baseOffset`) into its objects.
 * Refuses a non-digit ID or length and a value that runs past the end; duplicates and order are
 * the caller's business.
 */
export function parseLevel(
  text: string,
  unit: LengthUnit,
  path: MpmPath,
  baseOffset = 0,
): QrResult<RawObject[]> {
  const units = unitsOf(text, unit);
  const where = path.length === 0 ? "root" : describePath(path);
  const unitName = unit === "codepoint" ? "character" : "byte";
  const objects: RawObject[] = [];
  let at = 0;
  while (at < units.length) {
    const broken = (problem: string) =>
      fail<RawObject[]>(
        "tlv_broken",
        `${where}: broken TLV at ${unitName} ${baseOffset + at}: ${problem}`,
      );
    if (units.length - at < 4) {
      return broken(`${units.length - at} ${unitName}s left, too few for an ID and a length`);
    }
    const id = units.slice(at, at + 2) ?? "";
    if (!TWO_DIGITS.test(id)) return broken(`ID ${JSON.stringify(id)} is not two digits`);
    const lengthText = units.slice(at + 2, at + 4) ?? "";
    if (!TWO_DIGITS.test(lengthText)) {
      return broken(`ID ${id} has length ${JSON.stringify(lengthText)}, not two digits`);
    }
    const length = Number(lengthText);
    const start = at + 4;
    if (start + length > units.length) {
      return broken(`ID ${id} says ${length} ${unitName}s but only ${units.length - start} remain`);
    }
    const value = units.slice(start, start + length);
    if (value === undefined) return broken(`ID ${id}'s value ends inside a character`);
    objects.push({ id, value, offset: baseOffset + at });
    at = start + length;
  }
  return ok(objects);
}

/** ID ‖ length ‖ value for each object; the caller has checked every length is ≤ 99. */
export function serializeLevel(objects: readonly { id: string; text: string }[]): string {
  let out = "";
  for (const { id, text } of objects) {
    out += id + String(codePointLength(text)).padStart(2, "0") + text;
  }
  return out;
}

/** Where a value starts, given where its object starts: after the ID and the length. */
export function valueOffset(object: RawObject): number {
  return object.offset + 4;
}
