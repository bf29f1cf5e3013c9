/**
 * @tongbao/consensus: the Tendermint BFT algorithm as a pure state machine, its safety module,
 * and the data it signs. See README.md and docs/spec/consensus.md.
 */
export {
  ConsensusEngine,
  DEFAULT_TIMEOUTS,
  WAL_PEER,
  type EngineOptions,
  type EnginePorts,
  type TimeoutOptions,
} from "./engine/engine.ts";
export type {
  ConsensusAction,
  ConsensusEvent,
  EngineView,
  Evidence,
  PeerId,
  Step,
  TimeoutStep,
} from "./engine/types.ts";
export type {
  Application,
  FinalizeInput,
  ParentInfo,
  ProposeInput,
  Signer,
  Verifier,
  VerifyInput,
  VerifyRequest,
} from "./ports.ts";
export {
  ENCODING_VERSION,
  blockIdOf,
  payloadHashOf,
  encodeHeader,
  decodeHeader,
  encodeVote,
  decodeVote,
  encodeProposal,
  decodeProposal,
  encodeMessage,
  decodeMessage,
  messagePosition,
  type Block,
  type BlockHeader,
  type ConsensusMessage,
  type Proposal,
  type SignedProposal,
  type SignedVote,
  type Vote,
  type VoteType,
} from "./messages.ts";
export {
  certificateOf,
  encodeCertificate,
  decodeCertificate,
  encodeCommittedBlock,
  decodeCommittedBlock,
  verifyCertificate,
  verifyCommittedBlock,
  type CertificateSignature,
  type CommitCertificate,
  type CommittedBlock,
  type Verdict,
  type VerifyCertificateInput,
  type VerifyCommittedBlockInput,
} from "./certificate.ts";
export { signingBytes, aChainId, type SigningPurpose } from "./signing.ts";
export { ValidatorSet, type Validator, type ValidatorEntry } from "./validator-set.ts";
export {
  SafetyModule,
  type SafetyModuleOptions,
  type SafetyModulePorts,
  type SafetyRules,
  type SignRefusal,
  type SignResult,
} from "./safety/safety-module.ts";
export {
  MemorySafetyStore,
  encodeSafetyData,
  decodeSafetyData,
  comparePositions,
  type SafetyData,
  type SafetyStore,
  type SignedPosition,
  type SignedStep,
} from "./safety/safety-data.ts";
export * from "./limits.ts";
