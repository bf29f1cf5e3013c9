/**
 * Decrypting an envelope as one of its recipients, and checking that the data is what the
 * payment on the ledger committed to. Every failure is a TravelRuleError with a stable code.
 */
import { equalBytes } from "@tongbao/std";
import type { Hash, InstitutionId } from "@tongbao/types";
import { base64urlDecode } from "./base64url.ts";
import { parseCanonicalJson } from "./canonical-json.ts";
import { decodeEnvelope, headerText, type TravelRuleEnvelope } from "./envelope.ts";
import { TravelRuleError } from "./errors.ts";
import { SALT_BYTES, commitmentHash } from "./hash.ts";
import type { TravelRuleData } from "./model.ts";
import { validateTravelRuleData } from "./validate.ts";
import { SM_SUITE, cipherSuite } from "./suites.ts";

export interface DecryptTravelRuleOptions {
  /** The envelope's canonical text. */
  readonly envelope: string;
  /** Who is decrypting, and with which private keys: the one of the envelope's suite is used. */
  readonly institution: InstitutionId;
  /** The institution's X25519 private key, for "x25519-hkdf-sha256-aes256gcm" envelopes. */
  readonly privateKey?: Uint8Array;
  /** The institution's SM2 private key, for "sm2-hkdf-sm3-sm4gcm" envelopes. */
  readonly sm2PrivateKey?: Uint8Array;
  /** What the ledger says about the payment the envelope came with. */
  readonly payment: {
    readonly chainId: string;
    readonly paymentId: string;
    /** The travel-rule hash the payment carries. */
    readonly dataHash: Hash;
  };
}

export interface DecryptedTravelRule {
  readonly data: TravelRuleData;
  readonly dataHash: Hash;
  readonly salt: Uint8Array;
}

const UTF8 = new TextEncoder();
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Throws TravelRuleError: "malformed_envelope", "unsupported_envelope", "payment_mismatch",
 * "hash_mismatch", "not_a_recipient", "invalid_key", "decrypt_failed", "invalid_data".
 */
export async function decryptTravelRule(
  options: DecryptTravelRuleOptions,
): Promise<DecryptedTravelRule> {
  const envelope = decodeEnvelope(options.envelope);
  checkBinding(envelope, options.payment);
  const ciphers = cipherSuite(envelope.suite)!; // decodeEnvelope refused other suites
  const privateKey = envelope.suite === SM_SUITE ? options.sm2PrivateKey : options.privateKey;
  const contentKey = await unwrapFor(envelope, options.institution, privateKey);
  const committed = await ciphers.open(
    contentKey,
    bytes(envelope.nonce),
    bytes(envelope.ciphertext),
    UTF8.encode(headerText(envelope)),
  );
  if (committed === undefined) {
    throw new TravelRuleError(
      "decrypt_failed",
      "the envelope's content does not authenticate: it was altered",
    );
  }
  const dataHash = commitmentHash(committed);
  if (dataHash !== envelope.dataHash) {
    // Authentic but inconsistent: the sender encrypted other data than it committed to.
    throw new TravelRuleError(
      "hash_mismatch",
      `the decrypted data hashes to ${dataHash}, not to the ${envelope.dataHash} on the ledger; refuse it and report the sender`,
      { expected: envelope.dataHash, actual: dataHash },
    );
  }
  return {
    data: parseData(committed.subarray(SALT_BYTES)),
    dataHash,
    salt: committed.slice(0, SALT_BYTES),
  };
}

function checkBinding(
  envelope: TravelRuleEnvelope,
  payment: DecryptTravelRuleOptions["payment"],
): void {
  if (envelope.chainId !== payment.chainId || envelope.paymentId !== payment.paymentId) {
    throw new TravelRuleError(
      "payment_mismatch",
      `the envelope belongs to payment ${envelope.paymentId} on ${envelope.chainId}, not to ${payment.paymentId} on ${payment.chainId}`,
    );
  }
  if (envelope.dataHash !== payment.dataHash) {
    throw new TravelRuleError(
      "hash_mismatch",
      `the envelope commits to ${envelope.dataHash} but the payment carries ${payment.dataHash}`,
      { expected: payment.dataHash, actual: envelope.dataHash },
    );
  }
}

async function unwrapFor(
  envelope: TravelRuleEnvelope,
  institution: InstitutionId,
  privateKey: Uint8Array | undefined,
): Promise<Uint8Array> {
  const ciphers = cipherSuite(envelope.suite)!;
  const entry = envelope.recipients.find((r) => r.institution === institution);
  if (entry === undefined) {
    throw new TravelRuleError(
      "not_a_recipient",
      `${institution} is not a recipient of this envelope (recipients: ${envelope.recipients.map((r) => r.institution).join(", ")})`,
    );
  }
  if (privateKey === undefined) {
    throw new TravelRuleError(
      "not_a_recipient",
      `the envelope is sealed with suite ${envelope.suite}; decrypt with ${institution}'s ${ciphers.keyKind} private key (${envelope.suite === SM_SUITE ? "sm2PrivateKey" : "privateKey"})`,
    );
  }
  const publicKey = await ciphers.publicKeyOf(privateKey);
  if (!equalBytes(publicKey, bytes(entry.publicKey))) {
    throw new TravelRuleError(
      "not_a_recipient",
      `the envelope is addressed to another key of ${institution}; decrypt with the private key of ${entry.publicKey}`,
    );
  }
  const context = { ...envelope, institution };
  const contentKey = await ciphers.unwrap(
    { ephemeralKey: bytes(entry.ephemeralKey), wrappedKey: bytes(entry.wrappedKey) },
    privateKey,
    context,
  );
  if (contentKey === undefined) {
    throw new TravelRuleError(
      "decrypt_failed",
      `the key wrapped for ${institution} does not authenticate: the envelope was altered`,
    );
  }
  return contentKey;
}

/** Decoded fields were checked by decodeEnvelope, so they decode here. */
function bytes(text: string): Uint8Array {
  return base64urlDecode(text)!;
}

function parseData(canonical: Uint8Array): TravelRuleData {
  let text: string;
  try {
    text = STRICT_UTF8.decode(canonical);
  } catch {
    throw new TravelRuleError("invalid_data", "the decrypted data is not UTF-8");
  }
  const value = parseCanonicalJson(text);
  if (value === undefined)
    throw new TravelRuleError("invalid_data", "the decrypted data is not canonical JSON");
  const result = validateTravelRuleData(value);
  if (!result.ok) {
    throw new TravelRuleError("invalid_data", "the decrypted data is not valid travel-rule data", {
      problems: result.problems,
    });
  }
  return result.value;
}
