/**
 * Which MPM IDs are templates (their value is itself TLV) and what each ID is called, for
 * messages. A path names an object from the root: ["62", "05"] is the reference label inside the
 * additional data template.
 */

export type MpmPath = readonly string[];

function inRange(id: string, low: number, high: number): boolean {
  const n = Number(id);
  return n >= low && n <= high;
}

/**
 * Templates: at the root 26–51 (merchant account information), 62 (additional data), 64
 * (alternate language) and 80–99 (unreserved); inside 62, the network templates 50–99. Nothing
 * deeper nests.
 */
export function isTemplateId(parent: MpmPath, id: string): boolean {
  if (parent.length === 0) {
    return inRange(id, 26, 51) || id === "62" || id === "64" || inRange(id, 80, 99);
  }
  return parent.length === 1 && parent[0] === "62" && inRange(id, 50, 99);
}

const ROOT_NAMES: Readonly<Record<string, string>> = {
  "00": "payload format indicator",
  "01": "point of initiation method",
  "52": "merchant category code",
  "53": "transaction currency",
  "54": "amount",
  "55": "tip or convenience indicator",
  "56": "convenience fee fixed",
  "57": "convenience fee percentage",
  "58": "country code",
  "59": "merchant name",
  "60": "merchant city",
  "61": "postal code",
  "62": "additional data",
  "63": "CRC",
  "64": "merchant information in an alternate language",
};

const ADDITIONAL_NAMES: Readonly<Record<string, string>> = {
  "01": "bill number",
  "02": "mobile number",
  "03": "store label",
  "04": "loyalty number",
  "05": "reference label",
  "06": "customer label",
  "07": "terminal label",
  "08": "purpose of transaction",
  "09": "additional consumer data request",
  "10": "merchant tax ID",
  "11": "merchant channel",
};

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  "00": "language preference",
  "01": "alternate merchant name",
  "02": "alternate merchant city",
};

function nameOf(path: MpmPath): string | undefined {
  const root = path[0];
  if (root === undefined) return undefined;
  if (path.length === 1) {
    if (inRange(root, 2, 25)) return "merchant account information";
    if (inRange(root, 26, 51)) return "merchant account information template";
    if (inRange(root, 65, 79)) return "reserved";
    if (inRange(root, 80, 99)) return "unreserved template";
    return ROOT_NAMES[root];
  }
  const last = path[path.length - 1]!;
  if (root === "64") return path.length === 2 ? LANGUAGE_NAMES[last] : undefined;
  if (root === "62" && path.length === 2) {
    return inRange(last, 50, 99) ? "payment system specific template" : ADDITIONAL_NAMES[last];
  }
  if (last === "00") return "globally unique identifier";
  return undefined;
}

/** "root 62-05 (reference label)": how messages name a place in the payload. */
export function describePath(path: MpmPath): string {
  const name = nameOf(path);
  return `root ${path.join("-")}${name === undefined ? "" : ` (${name})`}`;
}
