/**
 * What a node accepts as a travel-rule envelope, whether uploaded through its API or pushed by
 * a peer: nothing is decrypted, but everything that can be checked without a private key is.
 * An envelope that passes belongs to this chain, commits to the hash it is stored under, and is
 * addressed only to member institutions under their genesis travel-rule keys of its suite (X25519
 * or SM2) — so nobody can
 * park arbitrary bytes here, and a recipient that cannot decrypt it is told so at upload.
 */
import { AssertionError } from "node:assert";
import { equalBytes } from "@tongbao/std";
import {
  ENVELOPE_CHARS_MAX,
  TravelRuleError,
  SM_SUITE,
  decodeEnvelope,
  type TravelRuleEnvelope,
} from "@tongbao/travel-rule";

export const TRAVEL_RULE_HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Why an envelope is refused; `message` says what to fix. */
export class EnvelopeRefusedError extends Error {
  override name = "EnvelopeRefusedError";
}

export interface EnvelopeContext {
  readonly chainId: string;
  /** Institution id → its genesis X25519 travel-rule public key. */
  readonly travelRuleKeys: ReadonlyMap<string, Uint8Array>;
  /** Institution id → its genesis SM2 travel-rule public key (for "sm2-hkdf-sm3-sm4gcm"). */
  readonly travelRuleSm2Keys?: ReadonlyMap<string, Uint8Array>;
}

/** Returns the decoded envelope, or throws EnvelopeRefusedError. */
export function checkEnvelope(
  hash: unknown,
  text: unknown,
  context: EnvelopeContext,
): TravelRuleEnvelope {
  if (typeof hash !== "string" || !TRAVEL_RULE_HASH_PATTERN.test(hash)) {
    refuse("hash: expected the travel-rule hash as 64 lower-case hex characters");
  }
  if (typeof text !== "string" || text.length === 0) {
    refuse("envelope: expected the envelope's canonical JSON text");
  }
  if (text.length > ENVELOPE_CHARS_MAX) {
    refuse(`envelope: ${text.length} characters; at most ${ENVELOPE_CHARS_MAX}`);
  }
  let envelope: TravelRuleEnvelope;
  try {
    envelope = decodeEnvelope(text);
  } catch (error) {
    if (error instanceof TravelRuleError) refuse(error.message);
    if (error instanceof AssertionError) throw error;
    // Whatever else decoding untrusted text throws is the text's fault, never a reason to halt.
    refuse("envelope: not a well-formed envelope (the canonical JSON of docs/spec/travel-rule.md)");
  }
  if (envelope.chainId !== context.chainId) {
    refuse(`envelope: made for chain ${envelope.chainId}, this is ${context.chainId}`);
  }
  if (envelope.dataHash !== hash) {
    refuse(
      `envelope: it commits to ${envelope.dataHash}, not to ${hash}; store it under the hash the payment carries`,
    );
  }
  const sm = envelope.suite === SM_SUITE;
  const keys = (sm ? context.travelRuleSm2Keys : context.travelRuleKeys) ?? new Map();
  const field = sm ? "travelRuleSm2Key" : "travelRuleKey";
  for (const entry of envelope.recipients) {
    const key = keys.get(entry.institution);
    if (key === undefined) {
      refuse(
        `envelope: recipient ${entry.institution} is not a member institution with a ${field} for suite ${envelope.suite} (GET /v1/institutions lists them)`,
      );
    }
    // decodeEnvelope checked the entry's base64url and size.
    if (!equalBytes(base64urlBytes(entry.publicKey), key)) {
      refuse(
        `envelope: the entry for ${entry.institution} is not made for its travel-rule key; seal again with the keys of GET /v1/institutions`,
      );
    }
  }
  return envelope;
}

function base64urlBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64url"));
}

function refuse(message: string): never {
  throw new EnvelopeRefusedError(message);
}
