/**
 * The travel-rule step of a remittance: seal the data to every institution the gateway will ask
 * for at admission — the sender's, the recipient's and each regulator — under the payment id
 * the remit is about to be signed with, and store the envelope at the gateway. The institutions
 * are the ones the ledger records for the two accounts, not the ones the data names: data that
 * names others would be sealed away from the institutions that must read it, so it is refused
 * here, before anything is sent.
 */
import type { TravelRuleData, TravelRuleSuite } from "@tongbao/travel-rule";
import type { AccountId, ClientId, Hash } from "@tongbao/types";
import type { Client } from "../client.ts";
import { InvalidParameterError } from "../errors.ts";
import { getInstitutions } from "./merchant.ts";
import { getAccount } from "./queries.ts";
import { sealTravelRule, uploadTravelRule } from "./travel-rule.ts";

export interface StoreRemitTravelRuleParameters {
  readonly data: TravelRuleData;
  /** The cipher suite (sealTravelRule): X25519 by default, or the SM suite. */
  readonly suite?: TravelRuleSuite | undefined;
  /** The remit's payer and recipient. */
  readonly payer: AccountId;
  readonly to: AccountId;
  /** The client id the remit transaction will carry: with the payer, the envelope's paymentId. */
  readonly id: ClientId;
}

export interface StoreRemitTravelRuleReturnType {
  /** What the remit carries as travelRuleHash. */
  readonly hash: Hash;
  /** The institutions the data was sealed to, sorted. */
  readonly sealedTo: readonly string[];
}

/** Seals and uploads; returns the hash for the remit. Nothing is uploaded when a check fails. */
export async function storeRemitTravelRule(
  client: Client,
  params: StoreRemitTravelRuleParameters,
): Promise<StoreRemitTravelRuleReturnType> {
  const [payer, recipient, institutions] = await Promise.all([
    getAccount(client, { id: params.payer }),
    getAccount(client, { id: params.to }),
    client.cache.institutions ?? getInstitutions(client),
  ]);
  const { originatingInstitution, beneficiaryInstitution } = params.data;
  if (originatingInstitution !== payer.institution) {
    throw new InvalidParameterError(
      "travelRule.data.originatingInstitution",
      `the sender's account is held at ${payer.institution}, not ${originatingInstitution}`,
    );
  }
  if (beneficiaryInstitution !== recipient.institution) {
    throw new InvalidParameterError(
      "travelRule.data.beneficiaryInstitution",
      `the recipient's account is held at ${recipient.institution}, not ${beneficiaryInstitution}`,
    );
  }
  const regulators = institutions.filter((i) => i.roles.includes("regulator")).map((i) => i.id);
  const sealedTo = [...new Set([payer.institution, recipient.institution, ...regulators])].sort();
  const sealed = await sealTravelRule(client, {
    data: params.data,
    institutions: sealedTo,
    paymentId: `${params.payer}:${params.id}`,
    suite: params.suite,
  });
  await uploadTravelRule(client, sealed);
  return { hash: sealed.hash, sealedTo };
}
