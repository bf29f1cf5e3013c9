/**
 * The institution signer: the one place a gateway holds its institution's private key, and the
 * only code that signs with it. The desk asks it to sign account openings and its merchants' QR
 * codes (purpose "qr"). Keeping the key behind this small interface means it
 * could move to another process or an HSM without its callers changing.
 *
 * It signs only for its own chain, and only transactions whose signer is the institution.
 */
import { KeyType, accountIdFromPublicKey, sign, type SigningKey } from "@tongbao/crypto";
import {
  encodeTransaction,
  transactionHash,
  type GenesisConfig,
  type Operation,
  type Transaction,
} from "@tongbao/ledger";
import { assert, bytesToHex } from "@tongbao/std";
import type { AccountId, ClientId, Hash, TimestampMs } from "@tongbao/types";

export interface InstitutionInfo {
  readonly id: string;
  readonly name: string;
  /** The institution's own account: it signs the institution's transactions. */
  readonly accountId: AccountId;
  /** Currencies this institution issues. */
  readonly issues: readonly string[];
}

export interface SignedInstitutionTransaction {
  /** body ‖ signature, as submitted. */
  readonly bytes: Uint8Array;
  readonly hash: Hash;
}

export class InstitutionSigner {
  readonly institution: InstitutionInfo;

  private constructor(
    readonly chainId: string,
    institution: InstitutionInfo,
    private readonly key: SigningKey,
  ) {
    this.institution = institution;
  }

  /** The type of the institution's key: a QR code's signature template names it. */
  get keyType(): KeyType {
    return this.key.type;
  }

  /**
   * The signer of the genesis institution whose key `key` is.
   * @throws RangeError when no institution of this chain has the key.
   */
  static fromGenesis(genesis: GenesisConfig, key: SigningKey): InstitutionSigner {
    const publicKey = bytesToHex(key.publicKey);
    const keyType = key.type === KeyType.P256 ? "p256" : "ed25519";
    const entry = genesis.institutions.find(
      (i) => i.publicKey === publicKey && i.keyType === keyType,
    );
    if (entry === undefined) {
      throw new RangeError(
        `institution key: no institution of ${genesis.chainId} has the public key ${publicKey}; configure the key file of this node's institution`,
      );
    }
    return new InstitutionSigner(
      genesis.chainId,
      {
        id: entry.id,
        name: entry.name,
        accountId: accountIdFromPublicKey(key.type, key.publicKey),
        issues: genesis.currencies.filter((c) => c.issuer === entry.id).map((c) => c.code),
      },
      key,
    );
  }

  /** Signs `operations` as one linked transaction of the institution, purpose "tx". */
  signTransaction(
    operations: readonly Operation[],
    options: { readonly id: ClientId; readonly validUntilMs: number },
  ): SignedInstitutionTransaction {
    assert(operations.length > 0, "a transaction has operations");
    const transaction: Transaction = {
      version: 1,
      keyType: this.key.type,
      publicKey: this.key.publicKey,
      id: options.id,
      validUntilMs: options.validUntilMs as TimestampMs,
      operations,
    };
    const body = encodeTransaction(transaction);
    const signature = sign(this.key, { chainId: this.chainId, purpose: "tx", payload: body });
    const bytes = new Uint8Array(body.length + signature.length);
    bytes.set(body, 0);
    bytes.set(signature, body.length);
    return { bytes, hash: transactionHash(body) };
  }

  /**
   * Signs a payload for another purpose than transactions — a merchant's QR code ("qr") — under
   * this chain's id, so it can be checked against the institution's key in genesis.
   */
  signPayload(purpose: string, payload: Uint8Array): Uint8Array {
    assert(purpose !== "tx", "transactions are signed with signTransaction");
    return sign(this.key, { chainId: this.chainId, purpose, payload });
  }
}
