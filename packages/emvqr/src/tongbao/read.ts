/**
 * Reading a Tongbao merchant code. The payload must be a strict EMV MPM code (we generate only
 * those, so any departure is damage or tampering) with exactly one merchant template carrying
 * our GUI in 26–51. Every field is checked; an unknown sub-ID in our templates is refused, as
 * BIP-21 refuses unknown required parameters: a field this version cannot read might change
 * what the payer agrees to.
 */
import { assert, bytesToHex } from "@tongbao/std";
import { isKeyType } from "@tongbao/codec";
import {
  ACCOUNT_ID_BYTES,
  type AccountId,
  type CurrencyCode,
  type InstitutionId,
  type TimestampMs,
} from "@tongbao/types";
import { fail, ok, type QrResult } from "../issues.ts";
import { base64Decode } from "../base64.ts";
import { currencyByNumeric } from "../currency.ts";
import { decodeMpm } from "../mpm/decode.ts";
import { serialize } from "../mpm/encode.ts";
import { isMpmTemplate, mpmValue, type MpmObject, type MpmTemplate } from "../mpm/objects.ts";
import { describePath } from "../mpm/schema.ts";
import { UTF8_ENCODER } from "../unicode.ts";
import {
  DYNAMIC_VALIDITY_MS_MAX,
  INSTITUTION_PATTERN,
  REFERENCE_PATTERN,
  SIGNATURE_BYTES,
  SIGNATURE_CHARS_PER_TEMPLATE,
  SIGNATURE_CONTINUED_ID,
  SIGNATURE_TEMPLATE_ID,
  SUB_ACCOUNT,
  SUB_EXPIRY,
  SUB_GUI,
  SUB_INSTITUTION,
  SUB_KEY_TYPE,
  SUB_SIGNATURE_FIRST,
  SUB_SIGNATURE_SECOND,
  TONGBAO_GUI,
  type TongbaoCode,
  type TongbaoSignature,
} from "./layout.ts";
import { ledgerReference } from "./reference.ts";

export interface ReadTongbaoCodeOptions {
  /** The current agreed time in ms: when given, an expired code or one valid for more than
   * 24 hours is refused. */
  readonly nowMs?: number;
}

const EXPIRY = /^[1-9][0-9]{0,15}$/;

export function readTongbaoCode(
  payload: unknown,
  options: ReadTongbaoCodeOptions = {},
): QrResult<TongbaoCode> {
  const decoded = decodeMpm(payload, { mode: "strict" });
  if (!decoded.ok) return decoded;
  const objects = decoded.value.objects;
  const templates = tongbaoTemplates(objects);
  if (templates.length === 0) {
    return fail(
      "not_tongbao",
      `not a Tongbao code: no merchant account template (26–51) with GUI ${TONGBAO_GUI}`,
    );
  }
  if (templates.length > 1) {
    return fail(
      "rule_broken",
      `root: ${templates.length} Tongbao merchant templates; a code has one`,
    );
  }
  const merchant = readMerchant(templates[0]!);
  if (!merchant.ok) return merchant;
  const sale = readSale(objects, templates[0]!);
  if (!sale.ok) return sale;
  const signature = readSignature(objects);
  if (!signature.ok) return signature;
  // Unsigned: everything before the CRC; signed: everything before templates 90 and 91.
  const signedObjects = signature.value === undefined ? objects : objects.slice(0, -2);
  const signedText = serialize([], signedObjects, "strict");
  assert(signedText.ok, "objects that decoded strictly serialize strictly");

  const { account } = merchant.value;
  const { reference } = sale.value;
  const code: TongbaoCode = {
    ...merchant.value,
    ...sale.value,
    ...(reference === undefined ? {} : { ledgerReference: ledgerReference(account, reference) }),
    merchantName: mpmValue(objects, "59")!,
    city: mpmValue(objects, "60")!,
    country: mpmValue(objects, "58")!,
    mcc: mpmValue(objects, "52")!,
    ...(signature.value === undefined ? {} : { signature: signature.value }),
    signedMessage: UTF8_ENCODER.encode(signedText.value),
    templateId: templates[0]!.id,
  };
  if (options.nowMs !== undefined) {
    const late = timeProblem(code, options.nowMs);
    if (late !== undefined) return late;
  }
  return ok(code);
}

/** Account and institution from our merchant template; any sub-ID we do not know is refused. */
function readMerchant(
  template: MpmTemplate,
): QrResult<{ account: AccountId; institution: InstitutionId }> {
  const at = (sub: string) => describePath([template.id, sub]);
  const broken = (message: string) =>
    fail<{ account: AccountId; institution: InstitutionId }>("rule_broken", message);
  for (const sub of template.objects) {
    if (![SUB_GUI, SUB_ACCOUNT, SUB_INSTITUTION, SUB_EXPIRY].includes(sub.id)) {
      return broken(`${at(sub.id)}: unknown to this version of Tongbao codes; refusing to guess`);
    }
  }
  const accountText = mpmValue(template.objects, SUB_ACCOUNT);
  const accountBytes = accountText === undefined ? undefined : base64Decode(accountText, "url");
  if (accountBytes === undefined || accountBytes.length !== ACCOUNT_ID_BYTES) {
    return broken(
      `${at(SUB_ACCOUNT)}: the ledger account must be 27 base64url characters (20 bytes)`,
    );
  }
  const institution = mpmValue(template.objects, SUB_INSTITUTION);
  if (institution === undefined || !INSTITUTION_PATTERN.test(institution)) {
    return broken(`${at(SUB_INSTITUTION)}: the institution must be 2–32 of a–z, 0–9 and "-"`);
  }
  return ok({
    account: bytesToHex(accountBytes) as AccountId,
    institution: institution as InstitutionId,
  });
}

interface Sale {
  readonly kind: "static" | "dynamic";
  readonly currency: CurrencyCode;
  readonly amount?: string;
  readonly reference?: string;
  readonly expiresAtMs?: TimestampMs;
}

/** Static or dynamic, and what a dynamic code must carry: amount, reference and expiry. */
function readSale(objects: readonly MpmObject[], template: MpmTemplate): QrResult<Sale> {
  const broken = (message: string) => fail<Sale>("rule_broken", message);
  const initiation = mpmValue(objects, "01");
  if (initiation === undefined) {
    return broken(
      `${describePath(["01"])}: missing; a Tongbao code says whether it is static or dynamic`,
    );
  }
  const numeric = mpmValue(objects, "53")!;
  const currency = currencyByNumeric(numeric);
  if (currency === undefined) {
    return broken(`${describePath(["53"])}: ${numeric} is not a currency Tongbao settles`);
  }
  const amount = mpmValue(objects, "54");
  const reference = mpmValue(objects, "62", "05");
  const expiry = mpmValue(template.objects, SUB_EXPIRY);
  if (initiation === "11") {
    if (reference !== undefined || expiry !== undefined) {
      return broken(
        "root: a static code has no reference and no expiry (the ledger accepts a reference once per 24 hours)",
      );
    }
    return ok({
      kind: "static",
      currency: currency.code,
      ...(amount === undefined ? {} : { amount }),
    });
  }
  if (amount === undefined) return broken(`${describePath(["54"])}: a dynamic code has an amount`);
  if (reference === undefined || !REFERENCE_PATTERN.test(reference)) {
    return broken(
      `${describePath(["62", "05"])}: a dynamic code has a one-time reference of 1–25 of A–Z a–z 0–9 . _ -`,
    );
  }
  const expiresAtMs = expiry !== undefined && EXPIRY.test(expiry) ? Number(expiry) : undefined;
  if (expiresAtMs === undefined || !Number.isSafeInteger(expiresAtMs)) {
    return broken(
      `${describePath([template.id, SUB_EXPIRY])}: a dynamic code has an expiry in ms since the epoch`,
    );
  }
  return ok({
    kind: "dynamic",
    currency: currency.code,
    amount,
    reference,
    expiresAtMs: expiresAtMs as TimestampMs,
  });
}

/** True when a merchant template in 26–51 carries Tongbao's GUI: the code claims to be ours. */
export function hasTongbaoTemplate(objects: readonly MpmObject[]): boolean {
  return tongbaoTemplates(objects).length > 0;
}

function tongbaoTemplates(objects: readonly MpmObject[]): MpmTemplate[] {
  return objects.filter(
    (o): o is MpmTemplate =>
      isMpmTemplate(o) && Number(o.id) >= 26 && Number(o.id) <= 51 && guiOf(o) === TONGBAO_GUI,
  );
}

function guiOf(template: MpmTemplate): string | undefined {
  const first = template.objects[0];
  return first !== undefined && first.id === SUB_GUI && !isMpmTemplate(first)
    ? first.value
    : undefined;
}

/**
 * The signature from templates 90 and 91, or undefined when the code has none. Both must carry
 * our GUI and be the last two objects before the CRC, so that nothing unsigned follows them.
 */
function readSignature(objects: readonly MpmObject[]): QrResult<TongbaoSignature | undefined> {
  const ours = (id: string) =>
    objects.find(
      (o): o is MpmTemplate => o.id === id && isMpmTemplate(o) && guiOf(o) === TONGBAO_GUI,
    );
  const first = ours(SIGNATURE_TEMPLATE_ID);
  const second = ours(SIGNATURE_CONTINUED_ID);
  if (first === undefined && second === undefined) return ok(undefined);
  const broken = (message: string) => fail<TongbaoSignature | undefined>("rule_broken", message);
  const n = objects.length;
  if (
    first === undefined ||
    second === undefined ||
    objects[n - 2] !== first ||
    objects[n - 1] !== second
  ) {
    return broken(
      `root ${SIGNATURE_TEMPLATE_ID}–${SIGNATURE_CONTINUED_ID} (signature): both templates must be the last objects before the CRC, in that order; nothing unsigned may follow them`,
    );
  }
  const allowed = (template: MpmTemplate, subs: string[]) =>
    template.objects.every((o) => subs.includes(o.id));
  if (
    !allowed(first, [SUB_GUI, SUB_KEY_TYPE, SUB_SIGNATURE_FIRST]) ||
    !allowed(second, [SUB_GUI, SUB_SIGNATURE_SECOND])
  ) {
    return broken(
      `root ${SIGNATURE_TEMPLATE_ID}–${SIGNATURE_CONTINUED_ID} (signature): unknown sub-IDs`,
    );
  }
  const keyType = Number(mpmValue(first.objects, SUB_KEY_TYPE));
  // Exactly "1" or "2": Number() alone would also read " 1" or "1.0".
  if (!isKeyType(keyType) || String(keyType) !== mpmValue(first.objects, SUB_KEY_TYPE)) {
    return broken(
      `${describePath([SIGNATURE_TEMPLATE_ID, SUB_KEY_TYPE])}: the key type must be 1 (Ed25519) or 2 (P-256)`,
    );
  }
  const a = mpmValue(first.objects, SUB_SIGNATURE_FIRST) ?? "";
  const b = mpmValue(second.objects, SUB_SIGNATURE_SECOND) ?? "";
  const bytes =
    a.length === SIGNATURE_CHARS_PER_TEMPLATE && b.length === SIGNATURE_CHARS_PER_TEMPLATE
      ? base64Decode(a + b, "url")
      : undefined;
  if (bytes === undefined || bytes.length !== SIGNATURE_BYTES) {
    return broken(
      `root ${SIGNATURE_TEMPLATE_ID}-${SUB_SIGNATURE_FIRST} and ${SIGNATURE_CONTINUED_ID}-${SUB_SIGNATURE_SECOND} (signature): 2 × ${SIGNATURE_CHARS_PER_TEMPLATE} base64url characters of a 64-byte signature`,
    );
  }
  return ok({ keyType, signature: bytes });
}

/** An expired code, or one valid for longer than the ledger remembers its reference. */
export function timeProblem(code: TongbaoCode, nowMs: number): QrResult<never> | undefined {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) {
    return fail("payload_invalid", "nowMs: expected a non-negative integer time in ms");
  }
  const expiresAtMs = code.expiresAtMs;
  if (expiresAtMs === undefined) return undefined;
  if (nowMs >= expiresAtMs) {
    return fail(
      "expired",
      `the code expired at ${new Date(expiresAtMs).toISOString()}, ${formatDuration(nowMs - expiresAtMs)} ago; ask the merchant for a new one`,
    );
  }
  if (expiresAtMs - nowMs > DYNAMIC_VALIDITY_MS_MAX) {
    return fail(
      "expiry_too_far",
      `the code claims to be valid until ${new Date(expiresAtMs).toISOString()}, ${formatDuration(expiresAtMs - nowMs)} from now; Tongbao codes expire within 24 h (the ledger remembers a paid reference that long)`,
    );
  }
  return undefined;
}

function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
