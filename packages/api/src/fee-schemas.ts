/**
 * The fee a transfer will cost, asked before sending: what a wallet's confirm screen shows so
 * the payer sees amount, fee and total before signing. Conventions as in schemas.ts.
 */
import { Type, type Static } from "@sinclair/typebox";
import {
  AccountIdSchema,
  CurrencyCodeSchema,
  DecimalAmountSchema,
  MoneySchema,
  Strict,
} from "./schemas.ts";

export const TransferFeeQuerySchema = Strict({
  currency: CurrencyCodeSchema,
  amount: DecimalAmountSchema,
});

export const TransferFeeViewSchema = Strict({
  account: AccountIdSchema,
  institution: Type.String({ description: "the sender's institution, which sets the fee" }),
  amount: MoneySchema,
  fee: MoneySchema,
  total: Strict(
    { amount: DecimalAmountSchema, currency: CurrencyCodeSchema },
    { description: "what leaves the sender's account: amount plus fee" },
  ),
});
export type TransferFeeView = Static<typeof TransferFeeViewSchema>;
