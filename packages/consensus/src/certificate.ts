/**
 * Commit certificates: the proof that a block was decided. A certificate names (height, round,
 * block id) once and carries the precommit signatures of validators holding more than 2/3 of
 * the voting power; each signature is over the precommit those fields and the signer's index
 * rebuild. A lagging node checks fetched blocks with `verifyCommittedBlock`.
 */
import { Reader, Writer, decodeAll } from "@tongbao/codec";
import { assert, equalBytes } from "@tongbao/std";
import type { Height, Round } from "@tongbao/types";
import { PAYLOAD_BYTES_MAX, SIGNATURE_BYTES_MAX, VALIDATORS_MAX } from "./limits.ts";
import {
  ENCODING_VERSION,
  HASH_BYTES,
  blockIdOf,
  encodeVote,
  payloadHashOf,
  readHeader,
  writeHeader,
  type Block,
  type SignedVote,
} from "./messages.ts";
import type { ParentInfo, Verifier } from "./ports.ts";
import { signingBytes } from "./signing.ts";
import type { ValidatorSet } from "./validator-set.ts";

export interface CertificateSignature {
  readonly validatorIndex: number;
  readonly signature: Uint8Array;
}

export interface CommitCertificate {
  readonly height: Height;
  readonly round: Round;
  readonly blockId: Uint8Array;
  /** Strictly increasing validator indices. */
  readonly signatures: readonly CertificateSignature[];
}

/** A decided block as stored and served to lagging nodes. */
export interface CommittedBlock {
  readonly block: Block;
  readonly certificate: CommitCertificate;
}

/** The outcome of a check on untrusted data: never thrown, always returned. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: Verdict = { ok: true };
const fail = (reason: string): Verdict => ({ ok: false, reason });

/** Builds a certificate from precommits for one (height, round, block id), in index order. */
export function certificateOf(precommits: readonly SignedVote[]): CommitCertificate {
  assert(precommits.length > 0, "a certificate needs precommits");
  const first = precommits[0]!.vote;
  assert(first.blockId !== null, "a certificate is for a block, not nil");
  const sorted = [...precommits].sort((a, b) => a.vote.validatorIndex - b.vote.validatorIndex);
  for (const { vote } of sorted) {
    assert(vote.type === "precommit", "certificate from precommits only");
    assert(vote.height === first.height, "certificate: one height");
    assert(vote.round === first.round, "certificate: one round");
    assert(vote.blockId !== null && equalBytes(vote.blockId, first.blockId), "one block");
  }
  return {
    height: first.height,
    round: first.round,
    blockId: first.blockId,
    signatures: sorted.map((s) => ({
      validatorIndex: s.vote.validatorIndex,
      signature: s.signature,
    })),
  };
}

function writeCertificate(w: Writer, cert: CommitCertificate): void {
  w.u8(ENCODING_VERSION).u53(cert.height).u32(cert.round).fixed(cert.blockId, HASH_BYTES);
  w.u16(cert.signatures.length);
  let previous = -1;
  for (const { validatorIndex, signature } of cert.signatures) {
    assert(validatorIndex > previous, "certificate signatures in strictly increasing order");
    previous = validatorIndex;
    w.u16(validatorIndex).bytes(signature, SIGNATURE_BYTES_MAX);
  }
}

function readCertificate(r: Reader): CommitCertificate {
  r.tag([ENCODING_VERSION], "certificate version");
  const height = r.u53("height") as Height;
  const round = r.u32("round") as Round;
  const blockId = r.fixed(HASH_BYTES, "block id").slice();
  const count = r.u16("signature count");
  if (count === 0 || count > VALIDATORS_MAX) r.fail(`signature count ${count} out of range`);
  const signatures: CertificateSignature[] = [];
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const validatorIndex = r.u16("validator index");
    // One canonical order, which also rules out a validator counted twice.
    if (validatorIndex <= previous) r.fail("validator indices must strictly increase");
    previous = validatorIndex;
    signatures.push({ validatorIndex, signature: r.bytes(SIGNATURE_BYTES_MAX).slice() });
  }
  return { height, round, blockId, signatures };
}

export function encodeCertificate(cert: CommitCertificate): Uint8Array {
  const w = new Writer(64 + cert.signatures.length * 72);
  writeCertificate(w, cert);
  return w.finish();
}

export function decodeCertificate(bytes: Uint8Array): CommitCertificate {
  return decodeAll(bytes, readCertificate);
}

export function encodeCommittedBlock(committed: CommittedBlock): Uint8Array {
  const w = new Writer(256 + committed.block.payload.length);
  w.u8(ENCODING_VERSION);
  writeHeader(w, committed.block.header);
  w.bytes(committed.block.payload, PAYLOAD_BYTES_MAX);
  writeCertificate(w, committed.certificate);
  return w.finish();
}

export function decodeCommittedBlock(bytes: Uint8Array): CommittedBlock {
  return decodeAll(bytes, (r) => {
    r.tag([ENCODING_VERSION], "committed block version");
    const header = readHeader(r);
    const payload = r.bytes(PAYLOAD_BYTES_MAX, "payload").slice();
    const certificate = readCertificate(r);
    return { block: { header, payload }, certificate };
  });
}

export interface VerifyCertificateInput {
  readonly chainId: string;
  readonly validators: ValidatorSet;
  readonly certificate: CommitCertificate;
  readonly verifier: Verifier;
}

/** Signatures valid, each signer a distinct member of the set, signers' power > 2/3. */
export function verifyCertificate(input: VerifyCertificateInput): Verdict {
  const { chainId, validators, certificate, verifier } = input;
  if (certificate.blockId.length !== HASH_BYTES) return fail("block id is not 32 bytes");
  let power = 0;
  let previous = -1;
  for (const { validatorIndex, signature } of certificate.signatures) {
    if (validatorIndex <= previous) return fail("duplicate or unordered signer");
    previous = validatorIndex;
    const validator = validators.at(validatorIndex);
    if (validator === undefined) return fail(`unknown validator index ${validatorIndex}`);
    const vote = encodeVote({
      type: "precommit",
      height: certificate.height,
      round: certificate.round,
      blockId: certificate.blockId,
      validatorIndex,
    });
    const valid = verifier.verify({
      publicKey: validator.publicKey,
      ...(validator.keyType === undefined ? {} : { keyType: validator.keyType }),
      message: signingBytes(chainId, "vote", vote),
      signature,
    });
    if (!valid) return fail(`bad signature from validator ${validatorIndex}`);
    power += validator.power;
  }
  if (!validators.hasQuorum(power)) {
    return fail(`signers hold ${power} of ${validators.totalPower}, not more than 2/3`);
  }
  return OK;
}

export interface VerifyCommittedBlockInput {
  readonly chainId: string;
  readonly validators: ValidatorSet;
  /** The last block this node trusts; the fetched block must extend it. */
  readonly parent: ParentInfo;
  readonly committed: CommittedBlock;
  readonly verifier: Verifier;
}

/**
 * Checks a block fetched during catch-up: it extends `parent`, its payload matches the header,
 * its time moves forward and its certificate proves the decision. The application's own
 * `verifyBlock` is the caller's to run as well.
 */
export function verifyCommittedBlock(input: VerifyCommittedBlockInput): Verdict {
  const { parent, committed } = input;
  const { header, payload } = committed.block;
  const cert = committed.certificate;
  if (header.height !== parent.height + 1) return fail("block does not follow the parent height");
  if (!equalBytes(header.parentId, parent.blockId)) return fail("block does not extend parent");
  if (!equalBytes(header.appHash, parent.appHash)) return fail("app hash differs from ours");
  if (header.timestampMs <= parent.timestampMs) return fail("timestamp not after the parent's");
  if (header.proposerIndex >= input.validators.size) return fail("unknown proposer");
  if (!equalBytes(header.payloadHash, payloadHashOf(payload))) return fail("payload hash");
  if (cert.height !== header.height) return fail("certificate is for another height");
  if (!equalBytes(cert.blockId, blockIdOf(header))) return fail("certificate is for another block");
  const { chainId, validators, verifier } = input;
  return verifyCertificate({ chainId, validators, certificate: cert, verifier });
}
