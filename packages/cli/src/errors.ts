/**
 * Errors the user can fix: printed as one line that says what happened and what to do, with
 * exit code 1 and no stack trace. Anything else is a bug and keeps its stack.
 */
export class CliError extends Error {
  override name = "CliError";
}
