/**
 * A recipient's public key of a given suite, from its text in genesis (unpadded base64url),
 * checked for size only: encryptTravelRule checks that it is usable (X25519: not of low order;
 * SM2: on the curve) and loads the SM code only then, so a caller sealing with X25519 never does.
 */
import { base64urlDecode } from "./base64url.ts";
import { TravelRuleError } from "./errors.ts";
import { cipherSuite, type TravelRuleSuite } from "./suites.ts";

export function decodeRecipientKey(
  suite: TravelRuleSuite,
  text: string,
  title = "key",
): Uint8Array {
  const ciphers = cipherSuite(suite);
  if (ciphers === undefined) {
    throw new TravelRuleError(
      "unsupported_envelope",
      `suite "${String(suite).slice(0, 64)}" is unknown`,
    );
  }
  const bytes = typeof text === "string" ? base64urlDecode(text) : undefined;
  if (bytes === undefined || bytes.length !== ciphers.publicKeyBytes) {
    throw new TravelRuleError(
      "invalid_key",
      `${title}: expected unpadded base64url of a ${ciphers.publicKeyBytes}-byte ${ciphers.keyKind} public key`,
    );
  }
  return bytes;
}
