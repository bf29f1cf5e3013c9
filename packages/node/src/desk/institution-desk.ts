/**
 * The institution desk (docs/spec/api.md, "The institution desk"): opens accounts for keys that
 * stay with their owners. The caller proves it holds the key; the institution signer signs one
 * transaction — open_account and, on a development network, demo money (issued when the
 * institution issues the currency, else paid from its own account) linked to it — and the desk
 * submits it through the gateway's own admission, as any client's transaction.
 *
 * Opening a key twice cannot happen: the transaction's id is derived from the key, and its
 * deadline is rounded to a window, so a repeated request signs the same body (the same hash,
 * answered `known` by the mempool); the desk also remembers recent openings and answers a repeat
 * with the first answer. Once the account exists the answer is account_exists.
 */
import {
  OPEN_ACCOUNT_PROOF_PURPOSE,
  ServiceError,
  openAccountProofPayload,
  type ApiServices,
  type DeskServices,
  type DeskView,
  type MerchantCodeBody,
  type MerchantCodeView,
  type MerchantProfileView,
  type Money,
  type OpenAccountAccepted,
  type OpenAccountBody,
  type QuoteRequest,
  type QuoteView,
  type RegisterMerchantBody,
} from "@tongbao/api";
import { randomBytes } from "node:crypto";
import { KeyType, PUBLIC_KEY_BYTES, accountIdFromPublicKey, taggedHash } from "@tongbao/codec";
import { verify } from "@tongbao/crypto";
import type { GenesisConfig, Operation } from "@tongbao/ledger";
import { assert, bytesToHex, hexToBytes } from "@tongbao/std";
import {
  formatAmount,
  parseAmount,
  type AccountId,
  type Amount,
  type ClientId,
  type CurrencyCode,
} from "@tongbao/types";
import type { InstitutionSigner } from "./institution-signer.ts";
import { MerchantDesk } from "./merchant-desk.ts";
import { QuoteDesk, type QuoteDeskServices } from "./quote-desk.ts";
import { MerchantRegister } from "./merchant-register.ts";

/** KYC tier of accounts opened at the desk: basic, as the customer's identity is not checked. */
export const DESK_KYC_TIER = 1;

/**
 * How long an opening may wait for a block. Deadlines are rounded up to a multiple of this, so
 * requests within one window sign the same transaction.
 */
export const DESK_VALIDITY_WINDOW_MS = 10 * 60 * 1000;

/** Recent openings remembered to answer repeats; the oldest is forgotten first. */
export const DESK_RECENT_OPENINGS_MAX = 1_000;

const OPENING_ID_TAG = "tongbao/desk-open";

export interface InstitutionDeskOptions {
  /** What each new account receives (development networks only): e.g. 1000.00 HKD. */
  readonly demoFunds?: Money;
}

export interface InstitutionDeskPorts {
  readonly signer: InstitutionSigner;
  /**
   * The gateway's services: committed accounts, admission like any client's, and for firm
   * quotes the offers and the quotes the ledger holds.
   */
  readonly services: QuoteDeskServices;
  readonly genesis: GenesisConfig;
  /** Wall-clock milliseconds: transaction deadlines. */
  readonly nowMs: () => number;
  readonly log?: (fields: Record<string, unknown>, message: string) => void;
  /** The institution's merchants; default: an empty register in memory. */
  readonly merchants?: MerchantRegister;
  /** A fresh one-time reference for a dynamic code; default: 15 random bytes as base64url. */
  readonly newReference?: () => string;
}

/** 120 random bits as 20 base64url characters: a dynamic code's one-time reference. */
function randomReference(): string {
  return randomBytes(15).toString("base64url");
}

interface DemoFunds {
  readonly money: Money;
  readonly currency: CurrencyCode;
  readonly amountMinor: Amount;
  readonly minorUnits: number;
  /** The institution issues this currency: funding is an issue, not a transfer. */
  readonly issued: boolean;
}

interface Opening {
  readonly answer: OpenAccountAccepted;
  readonly validUntilMs: number;
}

export class InstitutionDesk implements DeskServices {
  private readonly demoFunds: DemoFunds | undefined;
  /** Account id → the answer given, while its transaction may still be committed. */
  private readonly recent = new Map<string, Opening>();
  private readonly merchants: MerchantDesk;
  private readonly quotes: QuoteDesk;

  constructor(
    options: InstitutionDeskOptions,
    private readonly ports: InstitutionDeskPorts,
  ) {
    assert(ports.signer.chainId === ports.genesis.chainId, "desk and signer of one chain");
    this.demoFunds =
      options.demoFunds === undefined ? undefined : this.checkDemoFunds(options.demoFunds);
    this.merchants = new MerchantDesk({
      signer: ports.signer,
      services: ports.services,
      genesis: ports.genesis,
      merchants: ports.merchants ?? MerchantRegister.inMemory(),
      nowMs: ports.nowMs,
      newReference: ports.newReference ?? randomReference,
      ...(ports.log === undefined ? {} : { log: ports.log }),
    });
    this.quotes = new QuoteDesk({
      signer: ports.signer,
      services: ports.services,
      genesis: ports.genesis,
      nowMs: ports.nowMs,
      newClientId: () => randomBytes(16).toString("hex") as ClientId,
      ...(ports.log === undefined ? {} : { log: ports.log }),
    });
  }

  firmQuote(request: QuoteRequest & { readonly payer: string }): Promise<QuoteView> {
    return this.quotes.firmQuote(request);
  }

  async merchantProfile(account: string): Promise<MerchantProfileView> {
    return this.merchants.merchantProfile(account);
  }

  registerMerchant(request: RegisterMerchantBody): Promise<MerchantProfileView> {
    return this.merchants.registerMerchant(request);
  }

  createMerchantCode(request: MerchantCodeBody): Promise<MerchantCodeView> {
    return this.merchants.createMerchantCode(request);
  }

  /** @throws RangeError for a currency the chain lacks or an amount it cannot hold. */
  private checkDemoFunds(money: Money): DemoFunds {
    const currency = this.ports.genesis.currencies.find((c) => c.code === money.currency);
    if (currency === undefined) {
      const known = this.ports.genesis.currencies.map((c) => c.code).join(", ");
      throw new RangeError(
        `demo funds: ${this.ports.genesis.chainId} has no currency ${money.currency} (it has ${known})`,
      );
    }
    const amountMinor = parseAmount(money.amount, currency.minorUnits, "demo funds");
    if (amountMinor === 0n) throw new RangeError("demo funds: the amount must be more than zero");
    return {
      money: { amount: formatAmount(amountMinor, currency.minorUnits), currency: currency.code },
      currency: currency.code as CurrencyCode,
      amountMinor,
      minorUnits: currency.minorUnits,
      issued: this.ports.signer.institution.issues.includes(currency.code),
    };
  }

  info(): DeskView {
    const { institution } = this.ports.signer;
    return {
      institution: institution.id,
      name: institution.name,
      kycTier: DESK_KYC_TIER,
      ...(this.demoFunds === undefined ? {} : { demoFunds: this.demoFunds.money }),
    };
  }

  async openAccount(request: OpenAccountBody): Promise<OpenAccountAccepted> {
    const keyType = request.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519;
    const publicKey = hexToBytes(request.publicKey);
    if (publicKey.length !== PUBLIC_KEY_BYTES[keyType]) {
      throw new ServiceError(
        "invalid_request",
        `body.publicKey: a ${request.keyType} key is ${PUBLIC_KEY_BYTES[keyType]} bytes (${2 * PUBLIC_KEY_BYTES[keyType]} hex characters), got ${publicKey.length}`,
        { location: "body", field: "body.publicKey" },
      );
    }
    this.checkProof(request, keyType, publicKey);
    const account = accountIdFromPublicKey(keyType, publicKey);
    const nowMs = this.ports.nowMs();
    this.forgetExpired(nowMs);
    const repeat = this.recent.get(account);
    if (repeat !== undefined) return repeat.answer;
    if ((await this.ports.services.account(account)) !== undefined) {
      throw new ServiceError(
        "account_exists",
        `an account for this key exists already (${account}); use it, or register another key`,
        { account },
      );
    }

    const funding = await this.funding();
    const operations: Operation[] = [
      { kind: "open_account", keyType, publicKey, kycTier: DESK_KYC_TIER },
    ];
    if (funding !== undefined) {
      operations.push(
        funding.issued
          ? { kind: "issue", currency: funding.currency, to: account, amount: funding.amountMinor }
          : {
              kind: "transfer",
              to: account,
              currency: funding.currency,
              amount: funding.amountMinor,
            },
      );
    }
    const validUntilMs = Math.ceil((nowMs + 1) / DESK_VALIDITY_WINDOW_MS) * DESK_VALIDITY_WINDOW_MS;
    const signed = this.ports.signer.signTransaction(operations, {
      id: openingId(keyType, publicKey),
      // At least half a window ahead, at most a window and a half: rounding keeps it in range.
      validUntilMs: validUntilMs + DESK_VALIDITY_WINDOW_MS / 2,
    });
    const [result] = await this.ports.services.submitTransactions([signed.bytes]);
    assert(result !== undefined, "one result per submitted transaction");
    if (result.status !== "accepted" && result.status !== "known") {
      throw this.refusal(result, account);
    }
    const { institution } = this.ports.signer;
    const answer: OpenAccountAccepted = {
      status: "accepted",
      account,
      institution: institution.id,
      kycTier: DESK_KYC_TIER,
      hash: signed.hash,
      ...(funding === undefined ? {} : { funding: funding.money }),
      message:
        `${institution.name} is opening account ${account}` +
        (request.name === undefined ? "" : ` for ${request.name}`) +
        (funding === undefined
          ? this.demoFunds === undefined
            ? ""
            : `; it has too little ${this.demoFunds.currency} left to fund it`
          : ` with ${funding.money.amount} ${funding.money.currency} of demo money`) +
        "; the account exists once the transaction is committed (follow the account, or GET /v1/transactions/" +
        signed.hash +
        ")",
    };
    this.remember(account, { answer, validUntilMs: validUntilMs + DESK_VALIDITY_WINDOW_MS / 2 });
    // The name stays out of the log: it is the customer's, for the institution's records.
    this.ports.log?.({ account, hash: signed.hash, funded: funding !== undefined }, "desk opening");
    return answer;
  }

  /** Throws proof_invalid unless the proof is the key's signature over this desk's request. */
  private checkProof(request: OpenAccountBody, keyType: KeyType, publicKey: Uint8Array): void {
    const valid = verify({
      keyType,
      publicKey,
      signature: hexToBytes(request.proof),
      chainId: this.ports.genesis.chainId,
      purpose: OPEN_ACCOUNT_PROOF_PURPOSE,
      payload: openAccountProofPayload({
        keyType: request.keyType,
        publicKey: request.publicKey,
        institution: this.ports.signer.institution.id,
      }),
    });
    if (!valid) {
      throw new ServiceError(
        "proof_invalid",
        `the proof is not this key's signature (purpose "${OPEN_ACCOUNT_PROOF_PURPOSE}", chain ${this.ports.genesis.chainId}) over "${request.keyType}:<publicKey>:${this.ports.signer.institution.id}", or the key is not a valid ${request.keyType} key; sign the request with the key being registered`,
      );
    }
  }

  /** The demo money the institution can give now; undefined without demo funds or the means. */
  private async funding(): Promise<DemoFunds | undefined> {
    const funds = this.demoFunds;
    if (funds === undefined || funds.issued) return funds;
    const own = await this.ports.services.account(this.ports.signer.institution.accountId);
    const balance = own?.balances.find((b) => b.currency === funds.currency)?.amount;
    const available = balance === undefined ? 0n : parseAmount(balance, funds.minorUnits);
    // The institution's own account pays no fee to itself, so the amount is all it needs.
    return available >= funds.amountMinor ? funds : undefined;
  }

  private refusal(
    result: Exclude<
      Awaited<ReturnType<ApiServices["submitTransactions"]>>[number],
      { status: "accepted" | "known" }
    >,
    account: AccountId,
  ): ServiceError {
    switch (result.status) {
      case "committed":
        // The same opening was committed (and its account would exist) or failed for good.
        return new ServiceError(
          "account_exists",
          `this key's opening was committed in block ${result.height} (${result.codeName}); look up account ${account}`,
          { account, hash: result.hash },
        );
      case "busy":
      case "retry":
        return new ServiceError(result.error.code as never, result.error.message, {
          ...result.error.details,
          retryAfterMs: result.retryAfterMs,
        });
      case "rejected":
        if (result.error.code === "transaction_duplicate") {
          return new ServiceError(
            "account_exists",
            `an opening for this key is already on its way; follow account ${account}`,
            { account },
          );
        }
        // The desk built this transaction itself: any other refusal is a bug, not bad input.
        throw new Error(`the desk's own transaction was refused: ${result.error.code}`);
    }
  }

  private remember(account: string, opening: Opening): void {
    this.recent.set(account, opening);
    if (this.recent.size > DESK_RECENT_OPENINGS_MAX) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  private forgetExpired(nowMs: number): void {
    for (const [account, opening] of this.recent) {
      if (opening.validUntilMs >= nowMs) break;
      this.recent.delete(account);
    }
  }
}

/** The opening transaction's id: derived from the key, so one key has one opening. */
function openingId(keyType: KeyType, publicKey: Uint8Array): ClientId {
  const input = new Uint8Array(1 + publicKey.length);
  input[0] = keyType;
  input.set(publicKey, 1);
  const id = taggedHash(OPENING_ID_TAG, input).subarray(0, 16);
  assert(
    id.some((b) => b !== 0),
    "a zero id would be refused; a hash is never all zeros in practice",
  );
  return bytesToHex(id) as ClientId;
}
