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
import {
  CHAIN_ID_PATTERN,
  DATA_BYTES_MAX,
  ENVELOPE_CHARS_MAX,
  PAYMENT_ID_PATTERN,
  RECIPIENTS_MAX,
} from "./limits.ts";
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aes-gcm.ts";
import { SALT_BYTES } from "./hash.ts";
import {
  TRAVEL_RULE_SUITES,
  X25519_SUITE,
  cipherSuite,
  type CipherSuite,
  type TravelRuleSuite,
} from "./suites.ts";

export const ENVELOPE_VERSION = 1;

export interface EnvelopeRecipient {
  readonly institution: InstitutionId;
  /** The recipient's public key (of the suite's kind) the content key was wrapped to (base64url). */
  readonly publicKey: string;
  /** The sender's one-time public key for this recipient (base64url). */
  readonly ephemeralKey: string;
  /** The suite's AEAD of the content key under the key agreed with the recipient (base64url). */
  readonly wrappedKey: string;
}

export interface TravelRuleEnvelope {
  readonly version: typeof ENVELOPE_VERSION;
  readonly suite: TravelRuleSuite;
  readonly chainId: string;
  readonly paymentId: string;
  /** The commitment the payment carries on the ledger (hash.ts). */
  readonly dataHash: Hash;
  /** Sorted by institution id, one entry per institution. */
  readonly recipients: readonly EnvelopeRecipient[];
  readonly nonce: string;
  /** The suite's AEAD of salt ‖ canonical data, tag appended (base64url). */
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
  const ciphers = cipherSuite(suite);
  if (ciphers === undefined) {
    unsupported(
      `suite "${suite.slice(0, 64)}"; this library reads ${TRAVEL_RULE_SUITES.map((s) => `"${s}"`).join(" and ")}`,
    );
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
  recipients.forEach((entry: unknown, i: number) =>
    checkRecipient(entry, `recipients[${i}]`, ciphers),
  );
  for (let i = 1; i < recipients.length; i++) {
    if (!(recipients[i - 1].institution < recipients[i].institution)) {
      malformed("recipients: must be sorted by institution, each institution once");
    }
  }
  return value as unknown as TravelRuleEnvelope;
}

function checkRecipient(entry: unknown, path: string, ciphers: CipherSuite): void {
  if (!isRecord(entry)) malformed(`${path}: expected an object`);
  exactKeys(entry, RECIPIENT_KEYS, path);
  const { institution, publicKey, ephemeralKey, wrappedKey } = entry;
  if (typeof institution !== "string" || !INSTITUTION.test(institution)) {
    malformed(`${path}.institution: not an institution id`);
  }
  const { publicKeyBytes, wrappedKeyBytes } = ciphers;
  bytesField(publicKey, `${path}.publicKey`, publicKeyBytes, publicKeyBytes);
  bytesField(ephemeralKey, `${path}.ephemeralKey`, publicKeyBytes, publicKeyBytes);
  bytesField(wrappedKey, `${path}.wrappedKey`, wrappedKeyBytes, wrappedKeyBytes);
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
