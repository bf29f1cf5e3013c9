/**
 * The institution desk: have an account opened for a key that never leaves its owner. The
 * signer proves it holds the key (docs/spec/api.md, "The institution desk"); the institution
 * signs and submits the opening, and on a development network funds it with demo money.
 */
import {
  OPEN_ACCOUNT_PROOF_PURPOSE,
  openAccountProofPayload,
  routes,
  type DeskView,
  type OpenAccountAccepted,
} from "@tongbao/api";
import { KeyType, accountIdFromPublicKey } from "@tongbao/codec";
import { bytesToHex } from "@tongbao/std";
import type { Client } from "../client.ts";
import {
  InvalidParameterError,
  type AccountExistsError,
  type ApiError,
  type DeskNotEnabledError,
  type HttpRequestError,
} from "../errors.ts";
import type { Signer } from "../signer.ts";
import { request } from "../transport.ts";

export type GetDeskParameters = Record<string, never>;
/** The institution, the KYC tier of accounts opened here, and any demo funds. */
export type GetDeskReturnType = DeskView;
export type GetDeskErrorType = DeskNotEnabledError | ApiError | HttpRequestError;

/** @throws DeskNotEnabledError when this gateway's node runs no desk. */
export function getDesk(
  client: Client,
  _params: GetDeskParameters = {},
): Promise<GetDeskReturnType> {
  return request(client, routes.getDesk);
}

export interface OpenAccountParameters {
  /** The key the account will belong to; it signs the proof and nothing else here. */
  readonly signer: Signer;
  /** How the customer is called, for the institution's records (never on the ledger). */
  readonly name?: string;
}
/** Accepted: the account exists once `hash` is committed. */
export type OpenAccountReturnType = OpenAccountAccepted;
export type OpenAccountErrorType =
  AccountExistsError | DeskNotEnabledError | InvalidParameterError | ApiError | HttpRequestError;

/**
 * Asks this gateway's institution to open an account for the signer's key.
 * @example
 * const signer = nobleSigner(generateSecretKey());
 * const { account, hash } = await openAccount(client, { signer, name: "Wong Siu Ming" });
 * await waitForTransaction(client, { hash });
 * @throws AccountExistsError when the key already has an account (its id in `account`).
 */
export async function openAccount(
  client: Client,
  params: OpenAccountParameters,
): Promise<OpenAccountReturnType> {
  const { signer, name } = params;
  if (signer.type !== KeyType.Ed25519 && signer.type !== KeyType.P256) {
    throw new InvalidParameterError("signer", "its key type is neither Ed25519 nor P-256");
  }
  // Derives the id (and checks the key's length) before anything is sent.
  accountIdFromPublicKey(signer.type, signer.publicKey);
  const desk = await getDesk(client);
  const keyType = signer.type === KeyType.P256 ? "p256" : "ed25519";
  const publicKey = bytesToHex(signer.publicKey);
  const proof = await signer.sign({
    chainId: client.chainId,
    purpose: OPEN_ACCOUNT_PROOF_PURPOSE,
    payload: openAccountProofPayload({ keyType, publicKey, institution: desk.institution }),
  });
  return request(client, routes.openAccount, {
    body: {
      keyType,
      publicKey,
      proof: bytesToHex(proof),
      ...(name === undefined ? {} : { name }),
    },
  });
}
