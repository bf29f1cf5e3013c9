/**
 * open_account: an institution opens an account for its customer, bound to the customer's
 * public key, with a KYC tier. The account id is derived from the key.
 */
import { accountIdFromPublicKey } from "@tongbao/codec";
import { ResultCode } from "../result-codes.ts";
import { KYC_TIER_MAX } from "../constants.ts";
import { KeyType, type OpenAccountOp } from "../tx/transaction.ts";
import type { OperationContext } from "./context.ts";

export function validateOpenAccount(op: OpenAccountOp): ResultCode {
  if (op.kycTier > KYC_TIER_MAX) return ResultCode.kyc_tier_invalid;
  if (op.keyType === KeyType.P256 && op.publicKey[0] !== 2 && op.publicKey[0] !== 3) {
    // Compressed SEC1 points start with 02 or 03; anything else cannot be a P-256 key.
    return ResultCode.public_key_invalid;
  }
  return ResultCode.ok;
}

export function precheckOpenAccount(ctx: OperationContext, op: OpenAccountOp): ResultCode {
  if (ctx.state.institutionOf(ctx.signer.id) === undefined) return ResultCode.not_an_institution;
  const id = accountIdFromPublicKey(op.keyType, op.publicKey);
  if (ctx.state.accounts.has(id)) return ResultCode.account_already_exists;
  return ResultCode.ok;
}

export function applyOpenAccount(ctx: OperationContext, op: OpenAccountOp): ResultCode {
  const code = precheckOpenAccount(ctx, op);
  if (code !== ResultCode.ok) return code;
  const institution = ctx.state.institutionOf(ctx.signer.id)!;
  ctx.state.addAccount({
    id: accountIdFromPublicKey(op.keyType, op.publicKey),
    keyType: op.keyType,
    publicKey: op.publicKey,
    institution: institution.id,
    kycTier: op.kycTier,
    frozen: false,
  });
  return ResultCode.ok;
}
