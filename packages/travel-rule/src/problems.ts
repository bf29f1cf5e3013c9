/**
 * Validation reports every problem at once, each with the path of the field and what to do, so
 * a bank's back office can fix a record in one pass instead of one refusal at a time.
 */

export type ProblemCode =
  /** A mandatory field is absent. */
  | "required"
  /** A value of the wrong JSON type (a number where text belongs, …). */
  | "wrong_type"
  /** Text that is empty or only spaces. */
  | "empty"
  /** Text longer than the field allows, counted in Unicode code points. */
  | "too_long"
  /** A list with fewer or more items than the field allows. */
  | "count"
  /** A value outside the field's code list or format. */
  | "invalid"
  /** A field this profile of IVMS101 does not carry. */
  | "unknown_field"
  /** A rule across fields: a legal name, an identification, one kind of person… */
  | "constraint";

export interface ValidationProblem {
  /** Where, e.g. `originator.originatorPersons[0].naturalPerson.name`. Empty for the root. */
  readonly path: string;
  readonly code: ProblemCode;
  /** What is wrong and what to send instead. */
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/** `path: message`, the form used in logs and API error details. */
export function formatProblem(problem: ValidationProblem): string {
  return problem.path === "" ? problem.message : `${problem.path}: ${problem.message}`;
}

export function childPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
