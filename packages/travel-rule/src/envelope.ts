/**
 * The envelope: travel-rule data encrypted once under a random content key, and that key
 * wrapped for each recipient. Its text is the canonical JSON of the object below (sorted keys,
 * no whitespace, base64url byte fields), and decoding accepts only that text — so an envelope
 * has one spelling, and any change to it is either refused here or fails authentication.
 * Format: docs/spec/travel-rule.md §3.
 */
import type { Hash, InstitutionId } from "@tongbao/types";
import { base64urlDecode } from "./base64url.ts";
import { canonicalJson, parseCanonicalJson } from "./canonical-json.ts";
import { TravelRuleError } from "./errors.ts";
import { X25519_KEY_BYTES } from "./keys.ts";
import {
  CHAIN_ID_PATTERN,
  DATA_BYTES_MAX,
  ENVELOPE_CHARS_MAX,
  PAYMENT_ID_PATTERN,
  RECIPIENTS_MAX,
} from "./limits.ts";
import { AES_KEY_BYTES, GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aes-gcm.ts";
import { SALT_BYTES } from "./hash.ts";

export const ENVELOPE_VERSION = 1;
/** X25519 key agreement, HKDF-SHA-256, AES-256-GCM for the key wraps and the content. */
export const ENVELOPE_SUITE = "x25519-hkdf-sha256-aes256gcm";
/** A wrapped content key: the 32-byte key and its 16-byte tag. */
export const WRAPPED_KEY_BYTES = AES_KEY_BYTES + GCM_TAG_BYTES;

export interface EnvelopeRecipient {
  readonly institution: InstitutionId;
  /** The recipient's X25519 public key the content key was wrapped to (base64url). */
  readonly publicKey: string;
  /** The sender's one-time X25519 public key for this recipient (base64url). */
  readonly ephemeralKey: string;
  /** AES-256-GCM of the content key under the key agreed with the recipient (base64url). */
  readonly wrappedKey: string;
}

export interface TravelRuleEnvelope {
  readonly version: typeof ENVELOPE_VERSION;
  readonly suite: typeof ENVELOPE_SUITE;
  readonly chainId: string;
  readonly paymentId: string;
  /** The commitment the payment carries on the ledger (hash.ts). */
  readonly dataHash: Hash;
  /** Sorted by institution id, one entry per institution. */
  readonly recipients: readonly EnvelopeRecipient[];
  readonly nonce: string;
  /** AES-256-GCM of salt ‖ canonical data, tag appended (base64url). */
  readonly ciphertext: string;
}

export type EnvelopeHeader = Omit<TravelRuleEnvelope, "ciphertext">;

export function encodeEnvelope(envelope: TravelRuleEnvelope): string {
  return canonicalJson(envelope);
}

/** The additional data of the content encryption: every field but the ciphertext. */
export function headerText(header: EnvelopeHeader): string {
  const { version, suite, chainId, paymentId, dataHash, recipients, nonce } = header;
  return canonicalJson({ version, suite, chainId, paymentId, dataHash, recipients, nonce });
}

const ENVELOPE_KEYS = [
  "chainId",
  "ciphertext",
  "dataHash",
  "nonce",
  "paymentId",
  "recipients",
  "suite",
  "version",
];
const RECIPIENT_KEYS = ["ephemeralKey", "institution", "publicKey", "wrappedKey"];
const INSTITUTION = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;
const HASH = /^[0-9a-f]{64}$/;
const CIPHERTEXT_BYTES_MIN = SALT_BYTES + 2 + GCM_TAG_BYTES; // "{}" is the shortest JSON object
const CIPHERTEXT_BYTES_MAX = SALT_BYTES + DATA_BYTES_MAX + GCM_TAG_BYTES;

/**
 * Parses an envelope's text. Throws TravelRuleError "malformed_envelope" for anything but the
 * canonical text of a well-formed envelope, "unsupported_envelope" for another version or suite.
 */
export function decodeEnvelope(text: string): TravelRuleEnvelope {
  if (typeof text !== "string" || text.length > ENVELOPE_CHARS_MAX) {
    malformed(`expected the envelope's JSON text of at most ${ENVELOPE_CHARS_MAX} characters`);
  }
  const value = parseCanonicalJson(text);
  if (value === undefined)
    malformed("not canonical JSON (sorted keys, no spaces, no escapes beyond the necessary)");
  if (!isRecord(value)) malformed("expected a JSON object");
  // Version and suite first, so a newer envelope gets "unsupported", not "malformed".
  const { version, suite } = value;
  if (typeof version !== "number") malformed("version: expected an integer");
  if (version !== ENVELOPE_VERSION) {
    unsupported(`version ${version}; this library reads version ${ENVELOPE_VERSION}`);
  }
  if (typeof suite !== "string") malformed("suite: expected text");
  if (suite !== ENVELOPE_SUITE) {
    unsupported(`suite "${suite.slice(0, 64)}"; this library reads "${ENVELOPE_SUITE}"`);
  }
  exactKeys(value, ENVELOPE_KEYS, "envelope");
  const { chainId, paymentId, dataHash, recipients, nonce, ciphertext } = value;
  if (typeof chainId !== "string" || !CHAIN_ID_PATTERN.test(chainId))
    malformed("chainId: bad format");
  if (typeof paymentId !== "string" || !PAYMENT_ID_PATTERN.test(paymentId))
    malformed("paymentId: bad format");
  if (typeof dataHash !== "string" || !HASH.test(dataHash))
    malformed("dataHash: expected 64 lower-case hex characters");
  bytesField(nonce, "nonce", GCM_NONCE_BYTES, GCM_NONCE_BYTES);
  bytesField(ciphertext, "ciphertext", CIPHERTEXT_BYTES_MIN, CIPHERTEXT_BYTES_MAX);
  if (!Array.isArray(recipients) || recipients.length < 1 || recipients.length > RECIPIENTS_MAX) {
    malformed(`recipients: expected a list of 1–${RECIPIENTS_MAX} entries`);
  }
  recipients.forEach((entry: unknown, i: number) => checkRecipient(entry, `recipients[${i}]`));
  for (let i = 1; i < recipients.length; i++) {
    if (!(recipients[i - 1].institution < recipients[i].institution)) {
      malformed("recipients: must be sorted by institution, each institution once");
    }
  }
  return value as unknown as TravelRuleEnvelope;
}

function checkRecipient(entry: unknown, path: string): void {
  if (!isRecord(entry)) malformed(`${path}: expected an object`);
  exactKeys(entry, RECIPIENT_KEYS, path);
  const { institution, publicKey, ephemeralKey, wrappedKey } = entry;
  if (typeof institution !== "string" || !INSTITUTION.test(institution)) {
    malformed(`${path}.institution: not an institution id`);
  }
  bytesField(publicKey, `${path}.publicKey`, X25519_KEY_BYTES, X25519_KEY_BYTES);
  bytesField(ephemeralKey, `${path}.ephemeralKey`, X25519_KEY_BYTES, X25519_KEY_BYTES);
  bytesField(wrappedKey, `${path}.wrappedKey`, WRAPPED_KEY_BYTES, WRAPPED_KEY_BYTES);
}

function bytesField(value: unknown, path: string, min: number, max: number): void {
  const bytes = typeof value === "string" ? base64urlDecode(value) : undefined;
  if (bytes === undefined) malformed(`${path}: expected unpadded base64url`);
  if (bytes.length < min || bytes.length > max) {
    malformed(`${path}: ${bytes.length} bytes; expected ${min === max ? min : `${min}–${max}`}`);
  }
}

function exactKeys(
  value: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  path: string,
) {
  const actual = Object.keys(value).sort();
  if (actual.length !== keys.length || actual.some((key, i) => key !== keys[i])) {
    malformed(`${path}: expected exactly the fields ${keys.join(", ")}`);
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, any>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(message: string): never {
  throw new TravelRuleError("malformed_envelope", `envelope: ${message}`);
}

function unsupported(message: string): never {
  throw new TravelRuleError("unsupported_envelope", `envelope: ${message}`);
}
