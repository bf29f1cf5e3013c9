/**
 * The remittances one confirm screen has signed, and the client id its next attempt uses.
 *
 * The ledger refuses a second transaction with the same signer and id while it remembers the
 * first (until that one's validUntil): `transaction_duplicate`. So the screen keeps one id for
 * the payment the person reviewed, and pressing Send again after a lost answer cannot pay twice
 * — at most one transaction with that id commits. The id changes only once the ledger has spent
 * it on a transaction that failed: the failure is final, the id stays remembered, and trying
 * again needs a new one. A refusal at admission, or a transaction that never made it into a
 * block, leaves the id unspent, and it is kept.
 */
/** A signed remittance, as the SDK's onSigned tells it: about to be submitted. */
export interface Submission {
  readonly hash: string;
  readonly id: string;
  /** The transaction's deadline in agreed time. */
  readonly validUntilMs: number;
}

export class RemitAttempts {
  private current: string;
  private readonly sent: Submission[] = [];

  constructor(private readonly newId: () => string) {
    this.current = newId();
  }

  /** The id the next attempt signs with. */
  get id(): string {
    return this.current;
  }

  /** Every transaction signed on this screen, oldest first. */
  get submissions(): readonly Submission[] {
    return this.sent;
  }

  signed(submission: Submission): void {
    this.sent.push(submission);
  }

  /** `hash` was committed with a failure code: its id is spent, the next attempt gets a new one. */
  failed(hash: string): void {
    const submission = this.sent.find((s) => s.hash === hash);
    if (submission?.id === this.current) this.current = this.newId();
  }

  /**
   * The submissions under `id` other than `hash`, newest first: one of them is what a
   * `transaction_duplicate` refusal found — whatever this screen was told of it at the time.
   */
  signedUnder(id: string, hash: string | undefined): Submission[] {
    return this.sent.filter((s) => s.id === id && s.hash !== hash).reverse();
  }

  /** Whether this screen signed anything other than `hash`. */
  sentBefore(hash: string): boolean {
    return this.sent.some((s) => s.hash !== hash);
  }
}
