/**
 * Fixtures for runtime tests: a genesis with N validators (fresh Ed25519 node keys), optionally
 * observers run by a regulator, an HKD issuer and a few funded accounts, and signed transfers
 * between them.
 */
import {
  KeyType,
  generateKeyPair,
  sign,
  signingKeyFromPrivateKey,
  type KeyPair,
} from "@tongbao/crypto";
import {
  encodeSignedTransaction,
  encodeTransaction,
  toSignedTransaction,
  type Operation,
} from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import type { AccountId, Amount, ClientId, CurrencyCode, TimestampMs } from "@tongbao/types";
import { parseGenesis, type GenesisDocument, type NetworkGenesis } from "../src/index.ts";

export const CHAIN_ID = "tongbao-runtime-test";

export interface TestNetwork {
  readonly genesis: NetworkGenesis;
  readonly nodeKeys: readonly KeyPair[];
  /** The observers' node keys (genesis names them "observer-0", …, run by "regulator"). */
  readonly observerKeys: readonly KeyPair[];
  /** The regulator institution's key, when there are observers. */
  readonly regulator: KeyPair | undefined;
  readonly issuer: KeyPair;
  /** Funded with 1,000.00 HKD each. */
  readonly accounts: readonly KeyPair[];
}

export function testNetwork(
  validators: number,
  accounts = 4,
  options: { readonly observers?: number } = {},
): TestNetwork {
  const nodeKeys = Array.from({ length: validators }, () => generateKeyPair());
  const observerKeys = Array.from({ length: options.observers ?? 0 }, () => generateKeyPair());
  const regulator = observerKeys.length > 0 ? generateKeyPair() : undefined;
  const issuer = generateKeyPair();
  const funded = Array.from({ length: accounts }, () => generateKeyPair());
  const document: GenesisDocument = {
    version: 1,
    chainId: CHAIN_ID,
    genesisTimeMs: Date.now() - 1000,
    ledger: {
      institutions: [
        {
          id: "hk-bank",
          name: "HK Bank",
          roles: ["validator", "issuer"],
          keyType: "ed25519",
          publicKey: bytesToHex(issuer.publicKey),
          balances: { HKD: "1000000.00" },
        },
        ...(regulator === undefined
          ? []
          : [
              {
                id: "regulator",
                name: "Monetary Authority",
                roles: ["regulator" as const],
                keyType: "ed25519" as const,
                publicKey: bytesToHex(regulator.publicKey),
              },
            ]),
      ],
      currencies: [{ code: "HKD", minorUnits: 2, issuer: "hk-bank" }],
      accounts: funded.map((key) => ({
        keyType: "ed25519" as const,
        publicKey: bytesToHex(key.publicKey),
        institution: "hk-bank",
        kycTier: 2,
        balances: { HKD: "1000.00" },
      })),
    },
    validators: nodeKeys.map((key, i) => ({
      name: `node-${i}`,
      institution: "hk-bank",
      power: 1,
      publicKey: bytesToHex(key.publicKey),
      address: `127.0.0.1:${40000 + i}`,
    })),
    ...(observerKeys.length === 0
      ? {}
      : {
          observers: observerKeys.map((key, i) => ({
            name: `observer-${i}`,
            institution: "regulator",
            nodePublicKey: bytesToHex(key.publicKey),
            address: `127.0.0.1:${41000 + i}`,
          })),
        }),
  };
  return {
    genesis: parseGenesis(document),
    nodeKeys,
    observerKeys,
    regulator,
    issuer,
    accounts: funded,
  };
}

let idCounter = 0n;

/** An encoded signed HKD transfer with a fresh client id. */
export function transfer(
  from: KeyPair,
  to: AccountId,
  amountMinor: bigint,
  options: { id?: ClientId; validUntilMs?: number } = {},
): Uint8Array {
  idCounter++;
  const operations: Operation[] = [
    { kind: "transfer", to, currency: "HKD" as CurrencyCode, amount: amountMinor as Amount },
  ];
  const tx = {
    version: 1,
    keyType: KeyType.Ed25519,
    publicKey: from.publicKey,
    id:
      options.id ??
      ((process.pid.toString(16) + idCounter.toString(16)).padStart(32, "0") as ClientId),
    validUntilMs: (options.validUntilMs ?? Date.now() + 3_600_000) as TimestampMs,
    operations,
  };
  const body = encodeTransaction(tx);
  const signature = sign(signingKeyFromPrivateKey(from.privateKey), {
    chainId: CHAIN_ID,
    purpose: "tx",
    payload: body,
  });
  return encodeSignedTransaction(toSignedTransaction(tx, body, signature));
}

/** Polls `condition` until it holds; fails only if it never does within `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
