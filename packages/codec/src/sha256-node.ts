/** SHA-256 on Node through OpenSSL (node:crypto): about 1 M hashes/s of 100 bytes per core. */
import { hash } from "node:crypto";

export function sha256(data: Uint8Array): Uint8Array {
  const digest = hash("sha256", data, "buffer") as unknown as Buffer;
  // A plain Uint8Array view, not the Buffer subclass: values compare equal however they were
  // made (deep equality checks the prototype), and callers cannot reach Buffer-only methods.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
