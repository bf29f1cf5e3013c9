/**
 * The decoded form of an MPM payload: data objects in payload order (order is kept so that a
 * decoded code re-encodes to the same characters). A template's value is its own list.
 */

export interface MpmPrimitive {
  /** Two digits, "00"–"99". */
  readonly id: string;
  readonly value: string;
}

export interface MpmTemplate {
  readonly id: string;
  readonly objects: readonly MpmObject[];
}

export type MpmObject = MpmPrimitive | MpmTemplate;

export function isMpmTemplate(object: MpmObject): object is MpmTemplate {
  return "objects" in object;
}

/** The object at `ids` from the root (e.g. "62", "05"), or undefined. */
export function mpmFind(objects: readonly MpmObject[], ...ids: string[]): MpmObject | undefined {
  let level: readonly MpmObject[] = objects;
  let found: MpmObject | undefined;
  for (const id of ids) {
    found = level.find((o) => o.id === id);
    if (found === undefined) return undefined;
    level = isMpmTemplate(found) ? found.objects : [];
  }
  return found;
}

/** The value of the primitive at `ids`, or undefined when absent or a template. */
export function mpmValue(objects: readonly MpmObject[], ...ids: string[]): string | undefined {
  const found = mpmFind(objects, ...ids);
  return found === undefined || isMpmTemplate(found) ? undefined : found.value;
}
