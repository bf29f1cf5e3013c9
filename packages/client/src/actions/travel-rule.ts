/**
 * Travel-rule data (docs/spec/travel-rule.md): the sender seals the data to the institutions
 * that must read it — its own, the recipient's and the regulator — with their travel-rule keys
 * from GET /v1/institutions, uploads the envelope, and puts only the hash in its payment. A
 * recipient institution's operator reads the decrypted data at its own node's gateway.
 * Sealing runs in the browser (WebCrypto and @noble/curves); nothing secret leaves the device
 * but the envelope, which only the recipients can open.
 */
import { routes, type TravelRuleStoredView, type TravelRuleView } from "@tongbao/api";
import {
  SM_SUITE,
  TravelRuleError,
  X25519_SUITE,
  decodeRecipientKey,
  encryptTravelRule,
  type TravelRuleData,
  type TravelRuleSuite,
} from "@tongbao/travel-rule";
import type { Hash, InstitutionId } from "@tongbao/types";
import type { Client } from "../client.ts";
import { InvalidParameterError, type ApiError, type HttpRequestError } from "../errors.ts";
import { request } from "../transport.ts";
import { getInstitutions } from "./merchant.ts";

export interface SealTravelRuleParameters {
  readonly data: TravelRuleData;
  /** The institutions to encrypt to, by id: the sender's, the recipient's, every regulator. */
  readonly institutions: readonly string[];
  /** The payment as the ledger will name it, e.g. "<payer account>:<client id>". */
  readonly paymentId: string;
  /**
   * The cipher suite: X25519 + AES-GCM (default), or SM2 + SM4-GCM (`"sm2-hkdf-sm3-sm4gcm"`),
   * for which every institution needs a `travelRuleSm2Key` in genesis.
   */
  readonly suite?: TravelRuleSuite | undefined;
}

export interface SealTravelRuleReturnType {
  /** What the payment carries (travelRuleHash). */
  readonly hash: Hash;
  /** The envelope's text: what uploadTravelRule sends. */
  readonly envelope: string;
}

export type SealTravelRuleErrorType = InvalidParameterError | ApiError | HttpRequestError;

/**
 * Encrypts `data` to the institutions' travel-rule keys (read from the gateway once per
 * client). @throws InvalidParameterError for data that fails validation (every problem listed),
 * an unknown institution or one without a travel-rule key; nothing is sent then.
 */
export async function sealTravelRule(
  client: Client,
  params: SealTravelRuleParameters,
): Promise<SealTravelRuleReturnType> {
  const known = await (client.cache.institutions ?? getInstitutions(client));
  const suite = params.suite ?? X25519_SUITE;
  const sm = suite === SM_SUITE;
  const recipients = params.institutions.map((id) => {
    const institution = known.find((i) => i.id === id);
    if (institution === undefined) {
      throw new InvalidParameterError(
        "institutions",
        `no member institution "${id}"; known: ${known.map((i) => i.id).join(", ")}`,
      );
    }
    const key = sm ? institution.travelRuleSm2Key : institution.travelRuleKey;
    if (key === undefined) {
      throw new InvalidParameterError(
        "institutions",
        `${id} has no ${sm ? "SM2 " : ""}travel-rule key in genesis, so it cannot receive travel-rule data${sm ? " sealed with the SM suite" : ""}`,
      );
    }
    return { institution: id as InstitutionId, key };
  });
  try {
    const sealed = await encryptTravelRule({
      data: params.data,
      recipients: recipients.map(({ institution, key }) => ({
        institution,
        publicKey: decodeRecipientKey(suite, key, `${institution}'s travel-rule key`),
      })),
      suite,
      chainId: client.chainId,
      paymentId: params.paymentId,
    });
    return { hash: sealed.dataHash, envelope: sealed.encoded };
  } catch (error) {
    if (!(error instanceof TravelRuleError)) throw error;
    const problems = (error.details.problems ?? []).map((p) => `${p.path}: ${p.message}`);
    throw new InvalidParameterError(
      error.code === "invalid_payment"
        ? "paymentId"
        : error.code === "invalid_data"
          ? "data"
          : "institutions",
      [error.message, ...problems].join("; "),
    );
  }
}

export interface UploadTravelRuleParameters {
  readonly hash: string;
  readonly envelope: string;
}
export type UploadTravelRuleReturnType = TravelRuleStoredView;

/**
 * Stores the envelope at the gateway, which passes it to every node. Uploading the same
 * envelope again answers `known`. @throws ApiError envelope_invalid, envelope_conflict, …
 */
export function uploadTravelRule(
  client: Client,
  params: UploadTravelRuleParameters,
): Promise<UploadTravelRuleReturnType> {
  return request(client, routes.uploadTravelRule, {
    body: { hash: params.hash, envelope: params.envelope },
  });
}

export interface ReadTravelRuleParameters {
  readonly hash: string;
  /** The operator token of the gateway's node (a file beside its node.json). */
  readonly operatorToken: string;
}
export type ReadTravelRuleReturnType = TravelRuleView;

/**
 * The data decrypted by the gateway's institution. @throws ApiError operator_token_required,
 * not_a_recipient, travel_rule_not_found, envelope_hash_mismatch.
 */
export function readTravelRule(
  client: Client,
  params: ReadTravelRuleParameters,
): Promise<ReadTravelRuleReturnType> {
  return request(client, routes.getTravelRule, {
    params: { hash: params.hash },
    headers: { authorization: `Bearer ${params.operatorToken}` },
  });
}
