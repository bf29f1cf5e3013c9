/** A settled Hong Kong → Philippines remittance as pacs.008 input, and a pain.001 order. */
import type { Pacs008Input, Pain001Input } from "../src/index.ts";
import {
  TONGBAO_SCHEME,
  exchangeRateFromRatio,
  isoAccountId,
  uetrFromTxHash,
} from "../src/index.ts";

export const TX_HASH = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3e5b7d9f0a2c4e6b8d1f";
export const PAYER = "3f1c0a7e9b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f";
export const PAYEE = "a1b2c3d4e5f60718293a4b5c6d7e8f9001122334";
/** 2026-05-01T08:30:00.125Z */
export const BLOCK_TIME_MS = 1_777_624_200_125;

export function remittance(): Pacs008Input {
  return {
    messageId: `TB${TX_HASH.slice(0, 32)}`,
    createdAtMs: BLOCK_TIME_MS,
    settlementMethod: "CLRG",
    clearingSystem: TONGBAO_SCHEME,
    transactions: [
      {
        endToEndId: "0000000000000000000000000000002a",
        uetr: uetrFromTxHash(TX_HASH),
        settlementAmount: { amountMinor: 7_123_400n, currency: "PHP", minorUnits: 2 },
        settlementDateMs: BLOCK_TIME_MS,
        instructedAmount: { amountMinor: 1_000_000n, currency: "HKD", minorUnits: 2 },
        exchangeRate: exchangeRateFromRatio(71_234n, 10_000n),
        chargeBearer: "DEBT",
        charges: [
          {
            amount: { amountMinor: 2_500n, currency: "HKD", minorUnits: 2 },
            agent: { other: { id: "hk-bank", scheme: TONGBAO_SCHEME } },
          },
        ],
        debtor: {
          name: "CHAN Tai Man",
          postalAddress: {
            streetName: "Nathan Road",
            buildingNumber: "18",
            townName: "Kowloon",
            country: "HK",
          },
        },
        debtorAccount: { id: isoAccountId(PAYER), scheme: TONGBAO_SCHEME },
        debtorAgent: {
          name: "Harbour Bank Limited",
          other: { id: "hk-bank", scheme: TONGBAO_SCHEME },
        },
        creditorAgent: { bic: "MNLABPHMXXX", other: { id: "ph-bank", scheme: TONGBAO_SCHEME } },
        creditor: { name: "SANTOS Maria" },
        creditorAccount: { id: isoAccountId(PAYEE), scheme: TONGBAO_SCHEME },
        remittanceInformation: "Family support, May",
      },
    ],
  };
}

export function order(): Pain001Input {
  return {
    messageId: "ORDER-2026-05-01-0001",
    createdAtMs: BLOCK_TIME_MS,
    initiatingParty: { name: "CHAN Tai Man" },
    paymentInstructions: [
      {
        paymentInformationId: "PI-0001",
        requestedExecutionDateMs: BLOCK_TIME_MS,
        debtor: { name: "CHAN Tai Man" },
        debtorAccount: { id: isoAccountId(PAYER), scheme: TONGBAO_SCHEME },
        debtorAgent: { other: { id: "hk-bank", scheme: TONGBAO_SCHEME } },
        chargeBearer: "DEBT",
        transfers: [
          {
            endToEndId: "0000000000000000000000000000002a",
            uetr: uetrFromTxHash(TX_HASH),
            amount: { amountMinor: 1_000_000n, currency: "HKD", minorUnits: 2 },
            creditorAgent: { other: { id: "ph-bank", scheme: TONGBAO_SCHEME } },
            creditor: { name: "SANTOS Maria" },
            creditorAccount: { id: isoAccountId(PAYEE), scheme: TONGBAO_SCHEME },
            remittanceInformation: "Family support, May",
          },
        ],
      },
    ],
  };
}
