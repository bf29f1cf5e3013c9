/**
 * Test helpers: transactions signed the way wallets sign them (crypto's domain-separated `sign`
 * with purpose "tx"), the real crypto Verifier behind the mempool's port with a call counter, and
 * a pool wired to a test ledger.
 *
 * The ledger fixtures' makeTx signs the bare body, which the ledger never checks; the mempool
 * does check, so every transaction here is re-signed under the chain's domain.
 */
import { type SigningKey } from "@tongbao/crypto";
import { type Operation, type SignedTransaction } from "@tongbao/ledger";
import type { AccountId, CurrencyCode } from "@tongbao/types";
import { TestLedger, type TestKey, type TxOptions } from "../../ledger/test/fixtures.ts";
import { Mempool, type LedgerView, type MempoolOptions } from "../src/index.ts";
export declare const CHAIN_ID: string;
export declare const HKD: CurrencyCode;
export declare function transfer(to: AccountId, amount: bigint): Operation;
export declare function signingKey(key: TestKey): SigningKey;
/** A transaction signed under CHAIN_ID with purpose "tx", as the node verifies it. */
export declare function signTx(
  signer: TestKey,
  operations: Operation[],
  options?: TxOptions,
): SignedTransaction;
/** The same body with another signature, e.g. one that does not verify. */
export declare function withSignature(
  signed: SignedTransaction,
  signature: Uint8Array,
): SignedTransaction;
export declare function encode(signed: SignedTransaction): Uint8Array;
/** The node's wiring of the crypto Verifier, counting the calls that reach it. */
export declare function countingVerifier(chainId?: string): {
  calls: number;
  verifySignature(signed: SignedTransaction): boolean;
};
export interface Harness {
  readonly ledger: TestLedger;
  readonly pool: Mempool;
  readonly verifier: ReturnType<typeof countingVerifier>;
  readonly admitted: SignedTransaction[];
  /** The committed state at the ledger's current time. */
  view(): LedgerView;
}
export declare function harness(options?: Partial<MempoolOptions>): Harness;
