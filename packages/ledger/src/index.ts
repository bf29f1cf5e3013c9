export { ResultCode, resultGroup, resultName, type ResultGroup } from "./result-codes.ts";
export * as limits from "./constants.ts";
export {
  KeyType,
  OperationTag,
  type Operation,
  type Transaction,
  type SignedTransaction,
  type TransferOp,
  type OpenAccountOp,
  type SetFrozenOp,
  type IssueOp,
  type RedeemOp,
  type CreatePendingOp,
  type PostPendingOp,
  type VoidPendingOp,
  type SetFeeScheduleOp,
  type RefundOp,
  type RequestPaymentOp,
  type ApproveRequestOp,
  type DeclineRequestOp,
  type PostOfferOp,
  type WithdrawOfferOp,
  type HoldQuoteOp,
  type RemitOp,
  type RemitSource,
  type SetKycLimitsOp,
  type SetSanctionedOp,
  type SetTravelRuleThresholdOp,
} from "./tx/transaction.ts";
export {
  encodeTransaction,
  decodeTransactionBody,
  encodeSignedTransaction,
  decodeSignedTransaction,
  toSignedTransaction,
  transactionHash,
  publicKeyBytes,
  SIGNATURE_BYTES,
} from "./tx/encoding.ts";
export { validateTransaction, type ValidationResult } from "./tx/validate-transaction.ts";
export { checkIncludable } from "./check-includable.ts";
export { LedgerState, type CurrencyFlow } from "./state/ledger-state.ts";
export {
  Role,
  type Account,
  type NewAccount,
  type Currency,
  type Institution,
  type PendingTransfer,
  type PaymentRecord,
  type PaymentRequest,
  type ClosedRequest,
  type RequestOutcome,
  type Offer,
  type Quote,
  type KycLimits,
  type SpendWindow,
  type SpendBucket,
  type SettledRemittance,
} from "./state/model.ts";
export {
  offersOfProvider,
  offersForPair,
  getOffer,
  getQuote,
  quotesForPayer,
  kycLimitsOf,
  allKycLimits,
  accountSpending,
  travelRuleThreshold,
  travelRuleThresholds,
  isSanctioned,
  type AccountSpending,
} from "./remittance-views.ts";
export { sanctionedAccountOf } from "./sanctions.ts";
export {
  accountPublicKey,
  decodeAccountLeaf,
  encodeAccount,
  decodePaymentLeaf,
  encodePaymentRecord,
  type AccountLeaf,
  type PaymentLeaf,
} from "./state/encode-state.ts";
export {
  computeStateRoots,
  stateRootOf,
  type StateRoots,
  type StateRootParts,
} from "./state/state-root.ts";
export { requestReference } from "./ops/request-payment.ts";
export { transferFee } from "./ops/fee.ts";
export {
  executeBlock,
  commitBlock,
  revertBlock,
  applyBlock,
  type BlockContext,
  type BlockExecution,
  type ExecuteResult,
} from "./execute-block.ts";
export {
  encodeReceipt,
  decodeReceipt,
  receiptsRoot,
  NO_OPERATION,
  RECEIPTS_PER_CHUNK,
  type Receipt,
} from "./receipt.ts";
export { createGenesisState, GenesisError, type GenesisConfig } from "./genesis.ts";
export { checkInvariants, stateRootFromScratch } from "./invariants.ts";
export {
  proveAccount,
  verifyAccountProof,
  provePayment,
  verifyPaymentProof,
  proveReceipt,
  verifyReceiptProof,
  type AccountProof,
  type PaymentProof,
} from "./proofs.ts";
