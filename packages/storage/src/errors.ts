/**
 * Errors a node operator may meet when opening or reading a data directory. Each message says
 * what was found and what to do; none is caught inside the node, which stops instead of running
 * on data it cannot trust.
 */
import { bytesToHex } from "@tongbao/std";
import type { StorageIdentity } from "./ports.ts";

/** The location holds another chain's data (or another genesis of the same chain id). */
export class StorageIdentityError extends Error {
  override name = "StorageIdentityError";

  constructor(
    readonly location: string,
    readonly found: StorageIdentity,
    readonly expected: StorageIdentity,
  ) {
    super(
      `${location} holds data of chain "${found.chainId}" (genesis ${short(found.genesisHash)}), ` +
        `but this node is configured for chain "${expected.chainId}" ` +
        `(genesis ${short(expected.genesisHash)}). Point the node at an empty data directory ` +
        `for this chain, or correct the chain id and genesis file in its configuration.`,
    );
  }
}

/** The location was written by a storage format this build does not read. */
export class StorageFormatError extends Error {
  override name = "StorageFormatError";

  constructor(
    readonly location: string,
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `${location} uses storage format ${foundVersion}; this build reads format ` +
        `${supportedVersion} only. Run the node version that wrote it, or start from an empty ` +
        `data directory and catch up from peers.`,
    );
  }
}

/** Stored bytes fail their checksum or contradict each other: the disk or a bug damaged them. */
export class StorageCorruptionError extends Error {
  override name = "StorageCorruptionError";

  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super(
      `${location} is damaged: ${problem}. Stop the node, keep the directory for diagnosis, ` +
        `and restore it from a backup or start from an empty data directory and catch up from peers.`,
    );
  }
}

function short(hash: Uint8Array): string {
  return `${bytesToHex(hash.subarray(0, 8))}…`;
}
