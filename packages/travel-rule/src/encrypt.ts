/**
 * Encrypting travel-rule data to its recipients: the sender's institution, the recipient's
 * institution and the regulator (and whoever else the corridor names). Returns the envelope and
 * the hash the payment carries on the ledger.
 */
import { randomBytes } from "@noble/hashes/utils.js";
import { aInstitutionId, type Hash, type InstitutionId } from "@tongbao/types";
import { GCM_NONCE_BYTES } from "./aes-gcm.ts";
import { base64urlEncode } from "./base64url.ts";
import {
  ENVELOPE_VERSION,
  encodeEnvelope,
  headerText,
  type EnvelopeHeader,
  type EnvelopeRecipient,
  type TravelRuleEnvelope,
} from "./envelope.ts";
import { TravelRuleError } from "./errors.ts";
import {
  canonicalTravelRuleData,
  commitmentHash,
  committedBytes,
  newTravelRuleSalt,
} from "./hash.ts";
import { CHAIN_ID_PATTERN, PAYMENT_ID_PATTERN, RECIPIENTS_MAX } from "./limits.ts";
import type { TravelRuleData } from "./model.ts";
import {
  TRAVEL_RULE_SUITES,
  X25519_SUITE,
  cipherSuite,
  type CipherSuite,
  type TravelRuleSuite,
} from "./suites.ts";

export interface TravelRuleRecipient {
  readonly institution: InstitutionId;
  /** Of the suite's kind: 32 bytes of X25519, or 33 of compressed SM2 (sm2-keys.ts). */
  readonly publicKey: Uint8Array;
}

export interface EncryptTravelRuleOptions {
  readonly data: TravelRuleData;
  readonly recipients: readonly TravelRuleRecipient[];
  /** The chain the payment is submitted to. */
  readonly chainId: string;
  /** The payment as the ledger will name it (docs/spec/travel-rule.md §3). */
  readonly paymentId: string;
  /** Default "x25519-hkdf-sha256-aes256gcm"; "sm2-hkdf-sm3-sm4gcm" for the national algorithms. */
  readonly suite?: TravelRuleSuite;
}

export interface EncryptedTravelRule {
  readonly envelope: TravelRuleEnvelope;
  /** The envelope's canonical text: what is stored and sent. */
  readonly encoded: string;
  /** What the payment carries on the ledger. */
  readonly dataHash: Hash;
}

const UTF8 = new TextEncoder();

/**
 * Throws TravelRuleError: "invalid_data" (details.problems lists every problem),
 * "invalid_recipients", "invalid_payment", "unsupported_envelope" (an unknown suite).
 */
export async function encryptTravelRule(
  options: EncryptTravelRuleOptions,
): Promise<EncryptedTravelRule> {
  const { data, chainId, paymentId } = options;
  checkPayment(chainId, paymentId);
  const suite = checkSuite(options.suite ?? X25519_SUITE);
  const recipients = await checkRecipients(options.recipients, suite);
  const canonical = UTF8.encode(canonicalTravelRuleData(data));
  const committed = committedBytes(newTravelRuleSalt(), canonical);
  return sealCommitted({
    committed,
    dataHash: commitmentHash(committed),
    recipients,
    chainId,
    paymentId,
    suite: suite.name,
  });
}

export interface SealInput {
  /** salt ‖ canonical data. */
  readonly committed: Uint8Array;
  readonly dataHash: Hash;
  /** Checked and sorted by institution. */
  readonly recipients: readonly TravelRuleRecipient[];
  readonly chainId: string;
  readonly paymentId: string;
  /** Default X25519; the recipients' keys are of its kind. */
  readonly suite?: TravelRuleSuite;
}

/**
 * The envelope around bytes the caller has already committed to. Exported for tests, which
 * also use it to play a dishonest sender whose hash does not match its data; not in index.ts.
 */
export async function sealCommitted(input: SealInput): Promise<EncryptedTravelRule> {
  const { committed, dataHash, chainId, paymentId } = input;
  const ciphers = checkSuite(input.suite ?? X25519_SUITE);
  const contentKey = randomBytes(ciphers.contentKeyBytes);
  const base = {
    version: ENVELOPE_VERSION,
    suite: ciphers.name,
    chainId,
    paymentId,
    dataHash,
  } as const;
  const recipients: EnvelopeRecipient[] = [];
  for (const { institution, publicKey } of input.recipients) {
    const wrapped = await ciphers.wrap(contentKey, publicKey, { ...base, institution });
    recipients.push({
      institution,
      publicKey: base64urlEncode(publicKey),
      ephemeralKey: base64urlEncode(wrapped.ephemeralKey),
      wrappedKey: base64urlEncode(wrapped.wrappedKey),
    });
  }
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const header: EnvelopeHeader = { ...base, recipients, nonce: base64urlEncode(nonce) };
  const ciphertext = await ciphers.seal(
    contentKey,
    nonce,
    committed,
    UTF8.encode(headerText(header)),
  );
  const envelope: TravelRuleEnvelope = { ...header, ciphertext: base64urlEncode(ciphertext) };
  return { envelope, encoded: encodeEnvelope(envelope), dataHash };
}

export function checkPayment(chainId: unknown, paymentId: unknown): void {
  if (typeof chainId !== "string" || !CHAIN_ID_PATTERN.test(chainId)) {
    throw new TravelRuleError(
      "invalid_payment",
      `chain id: "${String(chainId)}" must be 1–64 characters of A–Z, a–z, 0–9, ".", "_", "-"`,
    );
  }
  if (typeof paymentId !== "string" || !PAYMENT_ID_PATTERN.test(paymentId)) {
    throw new TravelRuleError(
      "invalid_payment",
      `payment id: must be 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":", "-"`,
    );
  }
}

function checkSuite(name: unknown): CipherSuite {
  const ciphers = cipherSuite(name);
  if (ciphers === undefined) {
    throw new TravelRuleError(
      "unsupported_envelope",
      `suite: "${String(name).slice(0, 64)}" is not one of ${TRAVEL_RULE_SUITES.map((s) => `"${s}"`).join(", ")}`,
    );
  }
  return ciphers;
}

/** Checks each recipient and returns them sorted by institution (the envelope's order). */
async function checkRecipients(
  recipients: readonly TravelRuleRecipient[],
  ciphers: CipherSuite,
): Promise<TravelRuleRecipient[]> {
  if (!Array.isArray(recipients) || recipients.length < 1 || recipients.length > RECIPIENTS_MAX) {
    throw new TravelRuleError(
      "invalid_recipients",
      `recipients: expected 1–${RECIPIENTS_MAX} recipients`,
    );
  }
  const checked = await Promise.all(
    recipients.map((recipient, i) => checkRecipient(recipient, `recipients[${i}]`, ciphers)),
  );
  checked.sort((a, b) =>
    a.institution < b.institution ? -1 : a.institution > b.institution ? 1 : 0,
  );
  for (let i = 1; i < checked.length; i++) {
    if (checked[i - 1]!.institution === checked[i]!.institution) {
      throw new TravelRuleError(
        "invalid_recipients",
        `recipients: ${checked[i]!.institution} is named twice; give each institution one key`,
      );
    }
  }
  return checked;
}

async function checkRecipient(
  recipient: TravelRuleRecipient,
  path: string,
  ciphers: CipherSuite,
): Promise<TravelRuleRecipient> {
  let institution: InstitutionId;
  try {
    institution = aInstitutionId(recipient?.institution, `${path}.institution`);
  } catch (error) {
    throw new TravelRuleError("invalid_recipients", (error as Error).message);
  }
  const key = recipient.publicKey;
  const { keyKind, publicKeyBytes } = ciphers;
  if (!(key instanceof Uint8Array) || key.length !== publicKeyBytes) {
    throw new TravelRuleError(
      "invalid_recipients",
      `${path}.publicKey: expected ${publicKeyBytes} bytes of ${keyKind} public key (suite ${ciphers.name})`,
    );
  }
  if (!(await ciphers.isUsablePublicKey(key))) {
    throw new TravelRuleError(
      "invalid_recipients",
      keyKind === "X25519"
        ? `${path}.publicKey: not a usable X25519 public key (low order)`
        : `${path}.publicKey: not a usable ${keyKind} public key (not a point on the curve)`,
    );
  }
  return { institution, publicKey: new Uint8Array(key) };
}
