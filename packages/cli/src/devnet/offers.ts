/**
 * The devnet's FX liquidity: at every start, once the network commits, fx-bank's institution key
 * posts an HKD→PHP and a PHP→HKD offer. The ids are fixed, so posting again replaces the offer
 * (fresh expiry, same terms) instead of piling up new ones.
 *
 * Rates are a mid-market 7.2 PHP per HKD less fx-bank's declared 0.5 % spread, each way:
 * 7.2 × 0.995 = 7.164 PHP per HKD, and 0.995 / 7.2 = 0.138194… HKD per PHP, written to six
 * decimals and rounded down (in the provider's favour, as a quoted rate is).
 */
import {
  BaseError,
  createClient,
  keySigner,
  mayStillCommit,
  postOffer,
  type Client,
} from "@tongbao/client";
import { loadKeyFile } from "@tongbao/crypto";
import { join } from "node:path";
import type { AccountEntry } from "../network.ts";

/** The liquidity provider of the demo consortium. */
export const DEVNET_PROVIDER = "fx-bank";

/** An offer's lifetime: the ledger's maximum (30 days) less a margin for clocks and commit. */
export const DEVNET_OFFER_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000 - 10 * 60 * 1000;

export interface DevnetOffer {
  /** 32 hex: the ASCII of the pair ("HKD" "PHP"), zero-padded, so it reads in any listing. */
  readonly id: string;
  readonly buy: string;
  readonly sell: string;
  readonly rate: string;
  readonly minBuy: string;
  readonly maxBuy: string;
  readonly spreadBps: number;
}

function pairId(buy: string, sell: string): string {
  return Buffer.from(buy + sell, "ascii")
    .toString("hex")
    .padEnd(32, "0");
}

export const DEVNET_OFFERS: readonly DevnetOffer[] = [
  {
    id: pairId("HKD", "PHP"),
    buy: "HKD",
    sell: "PHP",
    rate: "7.164",
    minBuy: "10.00",
    maxBuy: "50000.00",
    spreadBps: 50,
  },
  {
    id: pairId("PHP", "HKD"),
    buy: "PHP",
    sell: "HKD",
    rate: "0.138194",
    minBuy: "10.00",
    maxBuy: "50000.00",
    spreadBps: 50,
  },
];

/** How one offer's posting ended. */
export type OfferPosting =
  | { readonly offer: DevnetOffer; readonly ok: true }
  | {
      readonly offer: DevnetOffer;
      readonly ok: false;
      /** The first line of the error: what went wrong, without the SDK's advice. */
      readonly reason: string;
      /** Submitted, but its commit was not seen: it may be standing already. */
      readonly mayStillCommit: boolean;
    };

/**
 * Posts (or re-posts) the devnet's offers through the gateway at `api`, signed by fx-bank's key
 * from the devnet directory, and waits for each to commit. Each offer is tried even if another
 * failed: one pair of liquidity is better than none.
 */
export async function postDevnetOffers(options: {
  readonly dir: string;
  readonly accounts: readonly AccountEntry[];
  readonly api: string;
  readonly chainId: string;
  readonly timeoutMs?: number;
}): Promise<OfferPosting[]> {
  const entry = options.accounts.find((a) => a.name === DEVNET_PROVIDER);
  if (entry === undefined) {
    throw new Error(`the devnet has no ${DEVNET_PROVIDER} institution to post FX offers`);
  }
  const key = await loadKeyFile(join(options.dir, entry.keyFile));
  const client: Client = createClient({ url: options.api, chainId: options.chainId });
  const signer = keySigner(key.privateKey);
  const postings: OfferPosting[] = [];
  for (const offer of DEVNET_OFFERS) {
    let submitted = false;
    try {
      await postOffer(client, {
        signer,
        offerId: offer.id,
        buy: offer.buy,
        sell: offer.sell,
        rate: offer.rate,
        minBuy: offer.minBuy,
        maxBuy: offer.maxBuy,
        spreadBps: offer.spreadBps,
        expiresInMs: DEVNET_OFFER_LIFETIME_MS,
        onSigned: () => {
          submitted = true;
        },
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      postings.push({ offer, ok: true });
    } catch (error) {
      postings.push({
        offer,
        ok: false,
        reason: firstLine(error),
        mayStillCommit: submitted && mayStillCommit(error),
      });
    }
  }
  return postings;
}

/** An error's first line: the SDK's messages go on with advice meant for programmers. */
export function firstLine(error: unknown): string {
  const text =
    error instanceof BaseError ? error.shortMessage : String((error as Error)?.message ?? error);
  return text.split("\n", 1)[0]!.trim();
}

const pairOf = (offer: DevnetOffer) => `${offer.buy}→${offer.sell}`;

/** One line on the devnet's offers: what stands, what failed and why, what to do. */
export function describeOfferPostings(postings: readonly OfferPosting[]): {
  ok: boolean;
  text: string;
  posted: string[];
} {
  const posted = postings.filter((p) => p.ok).map((p) => p.offer);
  const failed = postings.filter((p) => !p.ok);
  if (failed.length === 0) {
    const pairs = posted.map((o) => `${pairOf(o)} at ${o.rate}`).join(", ");
    return {
      ok: true,
      text: `${DEVNET_PROVIDER} offers ${pairs} (valid 30 days).`,
      posted: posted.map((o) => o.id),
    };
  }
  const reasons = failed.map((p) => `${pairOf(p.offer)}: ${p.reason}`).join("; ");
  const uncertain = failed.filter((p) => p.mayStillCommit).map((p) => pairOf(p.offer));
  const standing = posted.length === 0 ? "" : ` (${posted.map(pairOf).join(", ")} posted)`;
  const advice =
    uncertain.length > 0
      ? `${uncertain.join(" and ")} may still commit — check \`npx tongbao offer list\`, and post what is missing with \`npx tongbao offer post\``
      : "remittances need them — restart the devnet, or post them with `npx tongbao offer post`";
  return {
    ok: false,
    text: `${DEVNET_PROVIDER} could not post its FX offers${standing} (${reasons}); ${advice}`,
    posted: posted.map((o) => o.id),
  };
}
