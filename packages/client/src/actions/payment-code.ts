/**
 * Reading a scanned or pasted QR code before paying it: a payer may pay a Tongbao merchant code
 * only when it is intact, signed by the institution it names (its key from this network's
 * directory, GET /v1/institutions) for this chain, and not expired (docs/spec/qr.md §4). Anything
 * else is refused with a PaymentCodeRefusedError that says what is wrong — damaged, changed,
 * expired, another scheme's code — and nothing is paid. Other schemes' codes are read
 * leniently, so the payer can be told what they are; they are never payable here.
 */
import type { InstitutionView } from "@tongbao/api";
import {
  CPM_PREFIX,
  currencyByNumeric,
  decodeCpm,
  decodeMpm,
  hasTongbaoTemplate,
  isMpmTemplate,
  mpmValue,
  readTongbaoCode,
  verifyTongbaoCode,
  type MpmObject,
  type QrIssue,
  type TongbaoCode,
} from "@tongbao/emvqr";
import { KeyType } from "@tongbao/codec";
import { hexToBytes } from "@tongbao/std";
import type { Client } from "../client.ts";
import {
  PaymentCodeRefusedError,
  type ApiError,
  type HttpRequestError,
  type OtherPaymentCode,
} from "../errors.ts";
import { getInstitutions } from "./merchant.ts";

export interface VerifyPaymentCodeParameters {
  /** The text of the QR code, as scanned or pasted; spaces and line breaks around it are ignored. */
  readonly payload: string;
  /** The time to check the expiry against; default the client's clock. */
  readonly nowMs?: number;
}

export interface VerifyPaymentCodeReturnType {
  /** What the code says, every field vouched for by `institution`'s signature. */
  readonly code: TongbaoCode;
  /** The payee's institution, whose key verified the code. */
  readonly institution: InstitutionView;
  /** The payload as read (trimmed). */
  readonly payload: string;
}

export type VerifyPaymentCodeErrorType = PaymentCodeRefusedError | ApiError | HttpRequestError;

/**
 * @example
 * const { code, institution } = await verifyPaymentCode(client, { payload: scanned });
 * // code.merchantName, verified by institution.name; pay code.amount to code.account with
 * // reference code.ledgerReference (a dynamic code)
 * @throws PaymentCodeRefusedError (with `reason`) for any code that must not be paid.
 */
export async function verifyPaymentCode(
  client: Client,
  params: VerifyPaymentCodeParameters,
): Promise<VerifyPaymentCodeReturnType> {
  const payload = typeof params.payload === "string" ? params.payload.trim() : params.payload;
  const nowMs = params.nowMs ?? client.nowMs();
  if (typeof payload === "string" && payload.startsWith(CPM_PREFIX)) {
    const cpm = decodeCpm(payload);
    if (!cpm.ok) throw refusal(cpm.error);
    throw new PaymentCodeRefusedError(
      "consumer_presented",
      "this is a consumer-presented code (a customer's code, for a merchant to scan); it cannot be paid",
    );
  }
  const lenient = decodeMpm(payload, { mode: "lenient" });
  if (!lenient.ok) throw refusal(lenient.error);
  if (!hasTongbaoTemplate(lenient.value.objects)) {
    const other = otherCode(lenient.value.objects);
    const scheme =
      other.network !== undefined
        ? `a ${other.network} code`
        : `another scheme's EMV code${other.gui === undefined ? "" : ` (${other.gui})`}`;
    throw new PaymentCodeRefusedError(
      "not_tongbao",
      `this is ${scheme}, not a Tongbao code: it can be read, but not paid here`,
      { other },
    );
  }
  const read = readTongbaoCode(payload);
  if (!read.ok) throw refusal(read.error);
  const institution = await institutionOf(client, read.value.institution);
  const verified = verifyTongbaoCode(payload, {
    chainId: client.chainId,
    keyType: institution.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519,
    publicKey: hexToBytes(institution.publicKey),
    nowMs,
  });
  if (!verified.ok) throw refusal(verified.error, institution, read.value);
  return { code: verified.value, institution, payload: payload as string };
}

/** The institution a code names, from the directory (read again once if it is not there). */
async function institutionOf(client: Client, id: string): Promise<InstitutionView> {
  const find = (list: readonly InstitutionView[]) => list.find((i) => i.id === id);
  const cached = client.cache.institutions;
  const found = find(await (cached ?? getInstitutions(client)));
  if (found !== undefined) return found;
  const fresh = cached === undefined ? undefined : find(await getInstitutions(client));
  if (fresh !== undefined) return fresh;
  throw new PaymentCodeRefusedError(
    "institution_unknown",
    `the code says it was issued by "${id}", which is not an institution of this network (${client.chainId}); do not pay it`,
  );
}

function refusal(
  issue: QrIssue,
  institution?: InstitutionView,
  code?: TongbaoCode,
): PaymentCodeRefusedError {
  switch (issue.code) {
    case "crc_mismatch":
    case "crc_missing":
      return new PaymentCodeRefusedError(
        issue.code,
        "the code is damaged: its check digits (CRC) do not match what it says",
        { issue, fix: "Scan it again, or ask the merchant for a new code." },
      );
    case "signature_wrong":
      return new PaymentCodeRefusedError(
        issue.code,
        `this code was not issued by ${institution?.name ?? code?.institution ?? "the institution it names"}: its signature does not match what it says (the amount, the payee or the reference was changed after it was signed, or someone else made it)`,
        { issue, fix: "Do not pay it; ask the merchant for a new code." },
      );
    case "signature_missing":
      return new PaymentCodeRefusedError(
        issue.code,
        `this code is not signed, so nothing proves that ${code?.merchantName ?? "the named merchant"} would be paid`,
        { issue, fix: "Do not pay it; ask the merchant for a code signed by their institution." },
      );
    case "expired":
    case "expiry_too_far":
      return new PaymentCodeRefusedError(
        issue.code,
        issue.code === "expired" ? `this code has expired: ${issue.message}` : issue.message,
        { issue, fix: "Ask the merchant for a new code." },
      );
    default:
      return new PaymentCodeRefusedError(
        issue.code,
        `this is not a valid payment code: ${issue.message}`,
        { issue, fix: "Ask the merchant for a new code." },
      );
  }
}

/** Networks that EMV reserves primitive merchant account IDs for (02–25). */
const NETWORKS: readonly [number, number, string][] = [
  [2, 3, "Visa"],
  [4, 5, "Mastercard"],
  [9, 10, "Discover"],
  [11, 12, "American Express"],
  [13, 14, "JCB"],
  [15, 16, "UnionPay"],
];

/** What another scheme's code says, for a payer to be told what it is. */
function otherCode(objects: readonly MpmObject[]): OtherPaymentCode {
  let network: string | undefined;
  let gui: string | undefined;
  for (const object of objects) {
    const id = Number(object.id);
    if (id >= 2 && id <= 25) {
      network ??= NETWORKS.find(([low, high]) => id >= low && id <= high)?.[2];
    } else if (id >= 26 && id <= 51 && isMpmTemplate(object)) {
      gui ??= mpmValue(object.objects, "00");
    }
  }
  const numeric = mpmValue(objects, "53");
  const text = (id: string) => mpmValue(objects, id);
  const currency =
    numeric === undefined ? undefined : (currencyByNumeric(numeric)?.code ?? numeric);
  return {
    ...(network === undefined ? {} : { network }),
    ...(gui === undefined ? {} : { gui }),
    ...(text("59") === undefined ? {} : { merchantName: text("59")! }),
    ...(text("60") === undefined ? {} : { city: text("60")! }),
    ...(text("54") === undefined ? {} : { amount: text("54")! }),
    ...(currency === undefined ? {} : { currency }),
  };
}
