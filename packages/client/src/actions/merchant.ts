/**
 * Merchants at their institution's desk (docs/spec/api.md, "Merchants and their QR codes"): the
 * name, city and category the institution puts in the merchant's QR codes, and the codes
 * themselves — built and signed by the institution, asked for with the merchant account's key.
 * Also the institutions' directory, whose keys verify those codes.
 */
import {
  MERCHANT_CODE_PROOF_PURPOSE,
  MERCHANT_PROFILE_PROOF_PURPOSE,
  merchantCodeProofPayload,
  merchantProfileProofPayload,
  routes,
  type InstitutionView,
  type MerchantCodeView,
  type MerchantProfileView,
} from "@tongbao/api";
import { KeyType, accountIdFromPublicKey } from "@tongbao/codec";
import { bytesToHex } from "@tongbao/std";
import type { Client } from "../client.ts";
import {
  InvalidParameterError,
  type AccountNotFoundError,
  type ApiError,
  type DeskNotEnabledError,
  type HttpRequestError,
  type MerchantNotRegisteredError,
} from "../errors.ts";
import type { Signer } from "../signer.ts";
import { request } from "../transport.ts";
import { getDesk } from "./desk.ts";

export type GetInstitutionsParameters = Record<string, never>;
export type GetInstitutionsReturnType = readonly InstitutionView[];
export type GetInstitutionsErrorType = ApiError | HttpRequestError;

/**
 * The member institutions with their public keys. Kept by the client (members change only with
 * the chain's registry); a second call reads it again.
 */
export function getInstitutions(
  client: Client,
  _params: GetInstitutionsParameters = {},
): Promise<GetInstitutionsReturnType> {
  const fetched = request(client, routes.getInstitutions).then((view) => view.institutions);
  client.cache.institutions = fetched;
  fetched.catch(() => {
    if (client.cache.institutions === fetched) client.cache.institutions = undefined;
  });
  return fetched;
}

export interface GetMerchantProfileParameters {
  readonly account: string;
}
export type GetMerchantProfileReturnType = MerchantProfileView;
export type GetMerchantProfileErrorType =
  MerchantNotRegisteredError | DeskNotEnabledError | ApiError | HttpRequestError;

/** @throws MerchantNotRegisteredError when this gateway's institution knows no such merchant. */
export function getMerchantProfile(
  client: Client,
  params: GetMerchantProfileParameters,
): Promise<GetMerchantProfileReturnType> {
  return request(client, routes.getMerchantProfile, { params: { account: params.account } });
}

export interface RegisterMerchantParameters {
  /** The merchant account's key: it signs the request, never anything else here. */
  readonly signer: Signer;
  /** As payers will see it: at most 25 characters (EMV 59). */
  readonly name: string;
  /** At most 15 characters (EMV 60). */
  readonly city: string;
  /** ISO 18245 merchant category code, e.g. "5812" (restaurants). */
  readonly mcc: string;
  /** The name (and city) in another language, e.g. { language: "ZH", name: "茶館" }. */
  readonly alternateLanguage?: {
    readonly language: string;
    readonly name: string;
    readonly city?: string;
  };
}
export type RegisterMerchantReturnType = MerchantProfileView;
export type RegisterMerchantErrorType =
  DeskNotEnabledError | AccountNotFoundError | InvalidParameterError | ApiError | HttpRequestError;

/** Registers (or changes) how the gateway's institution names this merchant in its QR codes. */
export async function registerMerchant(
  client: Client,
  params: RegisterMerchantParameters,
): Promise<RegisterMerchantReturnType> {
  const { signer, name, city, mcc, alternateLanguage } = params;
  const account = accountOf(signer);
  const { institution } = await getDesk(client);
  const fields = {
    account,
    name,
    city,
    mcc,
    ...(alternateLanguage === undefined ? {} : { alternateLanguage }),
    requestedAt: new Date(client.nowMs()).toISOString(),
  };
  const proof = await signer.sign({
    chainId: client.chainId,
    purpose: MERCHANT_PROFILE_PROOF_PURPOSE,
    payload: merchantProfileProofPayload(fields, institution),
  });
  return request(client, routes.registerMerchant, {
    body: { ...fields, proof: bytesToHex(proof) },
  });
}

export interface CreateMerchantCodeParameters {
  /** The merchant account's key: it signs the request. */
  readonly signer: Signer;
  readonly currency: string;
  /** A decimal amount, e.g. "12.50": a dynamic code for one sale. Absent: the static code. */
  readonly amount?: string;
  /** Dynamic codes: how long the code is payable; default 15 minutes, 1 minute to 24 hours. */
  readonly expiresInMs?: number;
}
export type CreateMerchantCodeReturnType = MerchantCodeView;
export type CreateMerchantCodeErrorType =
  | MerchantNotRegisteredError
  | DeskNotEnabledError
  | AccountNotFoundError
  | InvalidParameterError
  | ApiError
  | HttpRequestError;

/**
 * A QR code for the merchant, built and signed by its institution.
 * @example
 * const sale = await createMerchantCode(client, { signer, amount: "12.50", currency: "HKD" });
 * draw(sale.payload); // then follow { kind: "reference", id: sale.ledgerReference }
 */
export async function createMerchantCode(
  client: Client,
  params: CreateMerchantCodeParameters,
): Promise<CreateMerchantCodeReturnType> {
  const { signer, currency, amount, expiresInMs } = params;
  const account = accountOf(signer);
  const { institution } = await getDesk(client);
  const fields = {
    account,
    currency,
    ...(amount === undefined ? {} : { amount }),
    ...(expiresInMs === undefined ? {} : { expiresInMs }),
    requestedAt: new Date(client.nowMs()).toISOString(),
  };
  const proof = await signer.sign({
    chainId: client.chainId,
    purpose: MERCHANT_CODE_PROOF_PURPOSE,
    payload: merchantCodeProofPayload(fields, institution),
  });
  return request(client, routes.createMerchantCode, {
    body: { ...fields, proof: bytesToHex(proof) },
  });
}

function accountOf(signer: Signer): string {
  if (signer.type !== KeyType.Ed25519 && signer.type !== KeyType.P256) {
    throw new InvalidParameterError("signer", "its key type is neither Ed25519 nor P-256");
  }
  return accountIdFromPublicKey(signer.type, signer.publicKey);
}
