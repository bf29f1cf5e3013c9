/**
 * A consumer's own code for a till to read (docs/spec/qr.md §9): EMV CPM — base64 of BER-TLV,
 * 85 "CPV01", then one application template 61 holding Tongbao's AID (4F), its label (50), the
 * consumer's account (DF01, 20 bytes), a one-time token (DF02, 16 bytes) and when the code stops
 * being good (DF03, Unix seconds, 4 bytes big-endian). The till turns it into a request to pay
 * with the token as the request's id, so the wallet knows the request is the charge for the code
 * it showed; the consumer still approves it. Pure, so both sides read it the same way.
 */
import { decodeCpm, encodeCpm, isCpmTemplate, type CpmObject } from "@tongbao/emvqr";
import { bytesToHex, hexToBytes } from "@tongbao/std";

/** Proprietary AID (F0 = not registered with ISO) "\xF0TONGBAO". */
export const TONGBAO_AID = "F0544F4E4742414F";
export const TAG_ACCOUNT = "DF01";
export const TAG_TOKEN = "DF02";
export const TAG_EXPIRES = "DF03";
/** How long a shown code is good for: long enough to show it, short enough to be useless later. */
export const CONSUMER_CODE_TTL_MS = 2 * 60 * 1000;

export interface ConsumerCode {
  /** 40 hex. */
  readonly account: string;
  /** 32 hex: the request id the till uses. */
  readonly token: string;
  readonly expiresAtMs: number;
}

export type ConsumerCodeReading =
  | { readonly ok: true; readonly code: ConsumerCode }
  | { readonly ok: false; readonly reason: string; readonly message: string };

const ascii = (text: string) => new TextEncoder().encode(text);

export function encodeConsumerCode(code: ConsumerCode): string {
  const seconds = Math.floor(code.expiresAtMs / 1000);
  const expires = new Uint8Array(4);
  new DataView(expires.buffer).setUint32(0, seconds);
  const objects: CpmObject[] = [
    { tag: "85", value: ascii("CPV01") },
    {
      tag: "61",
      objects: [
        { tag: "4F", value: hexToBytes(TONGBAO_AID) },
        { tag: "50", value: ascii("TONGBAO") },
        { tag: TAG_ACCOUNT, value: hexToBytes(code.account) },
        { tag: TAG_TOKEN, value: hexToBytes(code.token) },
        { tag: TAG_EXPIRES, value: expires },
      ],
    },
  ];
  const encoded = encodeCpm(objects);
  if (!encoded.ok) throw new Error(encoded.error.message);
  return encoded.value;
}

/** Reads a code a till scanned: a Tongbao consumer code, whole, not expired at `nowMs`. */
export function readConsumerCode(payload: string, nowMs: number): ConsumerCodeReading {
  const decoded = decodeCpm(payload.trim());
  if (!decoded.ok) {
    return {
      ok: false,
      reason: "not_consumer_code",
      message: `This is not a customer's code: ${decoded.error.message}.`,
    };
  }
  for (const object of decoded.value.objects) {
    if (object.tag !== "61" || !isCpmTemplate(object)) continue;
    const value = (tag: string) => {
      const found = object.objects.find((o) => o.tag === tag);
      return found === undefined || isCpmTemplate(found) ? undefined : found.value;
    };
    const aid = value("4F");
    if (aid === undefined || bytesToHex(aid).toUpperCase() !== TONGBAO_AID) continue;
    const account = value(TAG_ACCOUNT);
    const token = value(TAG_TOKEN);
    const expires = value(TAG_EXPIRES);
    if (account?.length !== 20 || token?.length !== 16 || expires?.length !== 4) {
      return {
        ok: false,
        reason: "damaged",
        message:
          "This Tongbao customer code is incomplete or damaged: ask the customer to show it again.",
      };
    }
    const expiresAtMs = new DataView(expires.buffer, expires.byteOffset, 4).getUint32(0) * 1000;
    if (nowMs >= expiresAtMs) {
      return {
        ok: false,
        reason: "expired",
        message: "This customer code has expired: ask the customer to show a new one.",
      };
    }
    return {
      ok: true,
      code: { account: bytesToHex(account), token: bytesToHex(token), expiresAtMs },
    };
  }
  return {
    ok: false,
    reason: "other_scheme",
    message:
      "This customer code is another scheme's (no Tongbao application in it): it cannot be charged here.",
  };
}

/** A fresh one-time token: 16 random bytes, never all zero (the ledger refuses a zero id). */
export function newToken(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  for (;;) {
    const bytes = random(new Uint8Array(16));
    if (bytes.some((b) => b !== 0)) return bytesToHex(bytes);
  }
}
