/**
 * How many signature-verifying worker threads a node runs (ValidatorNode's `verifierThreads`).
 * Every validator checks every transaction's signature once, and that is most of its CPU: the
 * threads should use the cores the node has, and no more, or they take them from the event loop
 * (consensus, admission, the API) and from the other nodes on the machine.
 */
import { availableParallelism } from "node:os";
import { VERIFIER_POOL_THREADS_MAX } from "@tongbao/crypto";

/** Most verifier threads a node runs (the pool's own limit); a node config asking more is refused. */
export const VERIFIER_THREADS_MAX = VERIFIER_POOL_THREADS_MAX;

/** A node alone on its machine: every core but the event loop's, and at least one. */
export function defaultVerifierThreads(cores = availableParallelism()): number {
  return Math.min(VERIFIER_THREADS_MAX, Math.max(1, cores - 1));
}

/**
 * `nodes` nodes sharing one machine (a devnet, the bench): each gets its share of the cores,
 * and at least one thread. A node alone gets them all, since its event loop is mostly waiting
 * for its threads and the next block.
 */
export function sharedVerifierThreads(nodes: number, cores = availableParallelism()): number {
  return Math.min(VERIFIER_THREADS_MAX, Math.max(1, Math.floor(cores / Math.max(1, nodes))));
}
