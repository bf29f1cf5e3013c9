export { TravelRuleKeyError, travelRuleKeysOf } from "./genesis-keys.ts";
export {
  EnvelopeBook,
  EnvelopeConflictError,
  EnvelopeStoreFullError,
  ENVELOPES_STORED_MAX,
} from "./envelope-book.ts";
export {
  EnvelopeRefusedError,
  checkEnvelope,
  TRAVEL_RULE_HASH_PATTERN,
  type EnvelopeContext,
} from "./envelope-check.ts";
export {
  TravelRuleRelay,
  PULL_WAIT_MS_MAX,
  PULLS_MAX,
  PULL_WAITERS_MAX,
  type RelayLinks,
} from "./relay.ts";
export { NodeTravelRuleServices, type TravelRuleGatewayOptions } from "./travel-rule-services.ts";
export { checkRemitTravelRule, type TravelRuleAdmission } from "./remit-admission.ts";
export { newOperatorToken, operatorTokenMatches } from "./operator-token.ts";
