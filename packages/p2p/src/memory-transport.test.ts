// Goal: the in-memory twin behaves as the socket transport does, so tests and the in-process
// node that use it see the same links, refusals, limits and back-pressure.
// Method: the shared behavioural suite (test/suite.ts) on one MemoryNetwork.
import { memoryHarness } from "../test/harness-memory.ts";
import { transportSuite } from "../test/suite.ts";

transportSuite(memoryHarness);
