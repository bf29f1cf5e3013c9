/**
 * The JSON shapes of the institutions' directory and of merchants at a desk: their profiles and
 * the QR codes their institution signs for them (docs/spec/api.md, "Merchants and their QR
 * codes"; the codes themselves: docs/spec/qr.md).
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import {
  MERCHANT_CODE_VALIDITY_MS_MAX,
  MERCHANT_CODE_VALIDITY_MS_MIN,
  MERCHANT_CITY_LENGTH_MAX,
  MERCHANT_NAME_LENGTH_MAX,
} from "./limits.ts";
import {
  AccountIdSchema,
  CurrencyCodeSchema,
  DecimalAmountSchema,
  HashSchema,
  KeyTypeNameSchema,
  MoneySchema,
  Strict,
  TimestampSchema,
} from "./schemas.ts";

/** The same schema with a description of its own (for a field that says what it holds). */
function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

// ---- the institutions' directory ---------------------------------------------------------------

export const InstitutionViewSchema = Strict(
  {
    id: Type.String({ description: "the institution's id, e.g. hk-emoney" }),
    name: Type.String({ description: "the institution's name, for people" }),
    roles: Type.Array(
      Type.Union([
        Type.Literal("validator"),
        Type.Literal("issuer"),
        Type.Literal("liquidity_provider"),
        Type.Literal("regulator"),
      ]),
    ),
    account: AccountIdSchema,
    keyType: KeyTypeNameSchema,
    publicKey: Type.String({
      pattern: "^[0-9a-f]+$",
      description:
        "the institution's public key (raw, lower-case hex): it signs the institution's transactions and its merchants' QR codes (purpose qr)",
    }),
    travelRuleKey: Type.Optional(
      Type.String({
        pattern: "^[A-Za-z0-9_-]{43}$",
        description:
          "the institution's X25519 travel-rule public key (unpadded base64url): senders encrypt travel-rule data to it (docs/spec/travel-rule.md); absent when it has none",
      }),
    ),
  },
  { description: "A member institution, with the key that verifies what it signs." },
);

export const InstitutionsViewSchema = Strict({
  institutions: Type.Array(InstitutionViewSchema, { description: "ordered by id" }),
});

// ---- merchants at a desk -----------------------------------------------------------------------

/** Text that goes into a QR code: no control characters, no spaces at either end. */
const codeText = (maxLength: number, description: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern:
      "^[^\\u0000-\\u001f\\u007f\\s](?:[^\\u0000-\\u001f\\u007f]*[^\\u0000-\\u001f\\u007f\\s])?$",
    description,
  });

export const MerchantNameSchema = codeText(
  MERCHANT_NAME_LENGTH_MAX,
  `the shop's name as payers see it (EMV 59: 1–${MERCHANT_NAME_LENGTH_MAX} characters, any script)`,
);
export const MerchantCitySchema = codeText(
  MERCHANT_CITY_LENGTH_MAX,
  `its city (EMV 60: 1–${MERCHANT_CITY_LENGTH_MAX} characters)`,
);
export const MccSchema = Type.String({
  pattern: "^[0-9]{4}$",
  description: "merchant category code (ISO 18245), e.g. 5812 restaurants, 5411 grocery",
});

export const AlternateLanguageSchema = Strict(
  {
    language: Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 639-1, e.g. ZH" }),
    name: codeText(MERCHANT_NAME_LENGTH_MAX, "the name in that language"),
    city: Type.Optional(codeText(MERCHANT_CITY_LENGTH_MAX, "the city in that language")),
  },
  { description: "EMV 64: the name (and city) in another language, e.g. 茶館" },
);

export const MerchantProfileSchema = Strict(
  {
    account: AccountIdSchema,
    institution: Type.String({ description: "the institution that knows the merchant" }),
    name: MerchantNameSchema,
    city: MerchantCitySchema,
    mcc: MccSchema,
    alternateLanguage: Type.Optional(AlternateLanguageSchema),
    updatedAt: Type.Optional(
      described(
        TimestampSchema,
        "when the merchant last registered it at the desk (absent: from the institution's own records)",
      ),
    ),
  },
  {
    description:
      "What an institution knows of a merchant and puts in the QR codes it signs for it: the payer's wallet shows this name as verified by the institution.",
  },
);

const RequestedAtSchema = described(
  TimestampSchema,
  "when the merchant signed the request (its device's clock); the desk refuses one more than 5 minutes away from its own",
);

const ProofSchema = (what: string) =>
  Type.String({
    pattern: "^[0-9a-f]{128}$",
    description: `the merchant account key's 64-byte signature, ${what} (docs/spec/api.md)`,
  });

export const RegisterMerchantBodySchema = Strict(
  {
    account: AccountIdSchema,
    name: MerchantNameSchema,
    city: MerchantCitySchema,
    mcc: MccSchema,
    alternateLanguage: Type.Optional(AlternateLanguageSchema),
    requestedAt: RequestedAtSchema,
    proof: ProofSchema('purpose "merchant-profile"'),
  },
  { description: "A merchant registers (or changes) how its institution names it in QR codes." },
);

export const MerchantCodeBodySchema = Strict(
  {
    account: AccountIdSchema,
    currency: CurrencyCodeSchema,
    amount: Type.Optional(
      described(
        DecimalAmountSchema,
        "present: a dynamic code for one sale of this amount; absent: the static code the payer enters an amount for",
      ),
    ),
    expiresInMs: Type.Optional(
      Type.Integer({
        minimum: MERCHANT_CODE_VALIDITY_MS_MIN,
        maximum: MERCHANT_CODE_VALIDITY_MS_MAX,
        description:
          "dynamic codes: how long the code is payable (default 15 minutes, at most 24 hours)",
      }),
    ),
    requestedAt: RequestedAtSchema,
    proof: ProofSchema('purpose "merchant-code"'),
  },
  { description: "A merchant asks its institution for a signed QR code." },
);

export const MerchantCodeSchema = Strict(
  {
    kind: Type.Union([Type.Literal("static"), Type.Literal("dynamic")]),
    payload: Type.String({
      description:
        "the EMV payload to draw as a QR code (docs/spec/qr.md), signed by the institution",
    }),
    merchant: MerchantProfileSchema,
    currency: CurrencyCodeSchema,
    amount: Type.Optional(MoneySchema),
    reference: Type.Optional(
      Type.String({
        pattern: "^[A-Za-z0-9._-]{1,25}$",
        description: "dynamic codes: the one-time reference in the code (62-05), fresh and random",
      }),
    ),
    ledgerReference: Type.Optional(
      described(
        HashSchema,
        "dynamic codes: the reference its payment carries on the ledger; follow it on the WebSocket (reference topic) to see the sale paid",
      ),
    ),
    expiresAt: Type.Optional(TimestampSchema),
    expiresAtMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: "the same expiry in ms since the epoch, as in the code",
      }),
    ),
  },
  { description: "A merchant's QR code, signed by its institution (purpose qr)." },
);

export const MerchantParamsSchema = Strict({ account: AccountIdSchema });

export type InstitutionView = Static<typeof InstitutionViewSchema>;
export type InstitutionsView = Static<typeof InstitutionsViewSchema>;
export type MerchantProfileView = Static<typeof MerchantProfileSchema>;
export type RegisterMerchantBody = Static<typeof RegisterMerchantBodySchema>;
export type MerchantCodeBody = Static<typeof MerchantCodeBodySchema>;
export type MerchantCodeView = Static<typeof MerchantCodeSchema>;
