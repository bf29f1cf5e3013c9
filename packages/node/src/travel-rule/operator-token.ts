/**
 * The node's operator token: a random secret in a file beside node.json that the node's
 * operator presents to read what the node's institution decrypts. Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes as 64 hex characters. */
export function newOperatorToken(): string {
  return randomBytes(32).toString("hex");
}

/** Equal lengths are compared without early exit: digests make both 32 bytes. */
export function operatorTokenMatches(expected: string, presented: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
