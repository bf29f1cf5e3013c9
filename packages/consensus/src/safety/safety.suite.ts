/**
 * The safety-rules suite: one set of tests that every SafetyStore backend must pass (the
 * in-memory twin here; the LMDB / fsync'd file store in packages/storage). Each test says
 * which rule of docs/spec/consensus.md (S1–S5) it checks.
 *
 * A backend is a factory of stores over one durable location: calling `open()` again must
 * give a store that sees what the previous one saved, as after a process restart.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import type { Height, Round } from "@tongbao/types";
import { encodeVote, type Proposal, type Vote } from "../messages.ts";
import type { Signer } from "../ports.ts";
import { signingBytes } from "../signing.ts";
import type { SafetyStore } from "./safety-data.ts";
import { SafetyModule } from "./safety-module.ts";

export interface SafetyBackend {
  open(): SafetyStore;
}

const CHAIN_ID = "tongbao-suite";
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function suiteSigner(log: string[]): Signer {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.alloc(32, 7)]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return {
    publicKey: new Uint8Array(spki.subarray(spki.length - 32)),
    keyType: "ed25519",
    sign(message) {
      log.push("sign");
      return new Uint8Array(sign(null, message, key));
    },
  };
}

function recording(store: SafetyStore, log: string[]): SafetyStore {
  return {
    load: () => store.load(),
    save(data) {
      log.push("save");
      store.save(data);
    },
  };
}

const ID_A = new Uint8Array(32).fill(0xaa);
const ID_B = new Uint8Array(32).fill(0xbb);

function vote(type: Vote["type"], height: number, round: number, blockId: Uint8Array | null): Vote {
  return { type, height: height as Height, round: round as Round, blockId, validatorIndex: 0 };
}

function proposal(height: number, round: number, blockId: Uint8Array): Proposal {
  return {
    height: height as Height,
    round: round as Round,
    validRound: -1,
    blockId,
    proposerIndex: 0,
  };
}

export function safetySuite(name: string, createBackend: () => SafetyBackend): void {
  describe(`safety rules: ${name}`, () => {
    function open(backend: SafetyBackend, log: string[] = []) {
      const module = new SafetyModule(
        { chainId: CHAIN_ID },
        { signer: suiteSigner(log), store: recording(backend.open(), log) },
      );
      return { module, log };
    }

    test("S5: each new position is saved before the key signs it", () => {
      const { module, log } = open(createBackend());
      assert.ok(module.signProposal(proposal(1, 0, ID_A)).ok);
      assert.ok(module.signVote(vote("prevote", 1, 0, ID_A)).ok);
      assert.ok(module.signVote(vote("precommit", 1, 0, ID_A)).ok);
      assert.deepEqual(log, ["save", "sign", "save", "sign", "save", "sign"]);
    });

    test("S5: when the save fails, nothing is signed", () => {
      const log: string[] = [];
      const failing: SafetyStore = {
        load: () => undefined,
        save() {
          throw new Error("disk full");
        },
      };
      const module = new SafetyModule(
        { chainId: CHAIN_ID },
        { signer: suiteSigner(log), store: failing },
      );
      assert.throws(() => module.signVote(vote("prevote", 1, 0, ID_A)), /disk full/);
      assert.deepEqual(log, []);
    });

    test("S2: a repeated request gets the same signature and no new save", () => {
      const { module, log } = open(createBackend());
      const first = module.signVote(vote("prevote", 3, 1, ID_A));
      const again = module.signVote(vote("prevote", 3, 1, ID_A));
      assert.ok(first.ok && again.ok);
      assert.deepEqual(again.signature, first.signature);
      assert.deepEqual(log, ["save", "sign"]);
    });

    test("S3: a conflicting vote for the same position is refused", () => {
      const { module } = open(createBackend());
      assert.ok(module.signVote(vote("prevote", 3, 1, ID_A)).ok);
      assert.deepEqual(module.signVote(vote("prevote", 3, 1, ID_B)), {
        ok: false,
        reason: "conflicting",
      });
      assert.deepEqual(module.signVote(vote("prevote", 3, 1, null)), {
        ok: false,
        reason: "conflicting",
      });
    });

    test("S1/S4: positions only move forward: (height, round, step)", () => {
      const { module } = open(createBackend());
      assert.ok(module.signVote(vote("precommit", 5, 2, null)).ok);
      const regressions = [
        () => module.signVote(vote("prevote", 5, 2, null)),
        () => module.signProposal(proposal(5, 2, ID_A)),
        () => module.signVote(vote("precommit", 5, 1, null)),
        () => module.signVote(vote("precommit", 4, 9, null)),
      ];
      for (const request of regressions) {
        assert.deepEqual(request(), { ok: false, reason: "regression" });
      }
      assert.ok(module.signProposal(proposal(5, 3, ID_A)).ok);
      assert.ok(module.signVote(vote("prevote", 6, 0, ID_B)).ok);
    });

    test("S1–S4 hold across a restart from the same store", () => {
      const backend = createBackend();
      const before = open(backend).module;
      const signed = before.signVote(vote("precommit", 7, 0, ID_A));
      assert.ok(signed.ok);
      const after = open(backend).module;
      assert.deepEqual(after.signVote(vote("precommit", 7, 0, ID_B)), {
        ok: false,
        reason: "conflicting",
      });
      assert.deepEqual(after.signVote(vote("prevote", 7, 0, ID_A)), {
        ok: false,
        reason: "regression",
      });
      const repeated = after.signVote(vote("precommit", 7, 0, ID_A));
      assert.ok(repeated.ok);
      assert.deepEqual(repeated.signature, signed.signature);
    });

    test("the lock is recorded by a precommit for a block and survives a restart", () => {
      const backend = createBackend();
      const module = open(backend).module;
      module.signVote(vote("precommit", 2, 1, ID_A));
      module.signVote(vote("precommit", 2, 2, null)); // nil keeps the lock
      assert.deepEqual(open(backend).module.data().lock, {
        height: 2,
        round: 1,
        blockId: ID_A,
      });
    });

    test("signatures are over the domain-separated vote bytes", () => {
      const log: string[] = [];
      const signer = suiteSigner(log);
      const module = new SafetyModule(
        { chainId: CHAIN_ID },
        { signer, store: createBackend().open() },
      );
      const v = vote("prevote", 1, 0, ID_A);
      const result = module.signVote(v);
      assert.ok(result.ok);
      const publicKey = createPublicKey({
        key: Buffer.concat([SPKI_PREFIX, signer.publicKey]),
        format: "der",
        type: "spki",
      });
      const check = (chainId: string, purpose: "vote" | "proposal") =>
        verify(null, signingBytes(chainId, purpose, encodeVote(v)), publicKey, result.signature);
      assert.equal(check(CHAIN_ID, "vote"), true);
      assert.equal(check(CHAIN_ID, "proposal"), false);
      assert.equal(check("other-chain", "vote"), false);
    });
  });
}
