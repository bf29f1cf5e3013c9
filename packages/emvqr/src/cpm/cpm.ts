/**
 * Consumer-presented mode: the phone shows base64 of BER-TLV that starts with 85 "CPV01" (so
 * the text begins "hQVDUFY"), then one or more application templates (61) with the AID (4F),
 * and optional common data (62) and cryptogram templates (63, 64).
 */
import { fail, ok, type QrResult } from "../issues.ts";
import { base64Decode, base64Encode } from "../base64.ts";
import { encodeBerTlv, isCpmTemplate, parseBerTlv, type CpmObject } from "./ber-tlv.ts";

export interface CpmCode {
  readonly objects: readonly CpmObject[];
  /** The decoded BER-TLV bytes. */
  readonly bytes: Uint8Array;
}

/** Readers must handle at least 512 bytes; this one takes up to 4 KiB (more than a QR holds). */
export const CPM_BYTES_LIMIT = 4096;
/** "hQVDUFY": the base64 of 85 05 "CPV": every CPM payload starts with it. */
export const CPM_PREFIX = "hQVDUFY";

const CPV01 = [0x43, 0x50, 0x56, 0x30, 0x31];

export function decodeCpm(payload: unknown): QrResult<CpmCode> {
  if (typeof payload !== "string") return fail("payload_invalid", "payload: expected a string");
  if (payload.length === 0) return fail("payload_invalid", "payload: empty");
  if (payload.length > Math.ceil(CPM_BYTES_LIMIT / 3) * 4) {
    return fail("payload_invalid", `payload: more than ${CPM_BYTES_LIMIT} bytes`);
  }
  const bytes = base64Decode(payload, "standard");
  if (bytes === undefined) {
    return fail(
      "base64_invalid",
      "CPM: not canonical base64 (A–Z a–z 0–9 + /, padded with = to a multiple of 4, no spaces)",
    );
  }
  const objects = parseBerTlv(bytes);
  if (!objects.ok) return objects;
  const problem = cpmProblem(objects.value);
  if (problem !== undefined) return problem;
  return ok({ objects: objects.value, bytes });
}

/** The rules every CPM payload keeps: the version first, then at least one application. */
function cpmProblem(objects: readonly CpmObject[]): QrResult<never> | undefined {
  const first = objects[0];
  if (
    first === undefined ||
    first.tag !== "85" ||
    isCpmTemplate(first) ||
    first.value.length !== CPV01.length ||
    first.value.some((b, i) => b !== CPV01[i])
  ) {
    return fail("not_cpm", 'CPM: must start with tag 85 (payload format indicator) = "CPV01"');
  }
  const applications = objects.filter((o) => o.tag === "61");
  if (applications.length === 0) {
    return fail("rule_broken", "CPM: no application template (61); at least one is mandatory");
  }
  for (const application of applications) {
    if (!isCpmTemplate(application)) continue; // 61 is constructed: the parser built a template
    const aid = application.objects.find((o) => o.tag === "4F");
    if (aid === undefined || isCpmTemplate(aid)) {
      return fail("rule_broken", "CPM 61 (application template): 4F (AID) is missing");
    }
    if (aid.value.length < 5 || aid.value.length > 16) {
      return fail(
        "rule_broken",
        `CPM 61 4F (AID): ${aid.value.length} bytes; an AID has 5–16 bytes`,
      );
    }
  }
  return undefined;
}

/** Base64 of the objects' BER-TLV (shortest lengths); refuses what decodeCpm refuses. */
export function encodeCpm(objects: readonly CpmObject[]): QrResult<string> {
  const bytes = encodeBerTlv(objects);
  if (!bytes.ok) return bytes;
  if (bytes.value.length > CPM_BYTES_LIMIT) {
    return fail("payload_invalid", `CPM: ${bytes.value.length} bytes; at most ${CPM_BYTES_LIMIT}`);
  }
  const payload = base64Encode(bytes.value, "standard");
  const check = decodeCpm(payload);
  if (!check.ok) return check;
  return ok(payload);
}
