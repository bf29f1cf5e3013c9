export {
  InstitutionSigner,
  type InstitutionInfo,
  type SignedInstitutionTransaction,
} from "./institution-signer.ts";
export {
  InstitutionDesk,
  DESK_KYC_TIER,
  DESK_RECENT_OPENINGS_MAX,
  DESK_VALIDITY_WINDOW_MS,
  type InstitutionDeskOptions,
  type InstitutionDeskPorts,
} from "./institution-desk.ts";
