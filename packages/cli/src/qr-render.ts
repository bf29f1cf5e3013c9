/**
 * How `tongbao qr decode` prints what it read: one JSON line whose keys keep the payload's order
 * (JSON.stringify would move "29" before "00", since integer-like keys sort first in
 * JavaScript objects), or a table for people.
 */
import {
  describePath,
  isCpmTemplate,
  isMpmTemplate,
  type CpmObject,
  type MpmObject,
  type MpmPath,
} from "@tongbao/emvqr";
import { bytesToHex } from "@tongbao/std";

/** A JSON object from keys and already-encoded JSON values, in the given order. */
export function jsonObject(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
}

/** MPM objects as { "ID": "value" | { …sub-IDs… } }, in payload order. */
export function mpmObjectsJson(objects: readonly MpmObject[]): string {
  return jsonObject(
    objects.map((o) => [
      o.id,
      isMpmTemplate(o) ? mpmObjectsJson(o.objects) : JSON.stringify(o.value),
    ]),
  );
}

/** CPM objects as [{ "tag": "85", "value": "HEX" } | { "tag": "61", "objects": [...] }]. */
export function cpmObjectsJson(objects: readonly CpmObject[]): string {
  return `[${objects
    .map((o) =>
      isCpmTemplate(o)
        ? jsonObject([
            ["tag", JSON.stringify(o.tag)],
            ["objects", cpmObjectsJson(o.objects)],
          ])
        : jsonObject([
            ["tag", JSON.stringify(o.tag)],
            ["value", JSON.stringify(hex(o.value))],
          ]),
    )
    .join(",")}]`;
}

/** One line per object, sub-objects indented, with the EMV name of each ID. */
export function mpmObjectsTable(objects: readonly MpmObject[], parent: MpmPath = []): string[] {
  const lines: string[] = [];
  for (const object of objects) {
    const path = [...parent, object.id];
    const indent = "  ".repeat(parent.length);
    const name = /\((.*)\)$/.exec(describePath(path))?.[1] ?? "";
    const label = `${indent}${object.id}`.padEnd(8) + name.padEnd(46);
    if (isMpmTemplate(object)) {
      lines.push(label.trimEnd());
      lines.push(...mpmObjectsTable(object.objects, path));
    } else {
      lines.push(label + object.value);
    }
  }
  return lines;
}

export function cpmObjectsTable(objects: readonly CpmObject[], depth = 0): string[] {
  const lines: string[] = [];
  for (const object of objects) {
    const label = `${"  ".repeat(depth)}${object.tag}`.padEnd(10);
    if (isCpmTemplate(object)) {
      lines.push(label.trimEnd());
      lines.push(...cpmObjectsTable(object.objects, depth + 1));
    } else {
      const text = printable(object.value);
      lines.push(label + hex(object.value) + (text === undefined ? "" : `  "${text}"`));
    }
  }
  return lines;
}

function hex(bytes: Uint8Array): string {
  return bytesToHex(bytes).toUpperCase();
}

/** The bytes as text when they are all printable ASCII (labels, names, "CPV01"). */
function printable(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || !bytes.every((b) => b >= 0x20 && b < 0x7f)) return undefined;
  return String.fromCharCode(...bytes);
}
