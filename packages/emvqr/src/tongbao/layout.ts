/**
 * Where a Tongbao merchant code keeps its data inside an EMV MPM payload (docs/spec/qr.md):
 *
 *   47  merchant account template   00 GUI "org.tongbao"
 *                                   01 ledger account: base64url of its 20 bytes (27 characters)
 *                                   02 the payee's institution id (2–32 characters)
 *                                   03 dynamic codes: expiry, agreed time in ms since the epoch
 *   53 currency, 54 amount, 59 name, 60 city, 62-05 the one-time reference (dynamic codes)
 *   90  signature template          00 GUI, 01 key type (1 Ed25519, 2 P-256),
 *                                   02 signature characters 1–43 (base64url)
 *   91  signature template, cont.   00 GUI, 03 signature characters 44–86
 *
 * A 64-byte signature is 86 base64url characters, more than one template holds (99 with its GUI
 * and sub-IDs), so it is split over two templates. The signature templates are the last objects
 * before the CRC, so what is signed is simply everything before them.
 */
import type { KeyType } from "@tongbao/codec";
import type { AccountId, CurrencyCode, Hash, InstitutionId, TimestampMs } from "@tongbao/types";

/** A reverse domain name, as EMV asks of a GUI: ours in both the merchant and signature templates. */
export const TONGBAO_GUI = "org.tongbao";
/** Where buildTongbaoCode puts the merchant template; readers find it anywhere in 26–51. */
export const MERCHANT_TEMPLATE_ID_DEFAULT = "47";
export const SIGNATURE_TEMPLATE_ID = "90";
export const SIGNATURE_CONTINUED_ID = "91";

export const SUB_GUI = "00";
export const SUB_ACCOUNT = "01";
export const SUB_INSTITUTION = "02";
export const SUB_EXPIRY = "03";
export const SUB_KEY_TYPE = "01";
export const SUB_SIGNATURE_FIRST = "02";
export const SUB_SIGNATURE_SECOND = "03";

/** Characters of base64url per signature template: 86 in all for 64 bytes. */
export const SIGNATURE_CHARS_PER_TEMPLATE = 43;
export const SIGNATURE_BYTES = 64;
/** Dynamic codes expire within this: the ledger remembers a paid reference for 24 hours. */
export const DYNAMIC_VALIDITY_MS_MAX = 24 * 60 * 60 * 1000;
/** The purpose under which an institution signs a code (codec's signingMessage). */
export const QR_SIGNING_PURPOSE = "qr";
/** The tagged-hash tag of a ledger reference (docs/spec/encoding.md). */
export const QR_REFERENCE_TAG = "tongbao/qr-reference";

/** One-time references: 1–25 characters (the limit of 62-05) that need no escaping anywhere. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9._-]{1,25}$/;
export const INSTITUTION_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;

export interface TongbaoSignature {
  readonly keyType: KeyType;
  /** 64 bytes: Ed25519, or P-256 r ‖ s in low-S form. */
  readonly signature: Uint8Array;
}

/** What a Tongbao code says, read from a valid payload. */
export interface TongbaoCode {
  /** "static": reusable, the payer enters the amount; "dynamic": one sale, with an expiry. */
  readonly kind: "static" | "dynamic";
  readonly account: AccountId;
  readonly institution: InstitutionId;
  readonly merchantName: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** ISO 18245 merchant category code. */
  readonly mcc: string;
  readonly currency: CurrencyCode;
  /** A decimal string as written in the code, e.g. "12.50"; dynamic codes always have one. */
  readonly amount?: string;
  /** The one-time reference of a dynamic code (62-05). */
  readonly reference?: string;
  /** What the payment carries in the ledger's transfer `reference` field. */
  readonly ledgerReference?: Hash;
  readonly expiresAtMs?: TimestampMs;
  readonly signature?: TongbaoSignature;
  /**
   * The bytes the institution signs: the UTF-8 of the payload up to the signature templates (or
   * up to the CRC in an unsigned code). The key signs signingMessage({ chainId, purpose: "qr",
   * payload: signedMessage }), which adds the domain separation.
   */
  readonly signedMessage: Uint8Array;
  /** The ID (26–51) of the merchant template. */
  readonly templateId: string;
}
