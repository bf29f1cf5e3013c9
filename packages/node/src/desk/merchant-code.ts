/**
 * A merchant's QR code as its institution issues it: a Tongbao merchant code (docs/spec/qr.md)
 * built from the institution's profile of the merchant — never from what the merchant's request
 * says its name is — and signed by the institution signer with purpose "qr". A pure function of
 * its inputs: the time and the one-time reference come from the caller.
 */
import type { MerchantCodeView } from "@tongbao/api";
import {
  DYNAMIC_VALIDITY_MS_MAX,
  attachSignature,
  buildTongbaoCode,
  ledgerReference,
  signingPayload,
  type QrResult,
} from "@tongbao/emvqr";
import { assert } from "@tongbao/std";
import type { InstitutionSigner } from "./institution-signer.ts";
import { merchantProfileView, type MerchantProfile } from "./merchant-register.ts";

export interface MerchantCodeInput {
  readonly profile: MerchantProfile;
  readonly currency: string;
  /** The sale's amount, formatted with the currency's minor units; absent: the static code. */
  readonly amount?: string;
  /** Dynamic codes: the fresh one-time reference, and when the code stops being payable. */
  readonly reference?: string;
  readonly validityMs?: number;
  /** Wall-clock ms of the desk. */
  readonly nowMs: number;
}

/**
 * The signed code, or the emvqr issue that makes it impossible (an amount longer than EMV's 13
 * characters, say). The profile was checked when it was registered.
 */
export function issueMerchantCode(
  signer: InstitutionSigner,
  input: MerchantCodeInput,
): QrResult<MerchantCodeView> {
  const { profile, currency, amount, reference, validityMs, nowMs } = input;
  const dynamic = amount !== undefined;
  assert(dynamic === (reference !== undefined && validityMs !== undefined), "a sale has both");
  assert(!dynamic || validityMs! <= DYNAMIC_VALIDITY_MS_MAX, "validity checked by the route");
  const expiresAtMs = dynamic ? nowMs + validityMs! : undefined;
  const built = buildTongbaoCode({
    account: profile.account,
    institution: signer.institution.id,
    merchantName: profile.name,
    city: profile.city,
    mcc: profile.mcc,
    currency,
    ...(profile.alternateLanguage === undefined
      ? {}
      : { alternateLanguage: profile.alternateLanguage }),
    ...(dynamic ? { amount, reference, expiresAtMs, nowMs } : {}),
  });
  if (!built.ok) return built;
  const payload = signingPayload(built.value);
  assert(payload.ok, "a code just built is read back");
  const signature = signer.signPayload("qr", payload.value);
  const signed = attachSignature(built.value, { keyType: signer.keyType, signature });
  // Only the 512-character limit could refuse it now: a long name and city in two languages.
  if (!signed.ok) return signed;
  const merchant = merchantProfileView(profile, signer.institution.id);
  if (!dynamic)
    return { ok: true, value: { kind: "static", payload: signed.value, merchant, currency } };
  return {
    ok: true,
    value: {
      kind: "dynamic",
      payload: signed.value,
      merchant,
      currency,
      amount: { amount, currency },
      reference: reference!,
      ledgerReference: ledgerReference(profile.account, reference!),
      expiresAt: new Date(expiresAtMs!).toISOString(),
      expiresAtMs: expiresAtMs!,
    },
  };
}
