/**
 * A settled remittance's two legs, as the receipt and the explorer show them: the sender's
 * currency to the provider (with the sender's institution's fee and the rounding remainder), the
 * provider's payout in the recipient's currency, and the rate that joins them.
 */
import type { RemittanceView } from "@tongbao/api";
import { Money } from "../ui/money.tsx";
import { ShortId } from "../ui/short-id.tsx";

export function RemittanceLegs(props: { remittance: RemittanceView; names?: Names }) {
  const r = props.remittance;
  const name = (id: string) => props.names?.(id);
  const who = (id: string) => {
    const known = name(id);
    return known === undefined ? <ShortId id={id} /> : <strong>{known}</strong>;
  };
  return (
    <dl
      class="legs"
      data-testid="remittance-legs"
      data-sent={r.sent.amount}
      data-received={r.received.amount}
      data-fee={r.fee.amount}
      data-residual={r.residual.amount}
    >
      <dt>Sent</dt>
      <dd data-testid="leg-send">
        <Money amount={r.sent.amount} currency={r.sent.currency} />: {who(r.sender)} →{" "}
        {who(r.provider)} (provider)
      </dd>
      <dt>Fee</dt>
      <dd data-testid="leg-fee">
        <Money amount={r.fee.amount} currency={r.fee.currency} /> to the sender's institution
      </dd>
      <dt>Rounding</dt>
      <dd data-testid="leg-residual">
        <Money amount={r.residual.amount} currency={r.residual.currency} /> of the amount sent, to{" "}
        {who(r.residualTo)} (what the rate's rounding leaves; no money is made)
      </dd>
      <dt>Rate</dt>
      <dd data-testid="leg-rate">
        1 {r.sent.currency} = {r.rate.display} {r.received.currency} ({r.rate.num}/{r.rate.den}{" "}
        minor units; provider's margin {(r.spreadBps / 100).toFixed(2)} %)
      </dd>
      <dt>Received</dt>
      <dd data-testid="leg-receive">
        <Money amount={r.received.amount} currency={r.received.currency} />: {who(r.provider)} →{" "}
        {who(r.recipient)}
      </dd>
      {r.travelRuleHash === undefined ? null : (
        <>
          <dt>Travel rule</dt>
          <dd>
            sealed details, fingerprint <ShortId id={r.travelRuleHash} />
          </dd>
        </>
      )}
    </dl>
  );
}

/** A name for an account id, when the screen knows one (a contact, "you"). */
export type Names = (accountId: string) => string | undefined;
