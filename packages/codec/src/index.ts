export { DecodeError } from "./errors.ts";
export { Writer } from "./writer.ts";
export { Reader, decodeAll } from "./reader.ts";
export { sha256, taggedHash, taggedHashPair, tagPrefix } from "./hash.ts";
export {
  merkleLeafHash,
  merkleNodeHash,
  merkleEmptyRoot,
  merkleRootOfLeaves,
  merkleListProof,
  merkleListRootFromProof,
  type MerkleListProof,
} from "./merkle/merkle-list.ts";
export { SlotTree, slotLeafHash, slotRootFromProof, type SlotProof } from "./merkle/slot-tree.ts";
export {
  KeyType,
  PUBLIC_KEY_BYTES,
  isKeyType,
  aPublicKey,
  keyTypeName,
  accountIdFromPublicKey,
} from "./account-id.ts";
export {
  signingMessage,
  CHAIN_ID_BYTES_MAX,
  PURPOSE_BYTES_MAX,
  PAYLOAD_BYTES_MAX,
  type SigningInput,
  type SigningPurpose,
} from "./signing-message.ts";
