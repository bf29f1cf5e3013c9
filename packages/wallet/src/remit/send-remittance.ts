/**
 * Sending a remittance from the browser: the SDK's remit seals the travel-rule data to the
 * sender's institution, the recipient's and the regulator, uploads the envelope, then signs the
 * remit operation here with the data's hash and waits for its block. A firm quote is used by its
 * id; an indicative one (no desk of the payer's institution at this gateway) goes to the offer
 * directly, accepting no worse than what the quote showed.
 */
import type { QuoteView } from "@tongbao/api";
import { getTransaction, remit, type Client, type Signer } from "@tongbao/client/browser";
import type { SettledRemittance } from "./remit-receipt.tsx";
import type { RemitDraft } from "./remit-draft.ts";

export async function sendRemittance(
  client: Client,
  signer: Signer,
  quote: QuoteView,
  draft: RemitDraft,
): Promise<SettledRemittance> {
  const committed = await remit(client, {
    ...(quote.firm
      ? { quote }
      : {
          // The offer the quote priced; the SDK's default worst rate is what it pays for this
          // amount now, which is what the person was shown.
          offer: {
            provider: { ...quote.provider, account: quote.offer.provider },
            id: quote.offer.id,
            buy: quote.from,
            sell: quote.to,
            rate: quote.rate,
          },
          sendAmount: quote.send.amount,
        }),
    to: draft.to,
    travelRule: { data: draft.travelRule },
    signer,
  });
  // The committed view names the remittance's legs; ask once more if this gateway left them out.
  const view =
    committed.remittances === undefined
      ? await getTransaction(client, { hash: committed.hash })
      : committed;
  const remittance = view.status === "committed" ? view.remittances?.[0] : undefined;
  if (remittance === undefined) {
    throw new Error(
      `the payment is final (transaction ${committed.hash}) but the gateway shows no remittance in it`,
    );
  }
  return {
    hash: committed.hash,
    height: committed.height,
    timestamp: committed.timestamp,
    remittance,
  };
}
