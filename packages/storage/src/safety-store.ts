/**
 * The consensus safety data over any Kv backend: one record, replaced by each save. `save` is a
 * durable write, so it returns only once the data is on disk, which is what the safety module
 * needs before it signs.
 */
import { DecodeError } from "@tongbao/codec";
import {
  decodeSafetyData,
  encodeSafetyData,
  type SafetyData,
  type SafetyStore,
} from "@tongbao/consensus";
import { StorageCorruptionError } from "./errors.ts";
import type { Kv } from "./kv.ts";

const SAFETY_KEY = new TextEncoder().encode("safety-data");

export class KvSafetyStore implements SafetyStore {
  constructor(protected readonly kv: Kv) {}

  load(): SafetyData | undefined {
    const bytes = this.kv.get("safety", SAFETY_KEY);
    if (bytes === undefined) return undefined;
    try {
      return decodeSafetyData(bytes);
    } catch (error) {
      if (error instanceof DecodeError) {
        throw new StorageCorruptionError(this.kv.location, `the safety data: ${error.message}`);
      }
      throw error;
    }
  }

  save(data: SafetyData): void {
    this.kv.write([
      { kind: "put", table: "safety", key: SAFETY_KEY, value: encodeSafetyData(data) },
    ]);
  }
}

/** The consensus SafetyStore port on LMDB, as `openStorage(…).safety` returns it. */
export class LmdbSafetyStore extends KvSafetyStore {}
