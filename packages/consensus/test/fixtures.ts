/**
 * Shared test fixtures: a 4-validator network with test keys, a tiny deterministic application,
 * and helpers to craft signed messages from any validator and to read an engine's actions.
 */
import { taggedHash } from "@tongbao/codec";
import { concatBytes } from "@tongbao/std";
import type { Height, Round, TimestampMs } from "@tongbao/types";
import {
  ConsensusEngine,
  MemorySafetyStore,
  SafetyModule,
  ValidatorSet,
  blockIdOf,
  decodeMessage,
  encodeMessage,
  encodeProposal,
  encodeVote,
  payloadHashOf,
  signingBytes,
  type Application,
  type Block,
  type ConsensusAction,
  type EngineOptions,
  type FinalizeInput,
  type ParentInfo,
  type ProposeInput,
  type SafetyStore,
  type Vote,
  type VoteType,
  type VerifyInput,
} from "../src/index.ts";
import { ed25519Verifier, testKey, type TestKey } from "./keys.ts";

export const CHAIN_ID = "tongbao-test";
/** A fixed "now" for unit tests: 2024-01-01T00:00:00Z. */
export const T0 = 1_704_067_200_000 as TimestampMs;

export const h = (n: number): Height => n as Height;
export const r = (n: number): Round => n as Round;
export const ms = (n: number): TimestampMs => n as TimestampMs;

export interface TestNetwork {
  readonly validators: ValidatorSet;
  /** keys[i] belongs to validator index i. */
  readonly keys: readonly TestKey[];
  readonly genesis: ParentInfo;
}

export function testNetwork(powers: readonly number[] = [1, 1, 1, 1]): TestNetwork {
  const unordered = powers.map((power, i) => ({ key: testKey(i + 1), power }));
  const validators = ValidatorSet.create(
    unordered.map(({ key, power }) => ({ publicKey: key.publicKey, power, keyType: "ed25519" })),
  );
  const keys = validators.validators.map(
    (v) => unordered.find((u) => u.key.publicKey.every((b, i) => b === v.publicKey[i]))!.key,
  );
  const genesis: ParentInfo = {
    height: h(0),
    blockId: taggedHash("test/genesis", new Uint8Array(0)),
    timestampMs: ms(T0 - 60_000),
    appHash: taggedHash("test/app", new Uint8Array(0)),
  };
  return { validators, keys, genesis };
}

const TEXT = new TextEncoder();
/** A payload starting with this byte is rejected by TestApplication.verifyBlock. */
export const INVALID_MARK = 0xff;

/** Deterministic except for what the test asks it to propose. */
export class TestApplication implements Application {
  readonly finalized: FinalizeInput[] = [];
  readonly proposed: ProposeInput[] = [];
  verifyCalls = 0;
  private appHash: Uint8Array;

  constructor(
    genesis: ParentInfo,
    private readonly name = "node",
  ) {
    this.appHash = genesis.appHash;
  }

  proposeBlock(input: ProposeInput): Uint8Array {
    this.proposed.push(input);
    return TEXT.encode(`${this.name} h${input.height} r${input.round}`);
  }

  verifyBlock(input: VerifyInput): boolean {
    this.verifyCalls++;
    return input.payload[0] !== INVALID_MARK;
  }

  finalizeBlock(input: FinalizeInput): Uint8Array {
    this.finalized.push(input);
    this.appHash = taggedHash("test/app", concatBytes(this.appHash, input.payload));
    return this.appHash;
  }
}

/** Records every save and sign in one list, to check their order. */
export class RecordingStore implements SafetyStore {
  readonly inner = new MemorySafetyStore();
  constructor(readonly log: string[] = []) {}
  load() {
    return this.inner.load();
  }
  save(data: Parameters<SafetyStore["save"]>[0]) {
    this.log.push(`save ${data.last?.height}/${data.last?.round}/${data.last?.step}`);
    this.inner.save(data);
  }
}

export interface EngineUnderTest {
  readonly engine: ConsensusEngine;
  readonly app: TestApplication;
  readonly safety: SafetyModule;
  readonly store: SafetyStore;
}

export function makeEngine(
  net: TestNetwork,
  index: number,
  options: Partial<EngineOptions> = {},
  store: SafetyStore = new MemorySafetyStore(),
): EngineUnderTest {
  const app = new TestApplication(options.parent ?? net.genesis, `v${index}`);
  const safety = new SafetyModule({ chainId: CHAIN_ID }, { signer: net.keys[index]!, store });
  const engine = new ConsensusEngine(
    { chainId: CHAIN_ID, validators: net.validators, parent: net.genesis, ...options },
    { application: app, safety, verifier: ed25519Verifier },
  );
  return { engine, app, safety, store };
}

export interface BlockSpec {
  readonly height?: number;
  readonly round?: number;
  readonly timestampMs?: number;
  readonly payload?: Uint8Array;
  readonly parent?: ParentInfo;
  readonly proposerIndex?: number;
}

/** A valid block for `height` (default 1) made by the proposer of its round. */
export function makeBlock(net: TestNetwork, spec: BlockSpec = {}): Block {
  const height = h(spec.height ?? 1);
  const round = r(spec.round ?? 0);
  const parent = spec.parent ?? net.genesis;
  const payload = spec.payload ?? TEXT.encode(`test block h${height} r${round}`);
  return {
    header: {
      height,
      round,
      timestampMs: ms(spec.timestampMs ?? T0),
      parentId: parent.blockId,
      payloadHash: payloadHashOf(payload),
      appHash: parent.appHash,
      proposerIndex: spec.proposerIndex ?? net.validators.proposer(height, round),
    },
    payload,
  };
}

export function voteBytes(
  net: TestNetwork,
  from: number,
  type: VoteType,
  round: number,
  block: Block | Uint8Array | null,
  height = 1,
): Uint8Array {
  const blockId =
    block === null ? null : block instanceof Uint8Array ? block : blockIdOf(block.header);
  const vote: Vote = { type, height: h(height), round: r(round), blockId, validatorIndex: from };
  const signature = net.keys[from]!.sign(signingBytes(CHAIN_ID, "vote", encodeVote(vote)));
  return encodeMessage({ kind: "vote", signed: { vote, signature } });
}

export function proposalBytes(
  net: TestNetwork,
  block: Block,
  round: number,
  validRound = -1,
  from?: number,
): Uint8Array {
  const height = block.header.height;
  const proposerIndex = from ?? net.validators.proposer(height, r(round));
  const proposal = {
    height,
    round: r(round),
    validRound,
    blockId: blockIdOf(block.header),
    proposerIndex,
  };
  const signature = net.keys[proposerIndex]!.sign(
    signingBytes(CHAIN_ID, "proposal", encodeProposal(proposal)),
  );
  return encodeMessage({ kind: "proposal", signed: { proposal, signature }, block });
}

/** A message event from validator `from`'s peer. */
export function fromPeer(from: number, bytes: Uint8Array, nowMs: number = T0) {
  return { kind: "message" as const, nowMs: ms(nowMs), peer: `p${from}`, bytes };
}

export function timeout(step: "propose" | "prevote" | "precommit", round: number, height = 1) {
  return { kind: "timeout" as const, nowMs: T0, height: h(height), round: r(round), step };
}

export function start(nowMs: number = T0) {
  return { kind: "start" as const, nowMs: ms(nowMs) };
}

/** The votes an engine broadcast, decoded. */
export function broadcastVotes(actions: readonly ConsensusAction[]): Vote[] {
  const out: Vote[] = [];
  for (const action of actions) {
    if (action.kind !== "broadcast") continue;
    const message = decodeMessage(action.bytes);
    if (message.kind === "vote") out.push(message.signed.vote);
  }
  return out;
}

export function ofKind<K extends ConsensusAction["kind"]>(
  actions: readonly ConsensusAction[],
  kind: K,
): Extract<ConsensusAction, { kind: K }>[] {
  return actions.filter((a): a is Extract<ConsensusAction, { kind: K }> => a.kind === kind);
}

/** Feeds several events and returns all actions, in order. */
export function feed(
  engine: ConsensusEngine,
  events: readonly Parameters<ConsensusEngine["step"]>[0][],
): ConsensusAction[] {
  return events.flatMap((event) => engine.step(event));
}
