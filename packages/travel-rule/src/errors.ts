/**
 * Errors of the encryption side, each with a stable code that an API maps to its error body.
 * Validation of the data itself returns problems instead (validate.ts); encryptTravelRule
 * carries those problems in `details` when it refuses data.
 */
import type { ValidationProblem } from "./problems.ts";

export type TravelRuleErrorCode =
  /** The data fails validation; `details.problems` lists every problem. */
  | "invalid_data"
  /** A recipient list that is empty, too long, repeats an institution or holds a bad key. */
  | "invalid_recipients"
  /** A key that is not 32 bytes of X25519, or that no valid public key corresponds to. */
  | "invalid_key"
  /** A chain id or payment id outside its format. */
  | "invalid_payment"
  /** An envelope that is not the canonical JSON of a well-formed version-1 envelope. */
  | "malformed_envelope"
  /** An envelope of a version or cipher suite this library does not implement. */
  | "unsupported_envelope"
  /** The envelope has no entry for this institution and key. */
  | "not_a_recipient"
  /** Authentication failed: the envelope was altered, or the key does not fit its entry. */
  | "decrypt_failed"
  /** The data's hash differs from the hash the payment carries on the ledger. */
  | "hash_mismatch"
  /** The envelope belongs to another chain or payment than the one it was presented with. */
  | "payment_mismatch";

export interface TravelRuleErrorDetails {
  readonly problems?: readonly ValidationProblem[];
  readonly [key: string]: unknown;
}

export class TravelRuleError extends Error {
  override name = "TravelRuleError";
  readonly code: TravelRuleErrorCode;
  readonly details: TravelRuleErrorDetails;

  constructor(code: TravelRuleErrorCode, message: string, details: TravelRuleErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
