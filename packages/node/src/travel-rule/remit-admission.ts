/**
 * What the API checks before admitting a remit that carries a travel-rule hash: the envelope is
 * held (here, or fetched from the peers) and encrypted to every institution that must be able to
 * read it — the sender's, the recipient's and each regulator's. The ledger sees only the hash;
 * without this check a payment could commit with data nobody can read.
 */
import { decodeEnvelope } from "@tongbao/travel-rule";
import type { TravelRuleRelay } from "./relay.ts";

export type TravelRuleAdmission =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: "travel_rule_missing" | "travel_rule_recipients_missing";
      readonly message: string;
      /** For travel_rule_recipients_missing: the institutions the envelope leaves out. */
      readonly missing?: readonly string[];
    };

export async function checkRemitTravelRule(
  relay: TravelRuleRelay,
  hash: string,
  requiredInstitutions: readonly string[],
): Promise<TravelRuleAdmission> {
  const text = await relay.find(hash);
  if (text === undefined) {
    return {
      ok: false,
      code: "travel_rule_missing",
      message: `no travel-rule envelope is stored under ${hash}; upload it (POST /v1/travel-rule) before submitting the remit`,
    };
  }
  const recipients = new Set(decodeEnvelope(text).recipients.map((r): string => r.institution));
  const missing = [...new Set(requiredInstitutions)].filter((id) => !recipients.has(id)).sort();
  if (missing.length > 0) {
    return {
      ok: false,
      code: "travel_rule_recipients_missing",
      message: `the travel-rule envelope under ${hash} is not encrypted to ${missing.join(", ")}; seal it again for the sender's and the recipient's institutions and every regulator`,
      missing,
    };
  }
  return { ok: true };
}
