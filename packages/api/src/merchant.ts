/**
 * The proofs a merchant gives its institution's desk: the merchant account key's signature, under
 * the chain id and a purpose of its own (codec's signingMessage, like every signature of the
 * protocol), over the request's fields, one per line:
 *
 *   purpose "merchant-profile":  institution, account, name, city, mcc, alternate language,
 *                                alternate name, alternate city, requestedAt
 *   purpose "merchant-code":     institution, account, currency, amount, expiresInMs,
 *                                requestedAt
 *
 * each as UTF-8, joined by "\n", an absent field as the empty line. No field may hold a control
 * character (the schemas refuse them), so the lines cannot be confused. The proof shows the
 * request comes from whoever holds the account's key — the institution signs codes only for
 * merchants who asked — and names the institution, so one desk's proof is worthless at another;
 * `requestedAt` keeps an overheard request from being replayed beyond a few minutes.
 */
import type { MerchantCodeBody, RegisterMerchantBody } from "./merchant-schemas.ts";

export const MERCHANT_PROFILE_PROOF_PURPOSE = "merchant-profile";
export const MERCHANT_CODE_PROOF_PURPOSE = "merchant-code";

const CONTROL = /[\u0000-\u001f\u007f]/;
const INSTITUTION = /^[a-z0-9][a-z0-9-]*$/;

function lines(fields: readonly (string | undefined)[], where: string): Uint8Array {
  for (const field of fields) {
    if (field !== undefined && (typeof field !== "string" || CONTROL.test(field))) {
      throw new RangeError(`${where}: a field holds a control character or is not text`);
    }
  }
  return new TextEncoder().encode(fields.map((f) => f ?? "").join("\n"));
}

function checkInstitution(institution: string): void {
  if (typeof institution !== "string" || !INSTITUTION.test(institution)) {
    throw new RangeError(`institution: "${String(institution)}" is not an institution id`);
  }
}

/** The payload the proof of a merchant profile signs (see the file comment). */
export function merchantProfileProofPayload(
  request: Omit<RegisterMerchantBody, "proof">,
  institution: string,
): Uint8Array {
  checkInstitution(institution);
  const alternate = request.alternateLanguage;
  return lines(
    [
      institution,
      request.account,
      request.name,
      request.city,
      request.mcc,
      alternate?.language,
      alternate?.name,
      alternate?.city,
      request.requestedAt,
    ],
    "merchant profile",
  );
}

/** The payload the proof of a request for a merchant code signs (see the file comment). */
export function merchantCodeProofPayload(
  request: Omit<MerchantCodeBody, "proof">,
  institution: string,
): Uint8Array {
  checkInstitution(institution);
  return lines(
    [
      institution,
      request.account,
      request.currency,
      request.amount,
      request.expiresInMs === undefined ? undefined : String(request.expiresInMs),
      request.requestedAt,
    ],
    "merchant code request",
  );
}
