/**
 * The gateway's travel-rule routes over the node's relay: uploads are checked and stored as
 * ciphertext; reads are for the node's operator, decrypted with the private key of the node's
 * institution and checked against the hash they are stored under.
 */
import {
  limits as apiLimits,
  ServiceError,
  type TravelRuleServices,
  type TravelRuleStoredView,
  type TravelRuleUploadBody,
  type TravelRuleView,
} from "@tongbao/api";
import { assert } from "@tongbao/std";
import type { Hash, InstitutionId } from "@tongbao/types";
import {
  ENVELOPE_CHARS_MAX,
  TravelRuleError,
  decodeEnvelope,
  decryptTravelRule,
  travelRuleHash,
} from "@tongbao/travel-rule";
import { EnvelopeConflictError, EnvelopeStoreFullError } from "./envelope-book.ts";
import { EnvelopeRefusedError } from "./envelope-check.ts";
import { operatorTokenMatches } from "./operator-token.ts";
import type { TravelRuleRelay } from "./relay.ts";

assert(
  apiLimits.TRAVEL_RULE_ENVELOPE_CHARS_MAX === ENVELOPE_CHARS_MAX,
  "the API's envelope limit is the travel-rule package's",
);

export interface TravelRuleGatewayOptions {
  /** The institution the node belongs to. */
  readonly institution: string;
  /** Its X25519 travel-rule private key; absent: this node decrypts nothing. */
  readonly privateKey?: Uint8Array;
  /** The operator's bearer token; absent: nobody reads here. */
  readonly operatorToken?: string;
}

export class NodeTravelRuleServices implements TravelRuleServices {
  constructor(
    private readonly relay: TravelRuleRelay,
    private readonly options: TravelRuleGatewayOptions,
  ) {}

  async upload(body: TravelRuleUploadBody): Promise<TravelRuleStoredView> {
    try {
      return { hash: body.hash, status: this.relay.publish(body.hash, body.envelope) };
    } catch (error) {
      if (error instanceof EnvelopeRefusedError) {
        throw new ServiceError("envelope_invalid", error.message, { hash: body.hash });
      }
      if (error instanceof EnvelopeConflictError) {
        throw new ServiceError("envelope_conflict", error.message, { hash: body.hash });
      }
      if (error instanceof EnvelopeStoreFullError) {
        throw new ServiceError("envelope_store_full", error.message);
      }
      throw error;
    }
  }

  async read(hash: string, operatorToken: string | undefined): Promise<TravelRuleView> {
    this.authorize(operatorToken);
    const text = await this.relay.find(hash);
    if (text === undefined) {
      throw new ServiceError(
        "travel_rule_not_found",
        `no envelope is stored under ${hash} here or at the connected peers; the sender uploads it (POST /v1/travel-rule) before its payment — retry shortly if the payment is new`,
        { hash },
      );
    }
    const envelope = decodeEnvelope(text); // Checked when stored.
    const recipients: string[] = envelope.recipients.map((r) => r.institution);
    const { institution, privateKey } = this.options;
    if (!recipients.includes(institution)) {
      throw notARecipient(
        `the envelope is encrypted to ${recipients.join(", ")}, not to ${institution}; read it at a recipient's gateway`,
        recipients,
      );
    }
    if (privateKey === undefined) {
      throw notARecipient(
        `this node holds no travel-rule private key of ${institution} (travelRuleKey in its node.json), so it cannot decrypt`,
        recipients,
      );
    }
    try {
      const decrypted = await decryptTravelRule({
        envelope: text,
        institution: institution as InstitutionId,
        privateKey,
        payment: {
          chainId: envelope.chainId,
          paymentId: envelope.paymentId,
          dataHash: hash as Hash,
        },
      });
      // decryptTravelRule compares the commitment already; the public definition is checked too.
      if (travelRuleHash(decrypted.data, decrypted.salt) !== hash) {
        throw new TravelRuleError("hash_mismatch", "the decrypted data does not hash to it");
      }
      return {
        hash,
        paymentId: envelope.paymentId,
        recipients,
        data: decrypted.data as unknown as Record<string, unknown>,
      };
    } catch (error) {
      if (!(error instanceof TravelRuleError)) throw error;
      if (error.code === "not_a_recipient") throw notARecipient(error.message, recipients);
      throw new ServiceError(
        "envelope_hash_mismatch",
        `the envelope does not match its hash: ${error.message}`,
        { hash, reason: error.code },
      );
    }
  }

  private authorize(presented: string | undefined): void {
    const expected = this.options.operatorToken;
    if (expected === undefined) {
      throw new ServiceError(
        "operator_token_required",
        "this node has no operator token configured (operatorTokenFile in its node.json), so nobody may read travel-rule data here",
      );
    }
    if (presented === undefined) {
      throw new ServiceError(
        "operator_token_required",
        "reading travel-rule data needs this node's operator token: send Authorization: Bearer <token>",
      );
    }
    if (!operatorTokenMatches(expected, presented)) {
      throw new ServiceError(
        "operator_token_required",
        "the bearer token is not this node's operator token; use the token file of this node",
      );
    }
  }
}

function notARecipient(message: string, recipients: readonly string[]): ServiceError {
  return new ServiceError("not_a_recipient", message, { recipients });
}
