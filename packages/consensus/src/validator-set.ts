/**
 * The validators of a height, their voting power, the quorum thresholds and proposer rotation.
 *
 * Validators are ordered by public key bytes, and a validator's index in that order is how
 * votes, headers and certificates name it. Thresholds compare powers with integer arithmetic:
 * a quorum ("2f+1") is strictly more than 2/3 of the total, and "f+1" strictly more than 1/3.
 *
 * Proposer rotation is CometBFT's weighted round-robin: at each election every validator's
 * priority grows by its power, the highest priority wins (ties to the lower index) and the
 * winner's priority drops by the total. For a fixed set the priorities return to zero after
 * exactly `totalPower` elections, each validator winning once per unit of power, so one period
 * is computed up front and `proposer(h, r)` is a lookup of election (h − 1 + r). As in CometBFT,
 * a height advances the rotation by one and a round within the height by one more.
 */
import { assert, bytesToHex, compareBytes } from "@tongbao/std";
import type { Height, Round } from "@tongbao/types";
import { PUBLIC_KEY_BYTES_MAX, VALIDATORS_MAX, VOTING_POWER_TOTAL_MAX } from "./limits.ts";

export interface ValidatorEntry {
  readonly publicKey: Uint8Array;
  /** A positive integer. */
  readonly power: number;
  readonly keyType?: string;
}

export interface Validator extends ValidatorEntry {
  readonly index: number;
  /** Lower-case hex of the public key, for maps and logs. */
  readonly publicKeyHex: string;
}

export class ValidatorSet {
  /** schedule[e] is the index of the winner of election e, for one full period. */
  private readonly schedule: Uint16Array;
  private readonly byKey: ReadonlyMap<string, number>;

  private constructor(
    readonly validators: readonly Validator[],
    readonly totalPower: number,
  ) {
    this.byKey = new Map(validators.map((v) => [v.publicKeyHex, v.index]));
    this.schedule = electionSchedule(validators.map((v) => v.power));
  }

  /**
   * Validates and orders the entries.
   * @throws TypeError for a wrong type, RangeError for an empty or oversized set, a duplicate
   *   key, or a power that is not a positive integer or makes the total exceed the maximum.
   */
  static create(entries: readonly ValidatorEntry[]): ValidatorSet {
    if (!Array.isArray(entries)) throw new TypeError("validators: expected an array");
    if (entries.length === 0 || entries.length > VALIDATORS_MAX) {
      throw new RangeError(`validators: expected 1–${VALIDATORS_MAX} entries`);
    }
    let total = 0;
    for (const entry of entries) {
      if (!(entry.publicKey instanceof Uint8Array)) {
        throw new TypeError("validators: publicKey must be a Uint8Array");
      }
      if (entry.publicKey.length === 0 || entry.publicKey.length > PUBLIC_KEY_BYTES_MAX) {
        throw new RangeError(`validators: publicKey must be 1–${PUBLIC_KEY_BYTES_MAX} bytes`);
      }
      if (!Number.isSafeInteger(entry.power) || entry.power <= 0) {
        throw new RangeError(`validators: power must be a positive integer, got ${entry.power}`);
      }
      total += entry.power;
    }
    if (total > VOTING_POWER_TOTAL_MAX) {
      throw new RangeError(
        `validators: total power ${total} exceeds ${VOTING_POWER_TOTAL_MAX}; scale the weights down`,
      );
    }
    const sorted = [...entries].sort((a, b) => compareBytes(a.publicKey, b.publicKey));
    for (let i = 1; i < sorted.length; i++) {
      if (compareBytes(sorted[i - 1]!.publicKey, sorted[i]!.publicKey) === 0) {
        throw new RangeError("validators: the same public key appears twice");
      }
    }
    const validators = sorted.map((entry, index): Validator => ({
      publicKey: entry.publicKey.slice(),
      power: entry.power,
      ...(entry.keyType === undefined ? {} : { keyType: entry.keyType }),
      index,
      publicKeyHex: bytesToHex(entry.publicKey),
    }));
    return new ValidatorSet(validators, total);
  }

  get size(): number {
    return this.validators.length;
  }

  at(index: number): Validator | undefined {
    return this.validators[index];
  }

  indexOf(publicKey: Uint8Array): number | undefined {
    return this.byKey.get(bytesToHex(publicKey));
  }

  /** "2f+1": strictly more than two thirds of the total power. */
  hasQuorum(power: number): boolean {
    return 3 * power > 2 * this.totalPower;
  }

  /** "f+1": strictly more than one third, so at least one honest validator is among them. */
  exceedsOneThird(power: number): boolean {
    return 3 * power > this.totalPower;
  }

  /** The index of proposer(h, r). Pure: every node computes the same answer. */
  proposer(height: Height, round: Round): number {
    assert(Number.isSafeInteger(height) && height >= 1, "proposer: height starts at 1");
    assert(Number.isSafeInteger(round) && round >= 0, "proposer: round is non-negative");
    return this.schedule[(height - 1 + round) % this.schedule.length]!;
  }
}

function electionSchedule(powers: readonly number[]): Uint16Array {
  const total = powers.reduce((a, b) => a + b, 0);
  const priorities = powers.map(() => 0);
  const schedule = new Uint16Array(total);
  for (let e = 0; e < total; e++) {
    let winner = 0;
    for (let i = 0; i < powers.length; i++) {
      priorities[i]! += powers[i]!;
      if (priorities[i]! > priorities[winner]!) winner = i;
    }
    priorities[winner]! -= total;
    schedule[e] = winner;
  }
  // The period closes: without this the lookup modulo `total` would not be the rotation.
  assert(
    priorities.every((p) => p === 0),
    "weighted round-robin did not return to its start",
  );
  return schedule;
}
