/**
 * Test helpers: transactions signed the way wallets sign them (crypto's domain-separated `sign`
 * with purpose "tx"), the real crypto Verifier behind the mempool's port with a call counter, and
 * a pool wired to a test ledger.
 *
 * The ledger fixtures' makeTx signs the bare body, which the ledger never checks; the mempool
 * does check, so every transaction here is re-signed under the chain's domain.
 */
import { Verifier, sign, type SigningKey } from "@tongbao/crypto";
import {
  KeyType,
  encodeSignedTransaction,
  toSignedTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import type { AccountId, Amount, CurrencyCode } from "@tongbao/types";
import {
  TestLedger,
  makeTx,
  testGenesis,
  type TestKey,
  type TxOptions,
} from "../../ledger/test/fixtures.ts";
import { Mempool, type LedgerView, type MempoolOptions } from "../src/index.ts";

export const CHAIN_ID = testGenesis().chainId;
export const HKD = "HKD" as CurrencyCode;

export function transfer(to: AccountId, amount: bigint): Operation {
  return { kind: "transfer", to, currency: HKD, amount: amount as Amount };
}

export function signingKey(key: TestKey): SigningKey {
  return { type: KeyType.Ed25519, keyObject: key.privateKey, publicKey: key.publicKey };
}

/** A transaction signed under CHAIN_ID with purpose "tx", as the node verifies it. */
export function signTx(
  signer: TestKey,
  operations: Operation[],
  options: TxOptions = {},
): SignedTransaction {
  const { tx, body } = makeTx(signer, operations, options);
  const signature = sign(signingKey(signer), { chainId: CHAIN_ID, purpose: "tx", payload: body });
  return toSignedTransaction(tx, body, signature);
}

/** The same body with another signature, e.g. one that does not verify. */
export function withSignature(signed: SignedTransaction, signature: Uint8Array): SignedTransaction {
  return toSignedTransaction(signed.tx, signed.body, signature);
}

export function encode(signed: SignedTransaction): Uint8Array {
  return encodeSignedTransaction(signed);
}

/** The node's wiring of the crypto Verifier, counting the calls that reach it. */
export function countingVerifier(chainId = CHAIN_ID) {
  const verifier = new Verifier();
  const port = {
    calls: 0,
    verifySignature(signed: SignedTransaction): boolean {
      port.calls++;
      return verifier.verify({
        chainId,
        purpose: "tx",
        payload: signed.body,
        keyType: signed.tx.keyType,
        publicKey: signed.tx.publicKey,
        signature: signed.signature,
      });
    },
  };
  return port;
}

export interface Harness {
  readonly ledger: TestLedger;
  readonly pool: Mempool;
  readonly verifier: ReturnType<typeof countingVerifier>;
  readonly admitted: SignedTransaction[];
  /** The committed state at the ledger's current time. */
  view(): LedgerView;
}

export function harness(options: Partial<MempoolOptions> = {}): Harness {
  const ledger = new TestLedger();
  const verifier = countingVerifier();
  const admitted: SignedTransaction[] = [];
  const pool = new Mempool(
    { chainId: CHAIN_ID, ...options },
    {
      verifySignature: (signed) => verifier.verifySignature(signed),
      onAdmitted: (signed) => admitted.push(signed),
    },
  );
  return {
    ledger,
    pool,
    verifier,
    admitted,
    view: () => ({ state: ledger.state, nowMs: ledger.nowMs }),
  };
}
