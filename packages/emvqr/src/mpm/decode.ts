/**
 * Decoding an MPM payload. Both modes refuse what makes a payload unreadable or untrustworthy —
 * broken TLV at the root, a duplicate ID at one level, 00 not first, 63 not last, a missing or
 * wrong CRC. Strict mode also refuses anything the EMV specification forbids (rules.ts); lenient
 * mode, the default for scanning real-world codes, reports those as warnings instead, and reads
 * a template ID whose value is not TLV (some schemes put a plain value at 80–99) as a plain value.
 */
import { fail, issue, ok, type QrIssue, type QrResult } from "../issues.ts";
import { crcHex } from "../crc16.ts";
import { codePointLength, isAscii, isWellFormed } from "../unicode.ts";
import type { MpmObject } from "./objects.ts";
import { PAYLOAD_CHARS_MAX, mpmRuleIssues } from "./rules.ts";
import { describePath, isTemplateId, type MpmPath } from "./schema.ts";
import { parseLevel, valueOffset, type LengthUnit, type RawObject } from "./tlv.ts";

export type MpmMode = "strict" | "lenient";

export interface DecodeMpmOptions {
  /** "lenient" (default) accepts real-world departures with warnings; "strict" refuses them. */
  readonly mode?: MpmMode;
}

export interface MpmCode {
  /** The root objects in payload order, without the CRC (ID 63). */
  readonly objects: readonly MpmObject[];
  /** The CRC as written: four hex digits. */
  readonly crc: string;
  /** What strict mode would have refused; always empty in strict mode. */
  readonly warnings: readonly QrIssue[];
}

export { PAYLOAD_CHARS_MAX };
/**
 * The hard limit in both modes: a version-40 QR symbol holds at most 2,953 bytes, so anything
 * longer did not come from a QR code.
 */
export const PAYLOAD_CHARS_LIMIT = 4096;

const HEX4 = /^[0-9A-Fa-f]{4}$/;

export function decodeMpm(payload: unknown, options: DecodeMpmOptions = {}): QrResult<MpmCode> {
  const mode = options.mode ?? "lenient";
  if (typeof payload !== "string") return fail("payload_invalid", "payload: expected a string");
  if (payload.length === 0) return fail("payload_invalid", "payload: empty");
  if (!isWellFormed(payload)) {
    return fail("payload_invalid", "payload: holds a lone UTF-16 surrogate, which is not text");
  }
  const chars = codePointLength(payload);
  if (chars > PAYLOAD_CHARS_LIMIT) {
    return fail(
      "payload_invalid",
      `payload: ${chars} characters, more than any QR code holds (${PAYLOAD_CHARS_LIMIT})`,
    );
  }
  let unit: LengthUnit = "codepoint";
  let tree = readTree(payload, unit, mode);
  if (!tree.ok && tree.error.code === "tlv_broken" && mode === "lenient" && !isAscii(payload)) {
    // Some generators count UTF-8 bytes instead of characters; the CRC still guards the content.
    const inBytes = readTree(payload, "byte", mode);
    if (inBytes.ok) {
      unit = "byte";
      tree = inBytes;
    }
  }
  if (!tree.ok) return tree;
  const { objects, crc, plainTemplates } = tree.value;
  const issues = [...plainTemplates, ...mpmRuleIssues(objects, { payloadChars: chars, crc })];
  if (unit === "byte") {
    issues.unshift(
      issue("rule_broken", "root: lengths count UTF-8 bytes; the specification counts characters"),
    );
  }
  if (mode === "strict") {
    const first = issues[0];
    if (first !== undefined) return { ok: false, error: first };
  }
  return ok({ objects, crc, warnings: mode === "strict" ? [] : issues });
}

interface Tree {
  readonly objects: MpmObject[];
  readonly crc: string;
  /** Lenient mode: template IDs read as plain values because their value is not TLV. */
  readonly plainTemplates: QrIssue[];
}

/** The structure and the CRC: everything both modes refuse. */
function readTree(payload: string, unit: LengthUnit, mode: MpmMode): QrResult<Tree> {
  const root = parseLevel(payload, unit, []);
  if (!root.ok) return root;
  const raw = root.value;
  const duplicate = findDuplicate([], raw, unit);
  if (duplicate !== undefined) return { ok: false, error: duplicate };

  const first = raw[0]!;
  if (first.id !== "00") {
    return fail(
      "id_misplaced",
      `root: the payload must start with ID 00 (payload format indicator), not ${first.id}`,
    );
  }
  const crcIndex = raw.findIndex((o) => o.id === "63");
  if (crcIndex === -1) {
    return fail("crc_missing", "root 63 (CRC): missing; a payload ends with 6304 and the CRC");
  }
  if (crcIndex !== raw.length - 1) {
    return fail(
      "id_misplaced",
      `root 63 (CRC): must be the last object, but ID ${raw[crcIndex + 1]!.id} follows it`,
    );
  }
  const crc = raw[crcIndex]!.value;
  if (!HEX4.test(crc)) {
    return fail("crc_missing", `root 63 (CRC): ${JSON.stringify(crc)} is not four hex digits`);
  }
  // The CRC covers everything before its own value, "6304" included; its value is 4 ASCII
  // characters, so dropping the last 4 UTF-16 units drops exactly the value.
  const expected = crcHex(payload.slice(0, payload.length - 4));
  if (crc.toUpperCase() !== expected) {
    return fail(
      "crc_mismatch",
      `root 63 (CRC): ${crc} does not match the payload, whose CRC is ${expected}; the code was damaged or changed`,
    );
  }

  const objects: MpmObject[] = [];
  const plainTemplates: QrIssue[] = [];
  for (const object of raw.slice(0, crcIndex)) {
    const built = buildObject([], object, unit, mode === "lenient" ? plainTemplates : undefined);
    if (!built.ok) return built;
    objects.push(built.value);
  }
  return ok({ objects, crc, plainTemplates });
}

/**
 * A primitive, or a template whose value is parsed as the next level. With `plain` (lenient
 * mode), a template ID whose value is not TLV becomes a primitive and the fact is noted there.
 */
function buildObject(
  parent: MpmPath,
  raw: RawObject,
  unit: LengthUnit,
  plain: QrIssue[] | undefined,
): QrResult<MpmObject> {
  if (!isTemplateId(parent, raw.id)) return ok({ id: raw.id, value: raw.value });
  const path = [...parent, raw.id];
  const level = parseLevel(raw.value, unit, path, valueOffset(raw));
  if (!level.ok && level.error.code === "tlv_broken" && plain !== undefined) {
    plain.push(
      issue(
        "rule_broken",
        `${describePath(path)}: is a template but its value is not TLV; read as a plain value`,
      ),
    );
    return ok({ id: raw.id, value: raw.value });
  }
  if (!level.ok) return level;
  const duplicate = findDuplicate(path, level.value, unit);
  if (duplicate !== undefined) return { ok: false, error: duplicate };
  const objects: MpmObject[] = [];
  for (const child of level.value) {
    const built = buildObject(path, child, unit, plain);
    if (!built.ok) return built;
    objects.push(built.value);
  }
  return ok({ id: raw.id, objects });
}

function findDuplicate(
  path: MpmPath,
  objects: readonly RawObject[],
  unit: LengthUnit,
): QrIssue | undefined {
  const seen = new Map<string, number>();
  for (const object of objects) {
    const earlier = seen.get(object.id);
    if (earlier !== undefined) {
      const where = path.length === 0 ? "root" : describePath(path);
      const unitName = unit === "codepoint" ? "characters" : "bytes";
      return issue(
        "id_duplicate",
        `${where}: ID ${object.id} appears twice (at ${unitName} ${earlier} and ${object.offset}); an ID may appear once per level`,
      );
    }
    seen.set(object.id, object.offset);
  }
  return undefined;
}
