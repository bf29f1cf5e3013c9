/**
 * @tongbao/simulator: the whole network in one process, in simulated time driven by one seed,
 * with network, disk, clock and Byzantine faults and checkers for safety and liveness. See
 * README.md and docs/internals/testing.md.
 */
export {
  Simulator,
  NetworkControl,
  CheckControl,
  WorkloadControl,
  type SimulatorOptions,
  type SimStats,
} from "./simulator.ts";
export { SimulationViolation, type ViolationKind } from "./checkers.ts";
export { SimNetwork, CALM_LINKS, type LinkFaults, type Packet, type Channel } from "./network.ts";
export { SimStorage, type StoredBlock } from "./storage.ts";
export { EventQueue } from "./event-queue.ts";
export { KeyRing, type SignatureScheme } from "./keys.ts";
export { BEHAVIOURS, type Behaviour } from "./byzantine.ts";
export { DEFAULT_WORKLOAD, type WorkloadOptions } from "./workload.ts";
