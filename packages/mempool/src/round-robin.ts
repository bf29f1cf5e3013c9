/**
 * Fair selection for a block proposal: one transaction from each signer in turn, each signer's
 * own transactions in arrival order. A signer with a thousand waiting transactions gets the same
 * share of a block as one with a single payment, so a bulk submitter cannot starve a shop's till.
 */

export interface Queued {
  /** Arrival order across the whole pool: unique, so signers sort into one defined order. */
  readonly sequence: number;
  readonly encodedBytes: number;
}

export interface SelectionLimits {
  readonly maxTxs: number;
  readonly maxBytes: number;
}

interface Cursor<T> {
  head: T | undefined;
  readonly rest: Iterator<T>;
}

/**
 * Selects from `queues` (each in arrival order) round by round. Signers are visited in the
 * order of their oldest waiting transaction, so the one that has waited longest goes first, and
 * a signer served in this block moves back once its served transactions are removed.
 *
 * Items that are not `includable` are skipped. An item that does not fit the remaining bytes
 * ends its signer's turn for this block instead of being skipped: a later transaction of the same
 * signer must not overtake it, because a client may rely on its own submission order (open an
 * account, then pay from it).
 */
export function selectRoundRobin<T extends Queued>(
  queues: Iterable<Iterable<T>>,
  limits: SelectionLimits,
  includable: (item: T) => boolean,
): T[] {
  const cursors: Cursor<T>[] = [];
  for (const queue of queues) {
    const rest = queue[Symbol.iterator]();
    const first = rest.next();
    if (first.done !== true) cursors.push({ head: first.value, rest });
  }
  cursors.sort((a, b) => a.head!.sequence - b.head!.sequence);

  const taken: T[] = [];
  let bytes = 0;
  let active = cursors;
  while (active.length > 0 && taken.length < limits.maxTxs) {
    const next: Cursor<T>[] = [];
    for (const cursor of active) {
      if (taken.length === limits.maxTxs) break;
      const item = nextIncludable(cursor, includable);
      if (item === undefined) continue;
      if (bytes + item.encodedBytes > limits.maxBytes) continue;
      taken.push(item);
      bytes += item.encodedBytes;
      next.push(cursor);
    }
    active = next;
  }
  return taken;
}

function nextIncludable<T>(cursor: Cursor<T>, includable: (item: T) => boolean): T | undefined {
  while (cursor.head !== undefined) {
    const item = cursor.head;
    const step = cursor.rest.next();
    cursor.head = step.done === true ? undefined : step.value;
    if (includable(item)) return item;
  }
  return undefined;
}
