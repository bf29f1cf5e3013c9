/**
 * fast-check generators of valid message input: every optional element present or not, names
 * in several scripts with XML specials, amounts in currencies of 0 and 2 decimals.
 */
import fc from "fast-check";
import type {
  Account,
  Agent,
  CreditTransfer,
  Money,
  Pacs008Input,
  Pain001Input,
  Party,
  PostalAddress,
} from "../src/index.ts";
import {
  TONGBAO_SCHEME,
  exchangeRateFromRatio,
  isoAccountId,
  uetrFromTxHash,
} from "../src/index.ts";
import { MINOR_UNITS } from "./schema.ts";

const FIN_X = [..."ABCXYZabcxyz0189/-?:().,'+ "];
const NAME_CHARS = [
  ..."AZaz09",
  " ",
  "<",
  ">",
  "&",
  '"',
  "'",
  "é",
  "陳",
  "大",
  "文",
  "ñ",
  "😀",
  "-",
  ".",
];

function textOf(chars: readonly string[], max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...chars), { minLength: 1, maxLength: max })
    .map((c) => c.join(""))
    .filter((s) => s.trim() === s && s !== "");
}

/** FIN-X ids: no "/" at either end, no "//". */
export const idArb = (max: number) =>
  textOf(FIN_X, max).filter((s) => !s.startsWith("/") && !s.endsWith("/") && !s.includes("//"));
export const nameArb = (max: number) => textOf(NAME_CHARS, Math.min(max, 40));

const hashArb = fc.stringMatching(/^[0-9a-f]{64}$/);
const accountIdArb = fc.stringMatching(/^[0-9a-f]{40}$/);
const countryArb = fc.constantFrom("HK", "PH", "SG", "JP");
const currencyArb = fc.constantFrom(...Object.keys(MINOR_UNITS));
const timeArb = fc.integer({ min: 0, max: 253_402_300_799_999 });

export function moneyArb(min = 1n): fc.Arbitrary<Money> {
  return fc
    .tuple(currencyArb, fc.bigInt({ min, max: 10n ** 15n }))
    .map(([currency, amountMinor]) => ({
      amountMinor,
      currency,
      minorUnits: MINOR_UNITS[currency]!,
    }));
}

const addressArb: fc.Arbitrary<PostalAddress> = fc.record(
  {
    streetName: nameArb(70),
    buildingNumber: idArb(16),
    postCode: idArb(16),
    townName: nameArb(35),
    country: countryArb,
    addressLines: fc.array(nameArb(70), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ["townName"] },
);

const partyArb: fc.Arbitrary<Party> = fc.record(
  { name: nameArb(140), postalAddress: addressArb, countryOfResidence: countryArb },
  { requiredKeys: ["name"] },
);

const accountArb: fc.Arbitrary<Account> = fc.oneof(
  accountIdArb.map((id) => ({ id: isoAccountId(id), scheme: TONGBAO_SCHEME })),
  fc.record({ id: idArb(34), currency: currencyArb }, { requiredKeys: ["id"] }),
);

const agentArb: fc.Arbitrary<Agent> = fc
  .record(
    {
      bic: fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/),
      name: nameArb(140),
      other: fc.record({
        id: fc.constantFrom("hk-bank", "ph-bank", "hk-emoney"),
        scheme: fc.constant(TONGBAO_SCHEME),
      }),
    },
    { requiredKeys: [] },
  )
  .filter((a) => Object.keys(a).length > 0);

const transferArb: fc.Arbitrary<CreditTransfer> = fc
  .record(
    {
      instructionId: idArb(35),
      endToEndId: idArb(35),
      transactionId: idArb(35),
      hash: hashArb,
      settlementAmount: moneyArb(),
      settlementDateMs: timeArb,
      fx: fc.option(
        fc.tuple(
          moneyArb(),
          fc.bigInt({ min: 1n, max: 10n ** 9n }),
          fc.bigInt({ min: 1n, max: 10n ** 6n }),
        ),
      ),
      chargeBearer: fc.constantFrom(
        "DEBT" as const,
        "CRED" as const,
        "SHAR" as const,
        "SLEV" as const,
      ),
      charges: fc.array(fc.record({ amount: moneyArb(0n), agent: agentArb }), { maxLength: 2 }),
      instructingAgent: agentArb,
      instructedAgent: agentArb,
      debtor: partyArb,
      debtorAccount: accountArb,
      debtorAgent: agentArb,
      creditorAgent: agentArb,
      creditor: partyArb,
      creditorAccount: accountArb,
      remittanceInformation: nameArb(140),
    },
    {
      requiredKeys: [
        "endToEndId",
        "hash",
        "settlementAmount",
        "settlementDateMs",
        "fx",
        "chargeBearer",
        "debtor",
        "debtorAgent",
        "creditorAgent",
        "creditor",
      ],
    },
  )
  .map(({ hash, fx, ...rest }) => ({
    ...rest,
    uetr: uetrFromTxHash(hash),
    ...(fx === null
      ? {}
      : { instructedAmount: fx[0], exchangeRate: exchangeRateFromRatio(fx[1], fx[2]) }),
  }));

export const pacs008Arb: fc.Arbitrary<Pacs008Input> = fc.record(
  {
    messageId: idArb(35),
    createdAtMs: timeArb,
    settlementMethod: fc.constantFrom(
      "INDA" as const,
      "INGA" as const,
      "COVE" as const,
      "CLRG" as const,
    ),
    clearingSystem: fc.constant(TONGBAO_SCHEME),
    transactions: fc.array(transferArb, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ["messageId", "createdAtMs", "settlementMethod", "transactions"] },
);

export const pain001Arb: fc.Arbitrary<Pain001Input> = fc.record({
  messageId: idArb(35),
  createdAtMs: timeArb,
  initiatingParty: partyArb,
  paymentInstructions: fc.array(
    fc.record(
      {
        paymentInformationId: idArb(35),
        requestedExecutionDateMs: timeArb,
        debtor: partyArb,
        debtorAccount: accountArb,
        debtorAgent: agentArb,
        chargeBearer: fc.constantFrom("DEBT" as const, "SHAR" as const),
        transfers: fc.array(
          fc
            .record(
              {
                instructionId: idArb(35),
                endToEndId: idArb(35),
                hash: hashArb,
                amount: moneyArb(),
                creditorAgent: agentArb,
                creditor: partyArb,
                creditorAccount: accountArb,
                remittanceInformation: nameArb(140),
              },
              { requiredKeys: ["endToEndId", "amount", "creditor"] },
            )
            .map(({ hash, ...rest }) =>
              hash === undefined ? rest : { ...rest, uetr: uetrFromTxHash(hash) },
            ),
          { minLength: 1, maxLength: 3 },
        ),
      },
      {
        requiredKeys: [
          "paymentInformationId",
          "requestedExecutionDateMs",
          "debtor",
          "debtorAccount",
          "debtorAgent",
          "transfers",
        ],
      },
    ),
    { minLength: 1, maxLength: 2 },
  ),
});
