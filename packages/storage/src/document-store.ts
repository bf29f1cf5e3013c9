/**
 * The document store over the key-value seam: one table, 32-byte keys, values kept as given.
 * Used by the node for data that travels beside the chain but is not part of it (encrypted
 * travel-rule envelopes, stored under the hash the ledger carries).
 */
import type { Kv } from "./kv.ts";
import type { DocumentStore } from "./ports.ts";

export const DOCUMENT_KEY_BYTES = 32;

export class KvDocumentStore implements DocumentStore {
  constructor(private readonly kv: Kv) {}

  get(key: Uint8Array): Uint8Array | undefined {
    checkKey(key);
    return this.kv.get("documents", key);
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  put(key: Uint8Array, value: Uint8Array): void {
    checkKey(key);
    this.kv.write([{ kind: "put", table: "documents", key, value }]);
  }

  count(): number {
    return this.kv.count("documents");
  }
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== DOCUMENT_KEY_BYTES) {
    throw new RangeError(`document key: expected ${DOCUMENT_KEY_BYTES} bytes`);
  }
}
