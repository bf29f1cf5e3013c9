/**
 * Identifiers. Byte identifiers travel as raw bytes in the canonical encoding and as lower-case
 * hex strings in memory, in JSON and in maps (string keys are fast and compare by value).
 */
export type AccountId = string & { readonly __brand: "AccountId" };
export type Hash = string & { readonly __brand: "Hash" };
/** A 16-byte id chosen by the client for one transaction or one pending transfer. */
export type ClientId = string & { readonly __brand: "ClientId" };
export type InstitutionId = string & { readonly __brand: "InstitutionId" };

export const ACCOUNT_ID_BYTES = 20;
export const HASH_BYTES = 32;
export const CLIENT_ID_BYTES = 16;

function hexOfLength(value: unknown, bytes: number, title: string, example: string): string {
  if (typeof value !== "string") throw new TypeError(`${title}: expected a hex string`);
  if (value.length !== bytes * 2 || !/^[0-9a-f]*$/.test(value)) {
    throw new RangeError(
      `${title}: expected ${bytes * 2} lower-case hex characters (${bytes} bytes), e.g. "${example}"`,
    );
  }
  return value;
}

export function aAccountId(value: unknown, title = "account"): AccountId {
  return hexOfLength(value, ACCOUNT_ID_BYTES, title, "0".repeat(40)) as AccountId;
}

export function aHash(value: unknown, title = "hash"): Hash {
  return hexOfLength(value, HASH_BYTES, title, "0".repeat(64)) as Hash;
}

export function aClientId(value: unknown, title = "id"): ClientId {
  return hexOfLength(value, CLIENT_ID_BYTES, title, "0".repeat(32)) as ClientId;
}

const INSTITUTION = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;

/** Institutions are named by short slugs chosen at genesis, e.g. "hk-emoney". */
export function aInstitutionId(value: unknown, title = "institution"): InstitutionId {
  if (typeof value !== "string") throw new TypeError(`${title}: expected a string`);
  if (!INSTITUTION.test(value)) {
    throw new RangeError(
      `${title}: "${value}" must be 2–32 characters of a–z, 0–9 and "-", not starting or ending with "-"`,
    );
  }
  return value as InstitutionId;
}
