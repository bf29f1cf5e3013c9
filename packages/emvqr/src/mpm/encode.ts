/**
 * Encoding an MPM payload: the objects in the order given, then "6304" and the CRC. The result
 * is decoded again in the same mode before it is returned, so the encoder refuses exactly what
 * the decoder refuses and never hands out a code that its own decoder would not accept.
 */
import { fail, ok, type QrResult } from "../issues.ts";
import { crcHex } from "../crc16.ts";
import { codePointLength, isWellFormed } from "../unicode.ts";
import { decodeMpm, type MpmMode } from "./decode.ts";
import { isMpmTemplate, type MpmObject } from "./objects.ts";
import { describePath, isTemplateId, type MpmPath } from "./schema.ts";
import { VALUE_LENGTH_MAX, parseLevel, serializeLevel } from "./tlv.ts";

export interface EncodeMpmOptions {
  /** "strict" (default): only codes the specification allows. "lenient": structure only. */
  readonly mode?: MpmMode;
}

const ID = /^[0-9]{2}$/;

/**
 * Encodes root objects (without ID 63, which the encoder appends) into a payload with its CRC.
 * Bad input is a refusal naming the object and the rule, never an exception.
 */
export function encodeMpm(
  objects: readonly MpmObject[],
  options: EncodeMpmOptions = {},
): QrResult<string> {
  const mode = options.mode ?? "strict";
  if (!Array.isArray(objects)) return fail("payload_invalid", "objects: expected an array");
  if (objects.some((o) => o?.id === "63")) {
    return fail("id_misplaced", "root 63 (CRC): leave it out; the encoder computes and appends it");
  }
  const body = serialize([], objects, mode);
  if (!body.ok) return body;
  const withCrcId = body.value + "6304";
  const payload = withCrcId + crcHex(withCrcId);
  const check = decodeMpm(payload, { mode });
  if (!check.ok) return check;
  return ok(payload);
}

/**
 * The TLV text of one level; refuses malformed IDs, values and template shapes. Lenient mode
 * allows a plain value at a template ID if the value is not TLV, since that is how the lenient
 * decoder reads such a value; any other plain value there would come back as a template.
 */
export function serialize(
  parent: MpmPath,
  objects: readonly MpmObject[],
  mode: MpmMode,
): QrResult<string> {
  const parts: { id: string; text: string }[] = [];
  for (const object of objects) {
    if (typeof object !== "object" || object === null || !ID.test(String(object.id))) {
      return fail(
        "tlv_broken",
        `${where(parent)}: ${JSON.stringify(object?.id)} is not an ID of two digits`,
      );
    }
    const path = [...parent, object.id];
    let text: string;
    if (isTemplateId(parent, object.id) && !isPlainTemplate(object, mode)) {
      if (!isMpmTemplate(object)) {
        return fail(
          "tlv_broken",
          `${describePath(path)}: is a template; give objects, not a value`,
        );
      }
      const inner = serialize(path, object.objects, mode);
      if (!inner.ok) return inner;
      text = inner.value;
    } else {
      if (isMpmTemplate(object) || typeof object.value !== "string") {
        return fail("tlv_broken", `${describePath(path)}: is not a template; give a string value`);
      }
      if (!isWellFormed(object.value)) {
        return fail("payload_invalid", `${describePath(path)}: holds a lone UTF-16 surrogate`);
      }
      text = object.value;
    }
    const chars = codePointLength(text);
    if (chars > VALUE_LENGTH_MAX) {
      return fail(
        "tlv_broken",
        `${describePath(path)}: ${chars} characters do not fit; a data object holds at most ${VALUE_LENGTH_MAX}`,
      );
    }
    parts.push({ id: object.id, text });
  }
  return ok(serializeLevel(parts));
}

function isPlainTemplate(object: MpmObject, mode: MpmMode): boolean {
  if (mode !== "lenient" || isMpmTemplate(object) || typeof object.value !== "string") return false;
  return !parseLevel(object.value, "codepoint", []).ok;
}

function where(path: MpmPath): string {
  return path.length === 0 ? "root" : describePath(path);
}
