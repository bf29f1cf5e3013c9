/**
 * Travel-rule envelopes at a gateway (docs/spec/travel-rule.md): the sender uploads the
 * encrypted envelope under the hash its payment carries; a recipient institution's operator
 * reads the decrypted data at that institution's own gateway. Conventions as in schemas.ts.
 */
import { Type, type Static } from "@sinclair/typebox";
import { TRAVEL_RULE_ENVELOPE_CHARS_MAX } from "./limits.ts";
import { Described, HashSchema, Strict } from "./schemas.ts";

const TravelRuleHashSchema = Described(
  HashSchema,
  "the travel-rule hash the payment carries on the ledger (the envelope's dataHash)",
);

export const TravelRuleParamsSchema = Strict({ hash: TravelRuleHashSchema });

export const TravelRuleUploadBodySchema = Strict(
  {
    hash: TravelRuleHashSchema,
    envelope: Type.String({
      minLength: 1,
      maxLength: TRAVEL_RULE_ENVELOPE_CHARS_MAX,
      description:
        "the envelope's canonical JSON text, as @tongbao/travel-rule encodes it (docs/spec/travel-rule.md §3)",
    }),
  },
  { description: "An encrypted travel-rule envelope and the hash it is stored under." },
);

export const TravelRuleStoredSchema = Strict({
  hash: TravelRuleHashSchema,
  status: Type.Union([Type.Literal("stored"), Type.Literal("known")], {
    description: "`stored`: new here; `known`: this very envelope was already stored",
  }),
});

export const TravelRuleViewSchema = Strict(
  {
    hash: TravelRuleHashSchema,
    paymentId: Type.String({ description: "the payment the envelope was made for" }),
    recipients: Type.Array(Type.String(), {
      description: "the institutions the envelope is encrypted to, by id",
    }),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description:
        "the travel-rule data (IVMS101 subset, docs/spec/travel-rule.md §1), checked against the hash",
    }),
  },
  { description: "Travel-rule data decrypted by this gateway's institution." },
);

export type TravelRuleUploadBody = Static<typeof TravelRuleUploadBodySchema>;
export type TravelRuleStoredView = Static<typeof TravelRuleStoredSchema>;
export type TravelRuleView = Static<typeof TravelRuleViewSchema>;
