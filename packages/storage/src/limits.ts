/**
 * Every size the storage accepts is bounded here, each with its reason. The bounds are derived
 * from consensus's own limits, so a block or message that consensus accepts always fits, and
 * their relationships are asserted at load so that a change which breaks one fails at start-up.
 */
import { assert } from "@tongbao/std";
import { PAYLOAD_BYTES_MAX, SIGNATURE_BYTES_MAX, VALIDATORS_MAX } from "@tongbao/consensus";

/**
 * Room for everything around a block payload: the header (~120 bytes), the commit certificate
 * (at most VALIDATORS_MAX signatures of index, length prefix and SIGNATURE_BYTES_MAX bytes, about
 * 17 KB) and the framing of a proposal message. 64 KiB covers each of them with margin.
 */
const ENVELOPE_BYTES_MAX = 64 * 1024;

/**
 * One encoded CommittedBlock (block + certificate): a full payload plus its envelope. A bigger
 * one cannot have been decided, so refusing it catches a caller's bug before it reaches disk.
 */
export const COMMITTED_BLOCK_BYTES_MAX = PAYLOAD_BYTES_MAX + ENVELOPE_BYTES_MAX;

/**
 * A block's encoded receipts. A receipt (35 bytes) is smaller than the transaction it describes
 * (a signed transaction carries at least a 64-byte signature), so a block's receipts are never
 * larger than its payload.
 */
export const RECEIPTS_BYTES_MAX = PAYLOAD_BYTES_MAX;

/**
 * One consensus WAL record is one encoded consensus message; the largest is a proposal that
 * carries a full block payload, signed and framed.
 */
export const WAL_RECORD_BYTES_MAX = PAYLOAD_BYTES_MAX + ENVELOPE_BYTES_MAX;

/**
 * Records are numbered within a height by a u32. Thirty validators exchanging three messages
 * per round for FUTURE_ROUNDS_MAX rounds write about ten thousand; the bound only makes the
 * key's width explicit.
 */
export const WAL_RECORDS_PER_HEIGHT_MAX = 0xffff_ffff;

/**
 * Non-durable WAL records (messages received from peers) wait in memory and reach the disk with
 * the next durable write. These bounds cap the memory they hold and how much a crash can lose:
 * a round's votes from 30 validators and a few proposals. Past either bound the buffer is
 * flushed at once.
 */
export const WAL_PENDING_RECORDS_MAX = 4096;
export const WAL_PENDING_BYTES_MAX = 4 * PAYLOAD_BYTES_MAX;

assert(
  ENVELOPE_BYTES_MAX >= 256 + VALIDATORS_MAX * (2 + 4 + SIGNATURE_BYTES_MAX),
  "the envelope must hold a header and a certificate signed by every validator",
);
assert(
  WAL_PENDING_BYTES_MAX >= WAL_RECORD_BYTES_MAX,
  "one record of the largest size must fit the pending buffer",
);
