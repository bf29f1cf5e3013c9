/** What the "Send abroad" form hands to the confirm step: who, how much on which side, and names. */
import type { TravelRuleData } from "@tongbao/travel-rule";

export interface RemitDraft {
  readonly to: string;
  /** The recipient's institution id and its name. */
  readonly recipientInstitution: string;
  readonly recipientInstitutionName: string;
  /** The contact name, or the name to keep them under; for the screens, not the ledger. */
  readonly recipientLabel: string | undefined;
  readonly saveAs?: string;
  readonly sendCurrency: string;
  readonly receiveCurrency: string;
  /** Which amount the person typed: what they send, or what the recipient receives. */
  readonly side: "send" | "receive";
  /** The typed amount, normalized (e.g. "1000.00"), in the currency of `side`. */
  readonly amount: string;
  /** Both people's details, checked (travel-rule-data.ts); sealed when the payment is sent. */
  readonly travelRule: TravelRuleData;
}
