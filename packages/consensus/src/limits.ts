/**
 * Every size and count consensus accepts from outside is bounded here, each with its reason.
 * Relationships between the constants are asserted at load, so a change that breaks one fails
 * at start-up rather than in production.
 */
import { assert } from "@tongbao/std";

/**
 * Application payload of one block. 4 MiB holds about 20 000 transfers of ~200 bytes; a proposer
 * sending it to 29 peers moves ~120 MB, about one second at 1 Gbit/s, which is already the
 * whole propose timeout of round 0.
 */
export const PAYLOAD_BYTES_MAX = 4 * 1024 * 1024;

/** Ed25519 signatures are 64 bytes and DER-encoded SM2 signatures at most 72; 128 leaves room. */
export const SIGNATURE_BYTES_MAX = 128;

/** Ed25519 keys are 32 bytes and uncompressed SM2 keys 65; 128 leaves room for other schemes. */
export const PUBLIC_KEY_BYTES_MAX = 128;

/** Chain ids are short ASCII names such as "tongbao-hk-1"; they are framed into every signature. */
export const CHAIN_ID_BYTES_MAX = 64;

/**
 * Messages are all-to-all, so traffic grows with the square of the validator count. The
 * consortium has 4–30 validators; 128 keeps the u16 index and every per-round table small.
 */
export const VALIDATORS_MAX = 128;

/**
 * Voting power is a governance weight, not stake, so small integers suffice. The bound keeps
 * `3 × power` exact in a float64 and lets proposer selection precompute one full period of
 * the weighted round-robin (at most VOTING_POWER_TOTAL_MAX elections).
 */
export const VOTING_POWER_TOTAL_MAX = 10_000;

/**
 * How far a proposal's timestamp may be from a validator's own clock, in either direction, for
 * it to prevote a freshly proposed block. Bank servers run NTP and agree within tens of
 * milliseconds; 5 s also absorbs the time to transfer a full block. It must stay far below the
 * smallest time window the ledger enforces (pending-transfer expiry and FX quote validity are
 * minutes), so that a proposer cannot move agreed time enough to matter.
 */
export const TIMESTAMP_DRIFT_MS_MAX = 5_000;

/**
 * Rounds further ahead of our round than this are dropped, so a faulty validator cannot make us
 * store votes for millions of rounds. An honest node more than this far behind still advances
 * through its own timeouts and the f+1 round-skip rule on rounds inside the window.
 */
export const FUTURE_ROUNDS_MAX = 100;

/**
 * Distinct proposals kept per round. An honest proposer sends one; an equivocating proposer may
 * send several, and we keep a few so that the one the others prevote for is still known.
 */
export const PROPOSALS_PER_ROUND_MAX = 4;

/**
 * Distinct values (nil or a block id) one validator's votes are counted for, per round and vote
 * type. An honest validator has one. An equivocating one's conflicting votes count too, each for
 * its own value, as Algorithm 1 counts messages: if only the first counted, a polka built with
 * an equivocator's vote would exist for the honest validators that locked on it and never for
 * those that heard the other vote first, and the locked ones could not be released (a stall
 * found by the simulator). Nil plus one block per kept proposal covers every value an honest
 * quorum can form around; the bound keeps an equivocator from making us store unbounded votes.
 */
export const VOTE_VALUES_PER_VALIDATOR_MAX = PROPOSALS_PER_ROUND_MAX + 1;

/**
 * Messages for the next height are held until we commit the current one, because with
 * reordering they routinely arrive first. 30 validators × 3 messages × ~10 rounds.
 */
export const NEXT_HEIGHT_MESSAGES_MAX = 1024;

/** Bytes held for the next height: a few full proposals plus votes. */
export const NEXT_HEIGHT_BYTES_MAX = 4 * PAYLOAD_BYTES_MAX;

assert(VALIDATORS_MAX <= 0xffff, "validator indices are encoded as u16");
assert(3 * VOTING_POWER_TOTAL_MAX < Number.MAX_SAFE_INTEGER, "quorum arithmetic must stay exact");
assert(NEXT_HEIGHT_BYTES_MAX >= PAYLOAD_BYTES_MAX, "one full proposal must fit the buffer");
