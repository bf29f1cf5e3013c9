/**
 * Building an unsigned Tongbao merchant code: a strict EMV MPM payload with our merchant
 * template. A pure function: the caller brings the time (`nowMs`) and the one-time reference,
 * so the same parameters always give the same code.
 */
import { hexToBytes } from "@tongbao/std";
import { issue, type QrIssue, type QrResult } from "../issues.ts";
import { base64Encode } from "../base64.ts";
import { currencyByCode } from "../currency.ts";
import { encodeMpm } from "../mpm/encode.ts";
import type { MpmObject } from "../mpm/objects.ts";
import {
  DYNAMIC_VALIDITY_MS_MAX,
  INSTITUTION_PATTERN,
  MERCHANT_TEMPLATE_ID_DEFAULT,
  REFERENCE_PATTERN,
  SUB_ACCOUNT,
  SUB_EXPIRY,
  SUB_GUI,
  SUB_INSTITUTION,
  TONGBAO_GUI,
} from "./layout.ts";

export interface TongbaoCodeParams {
  /** The merchant's ledger account: 40 lower-case hex digits. */
  readonly account: string;
  /** The payee's institution, e.g. "hk-emoney"; it signs the code. */
  readonly institution: string;
  /** 59: at most 25 characters. */
  readonly merchantName: string;
  /** 60: at most 15 characters. */
  readonly city: string;
  /** ISO 18245, four digits, e.g. "5812" for restaurants. */
  readonly mcc: string;
  /** One of ISO_CURRENCIES, e.g. "HKD". */
  readonly currency: string;
  /** ISO 3166-1 alpha-2; default: the currency's country. */
  readonly country?: string;
  /** 61: at most 10 characters. */
  readonly postalCode?: string;
  /** 64: the name (and city) in another language, e.g. { language: "ZH", name: "茶館" }. */
  readonly alternateLanguage?: {
    readonly language: string;
    readonly name: string;
    readonly city?: string;
  };
  /** A decimal amount such as "12.50". Present: a dynamic code for one sale; absent: static. */
  readonly amount?: string;
  /** Dynamic codes: the one-time reference, 1–25 of A–Z a–z 0–9 . _ - */
  readonly reference?: string;
  /** Dynamic codes: when the code stops being payable, agreed time in ms; ≤ nowMs + 24 h. */
  readonly expiresAtMs?: number;
  /** Dynamic codes: the current agreed time in ms, to check the expiry against. */
  readonly nowMs?: number;
  /** The merchant template's ID, 26–51; default 47. */
  readonly templateId?: string;
}

export function buildTongbaoCode(params: TongbaoCodeParams): QrResult<string> {
  const problem = paramsProblem(params);
  if (problem !== undefined) return { ok: false, error: problem };
  const currency = currencyByCode(params.currency)!;
  const dynamic = params.amount !== undefined;
  const merchant: MpmObject[] = [
    { id: SUB_GUI, value: TONGBAO_GUI },
    { id: SUB_ACCOUNT, value: base64Encode(hexToBytes(params.account), "url") },
    { id: SUB_INSTITUTION, value: params.institution },
  ];
  if (dynamic) merchant.push({ id: SUB_EXPIRY, value: String(params.expiresAtMs) });
  const objects: MpmObject[] = [
    { id: "00", value: "01" },
    { id: "01", value: dynamic ? "12" : "11" },
    { id: params.templateId ?? MERCHANT_TEMPLATE_ID_DEFAULT, objects: merchant },
    { id: "52", value: params.mcc },
    { id: "53", value: currency.numeric },
  ];
  if (dynamic) objects.push({ id: "54", value: params.amount! });
  objects.push(
    { id: "58", value: params.country ?? currency.country },
    { id: "59", value: params.merchantName },
    { id: "60", value: params.city },
  );
  if (params.postalCode !== undefined) objects.push({ id: "61", value: params.postalCode });
  if (dynamic) objects.push({ id: "62", objects: [{ id: "05", value: params.reference! }] });
  const alternate = params.alternateLanguage;
  if (alternate !== undefined) {
    objects.push({
      id: "64",
      objects: [
        { id: "00", value: alternate.language },
        { id: "01", value: alternate.name },
        ...(alternate.city === undefined ? [] : [{ id: "02", value: alternate.city }]),
      ],
    });
  }
  // The strict encoder checks every EMV rule (lengths of name and city, amount format, …).
  return encodeMpm(objects);
}

/** What is wrong with the parameters beyond the EMV rules, or undefined. */
function paramsProblem(params: TongbaoCodeParams): QrIssue | undefined {
  const broken = (message: string) => issue("rule_broken", message);
  if (typeof params !== "object" || params === null) return broken("params: expected an object");
  if (typeof params.account !== "string" || !/^[0-9a-f]{40}$/.test(params.account)) {
    return broken(
      `account: ${JSON.stringify(params.account)} must be 40 lower-case hex digits (an account id)`,
    );
  }
  if (typeof params.institution !== "string" || !INSTITUTION_PATTERN.test(params.institution)) {
    return broken(
      `institution: ${JSON.stringify(params.institution)} must be 2–32 characters of a–z, 0–9 and "-", not starting or ending with "-"`,
    );
  }
  if (currencyByCode(params.currency) === undefined) {
    return broken(
      `currency: ${JSON.stringify(params.currency)} is not one Tongbao codes carry; use one of CNY, HKD, PHP, USD, SGD, THB, MYR, IDR, INR, BRL, JPY, VND`,
    );
  }
  const templateId = params.templateId ?? MERCHANT_TEMPLATE_ID_DEFAULT;
  if (!/^[0-9]{2}$/.test(templateId) || Number(templateId) < 26 || Number(templateId) > 51) {
    return broken(
      `templateId: ${JSON.stringify(params.templateId)} must be a merchant template ID 26–51`,
    );
  }
  if (params.amount === undefined) {
    if (params.reference !== undefined || params.expiresAtMs !== undefined) {
      return broken(
        "a static code (no amount) carries no reference and no expiry: the ledger accepts a reference once per 24 hours, so a reusable code must not have one; give an amount to make a dynamic code",
      );
    }
    return undefined;
  }
  if (typeof params.reference !== "string" || !REFERENCE_PATTERN.test(params.reference)) {
    return broken(
      `reference: ${JSON.stringify(params.reference)} must be 1–25 of A–Z, a–z, 0–9, ".", "_", "-"; a dynamic code needs a fresh one`,
    );
  }
  const { nowMs, expiresAtMs } = params;
  if (!Number.isSafeInteger(nowMs) || nowMs! < 0) {
    return broken("nowMs: a dynamic code needs the current time in ms, to check its expiry");
  }
  if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs! <= nowMs!) {
    return broken(
      `expiresAtMs: ${String(expiresAtMs)} must be an integer time in ms after nowMs (${nowMs})`,
    );
  }
  if (expiresAtMs! - nowMs! > DYNAMIC_VALIDITY_MS_MAX) {
    return issue(
      "expiry_too_far",
      `expiresAtMs: ${((expiresAtMs! - nowMs!) / 3_600_000).toFixed(1)} h from now; a dynamic code expires within 24 h, as long as the ledger remembers a paid reference`,
    );
  }
  return undefined;
}
