/**
 * Bad input is data, not an exception: every decoder and encoder here returns a QrResult, and a
 * refusal carries a stable code (for programs) and a message that names the rule and where it
 * broke (for people), e.g. `root 54 (amount): "0.00" must be non-zero`.
 */

export type QrIssueCode =
  /** Not a string, empty, longer than any QR code holds, or not well-formed Unicode. */
  | "payload_invalid"
  /** The TLV structure cannot be read: a non-digit ID or length, a value running past its end. */
  | "tlv_broken"
  /** The same ID twice at one level. */
  | "id_duplicate"
  /** ID 00 not first or ID 63 not last. */
  | "id_misplaced"
  /** No CRC (ID 63), or one that is not four hex digits. */
  | "crc_missing"
  /** The CRC does not match the payload: it was damaged or changed. */
  | "crc_mismatch"
  /** A rule of the EMV specification (strict mode) or of a Tongbao code. */
  | "rule_broken"
  /** Base64 that is not canonical standard base64. */
  | "base64_invalid"
  /** A consumer-presented payload that does not start with 85 "CPV01" or lacks its application. */
  | "not_cpm"
  /** A valid EMV code without Tongbao's merchant template. */
  | "not_tongbao"
  /** A signature was required and the code has none. */
  | "signature_missing"
  /** The signature does not match the code (a changed amount, reference or account shows here). */
  | "signature_wrong"
  /** The dynamic code's expiry has passed. */
  | "expired"
  /** The expiry lies more than 24 hours ahead: longer than the ledger remembers a reference. */
  | "expiry_too_far";

export interface QrIssue {
  readonly code: QrIssueCode;
  readonly message: string;
}

export type QrResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: QrIssue };

export function ok<T>(value: T): QrResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: QrIssueCode, message: string): QrResult<T> {
  return { ok: false, error: { code, message } };
}

export function issue(code: QrIssueCode, message: string): QrIssue {
  return { code, message };
}
