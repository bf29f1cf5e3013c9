// Goal: a commit certificate is accepted only with valid signatures of distinct validators
// holding more than 2/3 of the power, and a fetched block only if it extends our chain.
// Method: build certificates from precommits signed with test keys, then break them one way
// at a time (too little power, a bad signature, an unknown or repeated signer, another block,
// another parent) and check each is refused with a reason; codec round-trips and refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodeError } from "@tongbao/codec";
import {
  blockIdOf,
  certificateOf,
  decodeCertificate,
  decodeCommittedBlock,
  decodeMessage,
  encodeCertificate,
  encodeCommittedBlock,
  verifyCertificate,
  verifyCommittedBlock,
  type CommitCertificate,
  type CommittedBlock,
  type SignedVote,
} from "./index.ts";
import { ed25519Verifier } from "../test/keys.ts";
import { CHAIN_ID, makeBlock, testNetwork, voteBytes } from "../test/fixtures.ts";

const net = testNetwork([1, 1, 1, 2]); // total 5: a quorum needs power ≥ 4
const block = makeBlock(net);
const blockId = blockIdOf(block.header);

function precommit(from: number, id = blockId): SignedVote {
  const message = decodeMessage(voteBytes(net, from, "precommit", 0, id));
  assert.ok(message.kind === "vote");
  return message.signed;
}

function check(certificate: CommitCertificate) {
  return verifyCertificate({
    chainId: CHAIN_ID,
    validators: net.validators,
    certificate,
    verifier: ed25519Verifier,
  });
}

const heavy = net.validators.validators.find((v) => v.power === 2)!.index;
const light = net.validators.validators.filter((v) => v.power === 1).map((v) => v.index);

test("a certificate with more than 2/3 of the power verifies", () => {
  const four = certificateOf([precommit(heavy), precommit(light[0]!), precommit(light[1]!)]);
  assert.deepEqual(check(four), { ok: true });
  assert.deepEqual(check(certificateOf(light.map((i) => precommit(i)))), {
    ok: false,
    reason: "signers hold 3 of 5, not more than 2/3",
  });
});

test("certificates with a bad, unknown or repeated signer are refused", () => {
  const good = certificateOf([precommit(heavy), ...light.map((i) => precommit(i))]);
  const [first, second, third, fourth] = good.signatures;
  const tampered = {
    ...good,
    signatures: [first!, second!, third!, { ...fourth!, signature: new Uint8Array(64) }],
  };
  assert.equal(check(tampered).ok, false);
  const unknown = {
    ...good,
    signatures: [...good.signatures, { validatorIndex: 9, signature: new Uint8Array(64) }],
  };
  assert.deepEqual(check(unknown), { ok: false, reason: "unknown validator index 9" });
  const repeated = { ...good, signatures: [first!, first!, second!, third!] };
  assert.deepEqual(check(repeated), { ok: false, reason: "duplicate or unordered signer" });
  // Signatures are over the certificate's own (height, round, block): moving it breaks them.
  assert.equal(check({ ...good, round: 1 as never }).ok, false);
  assert.equal(check({ ...good, blockId: new Uint8Array(32) }).ok, false);
});

test("certificate bytes round-trip, and unordered or empty signer lists do not decode", () => {
  const cert = certificateOf(light.map((i) => precommit(i)));
  const bytes = encodeCertificate(cert);
  assert.deepEqual(decodeCertificate(bytes), cert);
  // Layout: version, height (8), round (4), block id (32), count (2), then entries.
  const count = 1 + 8 + 4 + 32;
  const empty = bytes.slice(0, count + 2);
  empty[count] = 0;
  empty[count + 1] = 0;
  assert.throws(() => decodeCertificate(empty), DecodeError);
  const firstIndex = count + 2;
  const swapped = bytes.slice();
  swapped[firstIndex + 1] = 0xff; // first index jumps above the next one
  assert.throws(() => decodeCertificate(swapped), DecodeError);
});

function committed(): CommittedBlock {
  const signers = [heavy, light[0]!, light[1]!];
  return { block, certificate: certificateOf(signers.map((i) => precommit(i))) };
}

function checkBlock(c: CommittedBlock, parent = net.genesis) {
  return verifyCommittedBlock({
    chainId: CHAIN_ID,
    validators: net.validators,
    parent,
    committed: c,
    verifier: ed25519Verifier,
  });
}

test("a fetched block verifies only if it extends our parent and its certificate is for it", () => {
  const c = committed();
  assert.deepEqual(checkBlock(c), { ok: true });
  assert.deepEqual(decodeCommittedBlock(encodeCommittedBlock(c)), c);
  const otherParent = { ...net.genesis, blockId: new Uint8Array(32) };
  assert.deepEqual(checkBlock(c, otherParent), {
    ok: false,
    reason: "block does not extend parent",
  });
  const laterParent = { ...net.genesis, height: 1 as never };
  assert.equal(checkBlock(c, laterParent).ok, false);
  const otherPayload = { ...c, block: { ...block, payload: new Uint8Array([9]) } };
  assert.deepEqual(checkBlock(otherPayload), { ok: false, reason: "payload hash" });
  const otherBlock = makeBlock(net, { payload: new Uint8Array([7]) });
  assert.deepEqual(checkBlock({ ...c, block: otherBlock }), {
    ok: false,
    reason: "certificate is for another block",
  });
  const weak = { ...c, certificate: certificateOf([precommit(light[0]!), precommit(light[1]!)]) };
  assert.equal(checkBlock(weak).ok, false);
});
