/**
 * Request validation with TypeBox's compiler, strictly: no type coercion of bodies, no silent
 * removal of unknown fields, and one error message that names the field and the expected form.
 *
 * Path and query values arrive as strings; a field declared as an integer is converted only when
 * the string is a plain decimal integer, so "1e3", "0x10" and "07" are refused, not reinterpreted.
 */
import { Kind, type TSchema } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";
import { BINARY_BODY_FORMAT } from "../routes.ts";

export type RequestPart = "body" | "params" | "querystring" | "headers";

/** A request that does not match its route's schema: answered as `invalid_request` (400). */
export class RequestValidationError extends Error {
  override name = "RequestValidationError";

  constructor(
    readonly location: RequestPart,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const INTEGER_TEXT = /^(?:0|[1-9][0-9]{0,15})$/;

/** Converts integer-typed properties of a string map (path, query) from their text. */
function convertTextFields(schema: TSchema, data: unknown): unknown {
  if (typeof data !== "object" || data === null || schema[Kind] !== "Object") return data;
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [name, value] of Object.entries(out)) {
    const property = properties[name];
    if (property?.type === "integer" && typeof value === "string" && INTEGER_TEXT.test(value)) {
      out[name] = Number(value);
    }
  }
  return out;
}

/** Compiled checkers, shared by every route that uses the same schema object. */
class CheckerCache {
  private readonly checks = new WeakMap<TSchema, TypeCheck<TSchema>>();

  get(schema: TSchema): TypeCheck<TSchema> {
    let check = this.checks.get(schema);
    if (check === undefined) {
      check = TypeCompiler.Compile(schema);
      this.checks.set(schema, check);
    }
    return check;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return `${typeof value === "object" ? "an" : "a"} ${typeof value}`;
}

function fieldName(location: RequestPart, path: string): string {
  const prefix = location === "querystring" ? "query" : location;
  if (path === "") return prefix;
  return (
    prefix +
    path
      .split("/")
      .slice(1)
      .map((part) =>
        /^[0-9]+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`,
      )
      .join("")
  );
}

export class RequestValidator {
  private readonly cache = new CheckerCache();

  /**
   * A validator for fastify's `setValidatorCompiler`. `hint` describes a valid request body for
   * messages about its shape.
   */
  compile(schema: TSchema, part: RequestPart, hint: string | undefined) {
    // Binary bodies are raw bytes whose framing the handler decodes; the schema only documents.
    if (part === "body" && (schema as { format?: string }).format === BINARY_BODY_FORMAT) {
      return (data: unknown) => ({ value: data });
    }
    const check = this.cache.get(schema);
    return (data: unknown) => {
      const value = part === "body" ? data : convertTextFields(schema, data);
      if (check.Check(value)) return { value };
      return { error: this.explain(schema, value, part, hint) };
    };
  }

  /** The first problem with `value`, described for the person who sent it. */
  explain(
    schema: TSchema,
    value: unknown,
    part: RequestPart,
    hint: string | undefined,
  ): RequestValidationError {
    const error = this.firstError(schema, value);
    const field = fieldName(part, error?.path ?? "");
    const expected = hint === undefined || part !== "body" ? "" : `; send ${hint}`;
    if (error === undefined) {
      return new RequestValidationError(part, field, `${field}: not a valid value${expected}`);
    }
    const description = (error.schema as { description?: string }).description;
    let message: string;
    switch (error.type) {
      case ValueErrorType.ObjectAdditionalProperties:
        message = `${field}: unknown field${expected}`;
        break;
      case ValueErrorType.ObjectRequiredProperty:
        message = `${field}: missing${description === undefined ? "" : `; expected ${description}`}${expected}`;
        break;
      case ValueErrorType.StringPattern:
      case ValueErrorType.StringMaxLength:
      case ValueErrorType.StringMinLength:
        message = `${field}: expected ${description ?? error.message.toLowerCase()}${error.type === ValueErrorType.StringPattern ? "" : `, got ${describeValue(error.value)}`}`;
        break;
      case ValueErrorType.Union:
        message = `${field}: not one of the accepted forms${expected}`;
        break;
      default: {
        const what = description === undefined ? "" : ` (${description})`;
        message = `${field}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}${what}, got ${describeValue(error.value)}${expected}`;
      }
    }
    return new RequestValidationError(part, field, message);
  }

  /**
   * The first error, looking inside unions: for a union of objects, the variant sharing the
   * most field names with the value is the one the sender meant, and its error is reported.
   */
  private firstError(schema: TSchema, value: unknown): ValueError | undefined {
    const error = this.cache.get(schema).Errors(value).First();
    if (error === undefined || error.type !== ValueErrorType.Union) return error;
    const variants = (error.schema as { anyOf?: TSchema[] }).anyOf ?? [];
    if (typeof error.value !== "object" || error.value === null || Array.isArray(error.value)) {
      return error;
    }
    const record = error.value as Record<string, unknown>;
    let best: TSchema | undefined;
    let bestScore = 0;
    for (const variant of variants) {
      const properties =
        (variant as { properties?: Record<string, { const?: unknown }> }).properties ?? {};
      let score = 0;
      for (const [key, field] of Object.entries(record)) {
        const property = properties[key];
        if (property === undefined) continue;
        // A matching literal (a discriminator such as "subscribe": "account") counts double.
        score += property.const !== undefined && property.const === field ? 3 : 1;
      }
      if (score > bestScore) {
        best = variant;
        bestScore = score;
      }
    }
    if (best === undefined) return error;
    const inner = this.firstError(best, error.value);
    return inner === undefined ? error : { ...inner, path: error.path + inner.path };
  }
}
