/** SHA-256 in the browser, where node:crypto does not exist: the audited @noble/hashes. */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
