/**
 * A message is built from typed input that should already be right; when it is not, the
 * builder refuses it — never truncates or rewrites it, since the XML is the record a bank's
 * back office books from — and reports every problem at once with its path and the fix.
 */
export type Iso20022ProblemCode =
  /** A mandatory value is absent or empty. */
  | "required"
  /** Text longer than its ISO 20022 type allows (Max35Text, Max140Text…). */
  | "too_long"
  /** Characters outside the allowed set, or a value outside its format or code list. */
  | "invalid"
  /** A list with too few or too many items. */
  | "count";

export interface Iso20022Problem {
  /** Where in the input, e.g. `transactions[0].debtor.name`. */
  readonly path: string;
  readonly code: Iso20022ProblemCode;
  readonly message: string;
}

export class Iso20022Error extends RangeError {
  override name = "Iso20022Error";
  readonly problems: readonly Iso20022Problem[];

  constructor(problems: readonly Iso20022Problem[]) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    super(`${first.path}: ${first.message}${more}`);
    this.problems = problems;
  }
}

/** Collects problems while a message is built, so one pass reports all of them. */
export class Problems {
  private readonly list: Iso20022Problem[] = [];

  add(path: string, code: Iso20022ProblemCode, message: string): void {
    this.list.push({ path, code, message });
  }

  get count(): number {
    return this.list.length;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new Iso20022Error(this.list);
  }
}

export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}
