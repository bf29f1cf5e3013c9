/** Who may act as a regulator: the own account of an institution with the regulator role. */
import { ResultCode } from "../result-codes.ts";
import { Role } from "../state/model.ts";
import type { OperationContext } from "./context.ts";

export function regulatorCheck(ctx: OperationContext): ResultCode {
  const institution = ctx.state.institutionOf(ctx.signer.id);
  if (institution === undefined) return ResultCode.not_an_institution;
  if ((institution.roles & Role.regulator) === 0) return ResultCode.not_authorized;
  return ResultCode.ok;
}
