export type {
  AddressType,
  Address,
  Beneficiary,
  BeneficiaryVasp,
  DateAndPlaceOfBirth,
  LegalPerson,
  LegalPersonName,
  LegalPersonNameId,
  LegalPersonNameType,
  NationalIdentification,
  NationalIdentifierType,
  NaturalPerson,
  NaturalPersonName,
  NaturalPersonNameId,
  NaturalPersonNameType,
  Originator,
  OriginatingVasp,
  Person,
  TravelRuleData,
} from "./model.ts";
export {
  formatProblem,
  type ProblemCode,
  type ValidationProblem,
  type ValidationResult,
} from "./problems.ts";
export { validateTravelRuleData, isValidLei, type ValidateOptions } from "./validate.ts";
export { canonicalJson, parseCanonicalJson, type JsonValue } from "./canonical-json.ts";
export {
  TRAVEL_RULE_HASH_TAG,
  SALT_BYTES,
  canonicalTravelRuleData,
  travelRuleHash,
  newTravelRuleSalt,
} from "./hash.ts";
export {
  X25519_KEY_BYTES,
  generateTravelRuleKeyPair,
  travelRulePublicKey,
  encodeX25519Key,
  decodeX25519Key,
  type TravelRuleKeyPair,
} from "./keys.ts";
export {
  SM2_PUBLIC_KEY_BYTES,
  SM2_PRIVATE_KEY_BYTES,
  generateSm2TravelRuleKeyPair,
  sm2TravelRulePublicKey,
  isSm2PublicKey,
  encodeSm2Key,
  decodeSm2PublicKey,
  decodeSm2PrivateKey,
} from "./sm2-keys.ts";
export { X25519_SUITE, SM_SUITE, TRAVEL_RULE_SUITES, type TravelRuleSuite } from "./suites.ts";
export { decodeRecipientKey } from "./suite-keys.ts";
export {
  ENVELOPE_VERSION,
  encodeEnvelope,
  decodeEnvelope,
  type EnvelopeRecipient,
  type TravelRuleEnvelope,
} from "./envelope.ts";
export {
  encryptTravelRule,
  type EncryptTravelRuleOptions,
  type EncryptedTravelRule,
  type TravelRuleRecipient,
} from "./encrypt.ts";
export {
  decryptTravelRule,
  type DecryptTravelRuleOptions,
  type DecryptedTravelRule,
} from "./decrypt.ts";
export {
  TravelRuleError,
  type TravelRuleErrorCode,
  type TravelRuleErrorDetails,
} from "./errors.ts";
export {
  DEFAULT_TRAVEL_RULE_THRESHOLDS,
  travelRuleRequirement,
  isTravelRuleRequired,
  type TravelRuleThresholds,
  type TravelRuleRequirement,
} from "./threshold.ts";
export {
  PERSONS_MAX,
  NAME_IDENTIFIERS_MAX,
  ADDRESSES_MAX,
  ADDRESS_LINES_MAX,
  ACCOUNT_NUMBERS_MAX,
  DATA_BYTES_MAX,
  RECIPIENTS_MAX,
  ENVELOPE_CHARS_MAX,
} from "./limits.ts";
