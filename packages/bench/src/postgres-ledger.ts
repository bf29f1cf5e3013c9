/**
 * The peer: a central payments ledger in PostgreSQL, as an institution would build one without
 * a consortium. A balances table and a journal; each payment is one SERIALIZABLE transaction that
 * locks both balances, checks the payer's funds, debits, credits and journals it, and commits
 * durably. A serialization failure (40001) or deadlock (40P01) is retried, as the PostgreSQL
 * documentation requires of serializable clients.
 *
 * Built to be a strong peer, following PostgreSQL's advice for serializable workloads:
 * - one call of a PL/pgSQL function per payment (one round trip, a prepared statement), in its
 *   own transaction under default_transaction_isolation=serializable, set on every pooled
 *   connection; the function refuses to run under any other level, so it cannot be lost;
 * - rows found by primary key with index scans only (`enable_seqscan = off` on the function): a
 *   sequential scan takes a predicate lock on the whole table, and every concurrent payment
 *   would then fail as a false serialization conflict;
 * - balances with free space on each page (fillfactor 50), so an update stays a HOT update that
 *   writes no index entry — another source of false conflicts on shared index pages;
 * - both balances locked in account order, so opposite payments wait instead of deadlocking.
 * Conflicts that remain are real: two payments to one merchant's balance at once. Under
 * SERIALIZABLE the second fails when the first commits and is run again — the cost of a hot
 * merchant in a central database. Payment ids are the journal's primary key, so a repeated id is
 * refused (idempotency).
 *
 * It verifies no signatures: a central operator authenticates its clients at the connection,
 * not each payment — one of the things a consortium pays for.
 */
import pg from "pg";

export const SCHEMA_SQL = `
CREATE TABLE balances (
  account text NOT NULL,
  currency text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (account, currency)
) WITH (fillfactor = 50);
CREATE TABLE journal (
  payment_id text PRIMARY KEY,
  payer text NOT NULL,
  payee text NOT NULL,
  currency text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  committed_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION pay(p_id text, p_payer text, p_payee text, p_currency text, p_amount bigint)
RETURNS text LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  found_rows integer;
BEGIN
  IF current_setting('transaction_isolation') <> 'serializable' THEN
    RAISE EXCEPTION 'pay() must run in a SERIALIZABLE transaction, not %',
      current_setting('transaction_isolation');
  END IF;
  IF p_amount <= 0 OR p_payer = p_payee THEN
    RETURN 'invalid';
  END IF;
  -- Both balances locked in account order: A->B and B->A wait for each other, never deadlock.
  PERFORM 1 FROM balances
  WHERE account = least(p_payer, p_payee) AND currency = p_currency FOR UPDATE;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  PERFORM 1 FROM balances
  WHERE account = greatest(p_payer, p_payee) AND currency = p_currency FOR UPDATE;
  IF found_rows = 0 OR NOT FOUND THEN
    RETURN 'account_not_found';
  END IF;
  -- The balance check and the debit in one statement.
  UPDATE balances SET amount_minor = amount_minor - p_amount
  WHERE account = p_payer AND currency = p_currency AND amount_minor >= p_amount;
  IF NOT FOUND THEN
    RETURN 'insufficient_funds';
  END IF;
  UPDATE balances SET amount_minor = amount_minor + p_amount
  WHERE account = p_payee AND currency = p_currency;
  INSERT INTO journal (payment_id, payer, payee, currency, amount_minor)
  VALUES (p_id, p_payer, p_payee, p_currency, p_amount);
  RETURN 'ok';
END
$$;
`;

export interface PostgresConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

export interface Payment {
  readonly id: string;
  readonly payer: string;
  readonly payee: string;
  readonly currency: string;
  readonly amountMinor: bigint;
}

/** `ok`, or why the payment changed nothing: insufficient_funds, account_not_found, invalid. */
export type PayResult = string;

/** SQLSTATEs after which the same transaction may succeed when run again. */
const RETRYABLE = new Set(["40001", "40P01"]);

/** Attempts of one payment before it is given up as a serialization failure. */
export const PAY_ATTEMPTS_MAX = 100;

export class PostgresPaymentError extends Error {
  override name = "PostgresPaymentError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class PostgresLedger {
  private readonly pool: pg.Pool;
  /** Transactions run again after a serialization failure or deadlock. */
  retries = 0;

  constructor(connection: PostgresConnection, poolSize: number) {
    this.pool = new pg.Pool({
      ...connection,
      max: poolSize,
      // Every payment is its own serializable transaction (pay() checks it).
      options: "-c default_transaction_isolation=serializable",
    });
    // An idle client's error (the server stopping) must not crash the bench.
    this.pool.on("error", () => {});
  }

  /** Creates the schema afresh and funds `accounts` with `balanceMinor` of `currency` each. */
  async setup(accounts: readonly string[], currency: string, balanceMinor: bigint): Promise<void> {
    await this.pool.query("DROP TABLE IF EXISTS journal, balances; DROP FUNCTION IF EXISTS pay");
    await this.pool.query(SCHEMA_SQL);
    await this.pool.query(
      "INSERT INTO balances (account, currency, amount_minor) SELECT unnest($1::text[]), $2, $3",
      [accounts, currency, balanceMinor.toString()],
    );
    await this.pool.query("VACUUM ANALYZE balances");
  }

  /** Runs one payment to its durable commit, retrying serialization failures. */
  async pay(payment: Payment): Promise<PayResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.pool.query<{ pay: string }>({
          name: "pay",
          text: "SELECT pay($1, $2, $3, $4, $5)",
          values: [
            payment.id,
            payment.payer,
            payment.payee,
            payment.currency,
            payment.amountMinor.toString(),
          ],
        });
        return result.rows[0]!.pay;
      } catch (error) {
        const code = (error as { code?: string }).code ?? "unknown";
        if (RETRYABLE.has(code) && attempt < PAY_ATTEMPTS_MAX) {
          this.retries++;
          // A short random pause, growing with the attempts, so that the transactions that just
          // collided do not collide again at once.
          await new Promise((resolve) =>
            setTimeout(resolve, Math.random() * Math.min(attempt, 10)),
          );
          continue;
        }
        throw new PostgresPaymentError(
          code === "23505" ? "duplicate" : RETRYABLE.has(code) ? "serialization_failure" : code,
          (error as Error).message,
        );
      }
    }
  }

  /** One account's balance in minor units; undefined for an unknown account. */
  async balanceOf(account: string, currency: string): Promise<bigint | undefined> {
    const result = await this.pool.query<{ amount: string }>(
      "SELECT amount_minor::text AS amount FROM balances WHERE account = $1 AND currency = $2",
      [account, currency],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : BigInt(row.amount);
  }

  /** The sum of all balances of `currency` and the journal's rows: conservation checks. */
  async totals(currency: string): Promise<{ balanceMinor: bigint; journalRows: number }> {
    const sum = await this.pool.query<{ total: string }>(
      "SELECT coalesce(sum(amount_minor), 0)::text AS total FROM balances WHERE currency = $1",
      [currency],
    );
    const rows = await this.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM journal");
    return { balanceMinor: BigInt(sum.rows[0]!.total), journalRows: Number(rows.rows[0]!.n) };
  }

  /** The settings the peer's durability and isolation depend on, as the server reports them. */
  async settings(): Promise<Record<string, string>> {
    const names = [
      "server_version",
      "fsync",
      "synchronous_commit",
      "full_page_writes",
      "wal_sync_method",
      "default_transaction_isolation",
      "shared_buffers",
    ];
    const result = await this.pool.query<{ name: string; setting: string }>(
      "SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name",
      [names],
    );
    return Object.fromEntries(result.rows.map((r) => [r.name, r.setting]));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
