/**
 * Account ids are derived from public keys, so a transaction's signer needs no lookup to be
 * named: the first 20 bytes of taggedHash("tongbao/account", keyType ‖ publicKey), in hex.
 */
import { bytesToHex } from "@tongbao/std";
import type { AccountId } from "@tongbao/types";
import { taggedHash } from "./hash.ts";

export function accountIdFromPublicKey(keyType: number, publicKey: Uint8Array): AccountId {
  const input = new Uint8Array(1 + publicKey.length);
  input[0] = keyType;
  input.set(publicKey, 1);
  return bytesToHex(taggedHash("tongbao/account", input).subarray(0, 20)) as AccountId;
}
