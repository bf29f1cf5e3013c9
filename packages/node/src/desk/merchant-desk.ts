/**
 * The merchants' side of an institution's desk (docs/spec/api.md, "Merchants and their QR
 * codes"): a merchant registers the name, city and category its codes carry, and asks for codes —
 * a static one for the counter, or a dynamic one per sale — which the institution builds from its
 * own profile of the merchant and signs with its key (purpose "qr").
 *
 * Every request names an account and is signed by that account's key (the proof), at a time
 * within a few minutes of the desk's clock. The account must be this institution's and not
 * frozen: an institution vouches only for its own customers, and a frozen account may not be
 * paid anyway. A dynamic code's one-time reference is fresh randomness, never the caller's, so a
 * code cannot be made to collide with another sale's.
 */
import {
  MERCHANT_CODE_PROOF_PURPOSE,
  MERCHANT_PROFILE_PROOF_PURPOSE,
  ServiceError,
  merchantCodeProofPayload,
  merchantProfileProofPayload,
  limits,
  type AccountView,
  type ApiServices,
  type MerchantCodeBody,
  type MerchantCodeView,
  type MerchantProfileView,
  type RegisterMerchantBody,
} from "@tongbao/api";
import { KeyType } from "@tongbao/codec";
import { verify } from "@tongbao/crypto";
import { DYNAMIC_VALIDITY_MS_MAX, currencyByCode } from "@tongbao/emvqr";
import type { GenesisConfig } from "@tongbao/ledger";
import { assert, hexToBytes } from "@tongbao/std";
import { formatAmount, parseAmount } from "@tongbao/types";
import type { InstitutionSigner } from "./institution-signer.ts";
import { issueMerchantCode } from "./merchant-code.ts";
import {
  MERCHANTS_REGISTERED_MAX,
  merchantProfileProblem,
  merchantProfileView,
  type MerchantProfile,
  type MerchantRegister,
} from "./merchant-register.ts";

// The API states the longest validity without importing emvqr; both must be the ledger's memory
// of a paid reference.
assert(
  limits.MERCHANT_CODE_VALIDITY_MS_MAX === DYNAMIC_VALIDITY_MS_MAX,
  "api and emvqr disagree on how long a dynamic code may be valid",
);

export interface MerchantDeskPorts {
  readonly signer: InstitutionSigner;
  readonly services: Pick<ApiServices, "account">;
  readonly genesis: GenesisConfig;
  readonly merchants: MerchantRegister;
  /** Wall-clock milliseconds: request times and code expiries. */
  readonly nowMs: () => number;
  /** A fresh one-time reference: 1–25 of A–Z a–z 0–9 . _ - (docs/spec/qr.md §3). */
  readonly newReference: () => string;
  readonly log?: (fields: Record<string, unknown>, message: string) => void;
}

export class MerchantDesk {
  constructor(private readonly ports: MerchantDeskPorts) {}

  merchantProfile(account: string): MerchantProfileView {
    return merchantProfileView(this.profileOf(account), this.institution);
  }

  async registerMerchant(request: RegisterMerchantBody): Promise<MerchantProfileView> {
    const { proof, ...fields } = request;
    const requestedAtMs = await this.checkRequest(
      request.account,
      request.requestedAt,
      proof,
      MERCHANT_PROFILE_PROOF_PURPOSE,
      merchantProfileProofPayload(fields, this.institution),
    );
    const profile: MerchantProfile = {
      account: request.account,
      name: request.name,
      city: request.city,
      mcc: request.mcc,
      ...(request.alternateLanguage === undefined
        ? {}
        : { alternateLanguage: request.alternateLanguage }),
      updatedAt: new Date(requestedAtMs).toISOString(),
    };
    const problem = merchantProfileProblem(profile);
    if (problem !== undefined) {
      throw new ServiceError("invalid_request", `body: ${problem}`, { location: "body" });
    }
    const current = this.ports.merchants.get(request.account)?.updatedAt;
    if (current !== undefined && Date.parse(current) >= requestedAtMs) {
      // An older request arriving late (or replayed) must not undo a newer registration.
      throw new ServiceError(
        "request_stale",
        `the profile was registered at ${current}, after this request (${request.requestedAt}); sign a new request`,
        { skewMs: 0 },
      );
    }
    if (!this.ports.merchants.hasRoomFor(request.account)) {
      throw new ServiceError(
        "merchant_register_full",
        `${this.ports.signer.institution.name}'s desk knows ${MERCHANTS_REGISTERED_MAX} merchants, as many as it keeps; ask the institution`,
      );
    }
    await this.ports.merchants.put(profile);
    // The shop's name is public (it is printed in its codes); the log keeps the account only.
    this.ports.log?.({ account: request.account }, "merchant registered");
    return merchantProfileView(profile, this.institution);
  }

  async createMerchantCode(request: MerchantCodeBody): Promise<MerchantCodeView> {
    const { proof, ...fields } = request;
    await this.checkRequest(
      request.account,
      request.requestedAt,
      proof,
      MERCHANT_CODE_PROOF_PURPOSE,
      merchantCodeProofPayload(fields, this.institution),
    );
    const profile = this.profileOf(request.account);
    const currency = this.currencyOf(request.currency);
    if (request.amount === undefined && request.expiresInMs !== undefined) {
      throw new ServiceError(
        "invalid_request",
        "body.expiresInMs: a static code (no amount) never expires; give an amount for a dynamic code, or leave expiresInMs out",
        { location: "body", field: "body.expiresInMs" },
      );
    }
    const amount =
      request.amount === undefined ? undefined : this.amountOf(request.amount, currency);
    const dynamic =
      amount === undefined
        ? {}
        : {
            amount,
            reference: this.ports.newReference(),
            validityMs: request.expiresInMs ?? limits.MERCHANT_CODE_VALIDITY_MS_DEFAULT,
          };
    const issued = issueMerchantCode(this.ports.signer, {
      profile,
      currency: currency.code,
      nowMs: this.ports.nowMs(),
      ...dynamic,
    });
    if (!issued.ok) {
      throw new ServiceError(
        "invalid_request",
        `this code cannot be made: ${issued.error.message}`,
        {
          location: "body",
        },
      );
    }
    return issued.value;
  }

  private get institution(): string {
    return this.ports.signer.institution.id;
  }

  private profileOf(account: string): MerchantProfile {
    const profile = this.ports.merchants.get(account);
    if (profile === undefined) {
      throw new ServiceError(
        "merchant_not_registered",
        `${this.ports.signer.institution.name} knows no merchant with account ${account}; register its name, city and category first (POST /v1/desk/merchants)`,
        { account },
      );
    }
    return profile;
  }

  /** The chain's currency, if a Tongbao code can carry it (docs/spec/qr.md §5). */
  private currencyOf(code: string): { code: string; minorUnits: number } {
    const currency = this.ports.genesis.currencies.find((c) => c.code === code);
    if (currency === undefined) {
      const known = this.ports.genesis.currencies.map((c) => c.code).join(", ");
      throw new ServiceError(
        "currency_not_found",
        `this chain has no currency ${code} (it has ${known})`,
        { currency: code },
      );
    }
    if (currencyByCode(code) === undefined) {
      throw new ServiceError(
        "invalid_request",
        `body.currency: Tongbao QR codes do not carry ${code} yet (docs/spec/qr.md §5)`,
        { location: "body", field: "body.currency" },
      );
    }
    return currency;
  }

  private amountOf(text: string, currency: { code: string; minorUnits: number }): string {
    let minor: bigint;
    try {
      minor = parseAmount(text, currency.minorUnits, "amount");
    } catch (error) {
      throw new ServiceError(
        "invalid_request",
        `body.amount: ${(error as Error).message.replace(/^amount: /, "")}`,
        { location: "body", field: "body.amount" },
      );
    }
    if (minor === 0n) {
      throw new ServiceError("invalid_request", "body.amount: a sale is for more than zero", {
        location: "body",
        field: "body.amount",
      });
    }
    return formatAmount(minor, currency.minorUnits);
  }

  /**
   * Checks that the request is recent, that the account is this institution's and not frozen,
   * and that its key signed the request. Returns the request's time in ms.
   */
  private async checkRequest(
    account: string,
    requestedAt: string,
    proof: string,
    purpose: string,
    payload: Uint8Array,
  ): Promise<number> {
    const requestedAtMs = Date.parse(requestedAt);
    const skewMs = requestedAtMs - this.ports.nowMs();
    if (!Number.isFinite(requestedAtMs) || Math.abs(skewMs) > limits.DESK_REQUEST_SKEW_MS_MAX) {
      throw new ServiceError(
        "request_stale",
        `body.requestedAt ${requestedAt} is ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs < 0 ? "behind" : "ahead of"} the desk's clock, more than ${limits.DESK_REQUEST_SKEW_MS_MAX / 60_000} minutes; check this device's clock and sign the request again`,
        { skewMs: Number.isFinite(skewMs) ? skewMs : null },
      );
    }
    const view = await this.ports.services.account(account);
    if (view === undefined) {
      throw new ServiceError(
        "account_not_found",
        `no account ${account} exists; open it at ${this.ports.signer.institution.name}'s desk first`,
        { account },
      );
    }
    this.checkProof(view, proof, purpose, payload);
    if (view.institution !== this.institution) {
      throw new ServiceError(
        "account_other_institution",
        `account ${account} belongs to ${view.institution}, not ${this.institution}; its codes are signed by ${view.institution}'s desk`,
        { account, institution: view.institution },
      );
    }
    if (view.frozen) {
      throw new ServiceError(
        "account_frozen",
        `account ${account} is frozen; ${this.ports.signer.institution.name} makes no payment codes for it`,
        { account },
      );
    }
    return requestedAtMs;
  }

  private checkProof(view: AccountView, proof: string, purpose: string, payload: Uint8Array) {
    const valid = verify({
      keyType: view.keyType === "p256" ? KeyType.P256 : KeyType.Ed25519,
      publicKey: hexToBytes(view.publicKey),
      signature: hexToBytes(proof),
      chainId: this.ports.genesis.chainId,
      purpose,
      payload,
    });
    if (!valid) {
      throw new ServiceError(
        "proof_invalid",
        `the proof is not account ${view.id}'s signature (purpose "${purpose}", chain ${this.ports.genesis.chainId}) over this request for ${this.institution}; sign the request with the merchant account's key`,
      );
    }
  }
}
