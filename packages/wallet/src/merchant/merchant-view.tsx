/**
 * The merchant: the shop's key and account (opened like a consumer's), how its institution names
 * it in codes, the checkout with each sale's signed QR code, the counter code, and the sales
 * arriving live.
 */
import { useState } from "preact/hooks";
import type { HistoryEntry } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import { Balances } from "../account/balances.tsx";
import { describeEntry } from "../account/describe-entry.ts";
import { Onboarding } from "../account/onboarding.tsx";
import { useAccountFeed } from "../account/use-account-feed.ts";
import { KeySetup } from "../keys/key-setup.tsx";
import { ProfileBar } from "../keys/profile-bar.tsx";
import type { Profile } from "../keys/profile.ts";
import { useProfiles, type Profiles } from "../keys/use-profiles.ts";
import { useCurrencies } from "../money/use-currencies.ts";
import { CounterCode } from "../qr/sale/counter-code.tsx";
import { LiveBadge } from "../ui/live-badge.tsx";
import { Money } from "../ui/money.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { ChargeCode } from "./charge-code.tsx";
import { Checkout } from "./checkout.tsx";
import { SalesList } from "./sales-list.tsx";
import { ShopProfileCard, useShopProfile } from "./shop-profile.tsx";

export function MerchantView(props: { client: Client }) {
  const profiles = useProfiles("merchant");
  if (profiles.loading) return <p class="muted">Reading this browser's keys…</p>;
  if (profiles.error !== undefined) return <p class="problem">{profiles.error}</p>;
  if (profiles.active === undefined) return <KeySetup profiles={profiles} purpose="merchant" />;
  return (
    <MerchantAccount
      key={profiles.active.accountId}
      client={props.client}
      profile={profiles.active}
      profiles={profiles}
    />
  );
}

function MerchantAccount(props: { client: Client; profile: Profile; profiles: Profiles }) {
  const { client, profile } = props;
  const [latest, setLatest] = useState<HistoryEntry>();
  const feed = useAccountFeed(client, profile.accountId, (entry) => {
    if (describeEntry(entry, profile.accountId).what === "Received") setLatest(entry);
  });
  const currencies = useCurrencies(client);
  const shop = useShopProfile(client, profile.accountId);
  const arrived = latest === undefined ? undefined : describeEntry(latest, profile.accountId);
  return (
    <div class="view" data-testid="merchant">
      <ProfileBar profile={profile} profiles={props.profiles} />
      {feed.phase === "missing" ? (
        <Onboarding client={client} profile={profile} onOpened={feed.reload} />
      ) : null}
      {feed.phase === "failed" ? <ProblemNote problem={feed.problem} /> : null}
      {feed.account === undefined ? null : (
        <>
          {arrived?.amount === undefined ? null : (
            <div class="paid-banner" role="status" data-testid="paid-banner">
              Paid: <Money amount={arrived.amount.amount} currency={arrived.amount.currency} /> —
              final
            </div>
          )}
          <ShopProfileCard client={client} profile={profile} shop={shop} />
          <Checkout
            client={client}
            profile={profile}
            shop={shop.shop}
            entries={feed.entries}
            currencies={currencies}
            defaultCurrency={feed.account.balances[0]?.currency}
          />
          <ChargeCode
            client={client}
            profile={profile}
            currencies={currencies}
            defaultCurrency={feed.account.balances[0]?.currency}
            entries={feed.entries}
          />
          {shop.shop === undefined ? null : (
            <CounterCode
              client={client}
              profile={profile}
              currencies={currencies}
              defaultCurrency={feed.account.balances[0]?.currency}
            />
          )}
          <section class="card">
            <h2>
              Sales <LiveBadge status={feed.live} />
            </h2>
            <SalesList entries={feed.entries} me={profile.accountId} />
          </section>
          <section class="card">
            <h2>Takings</h2>
            <Balances account={feed.account} />
          </section>
        </>
      )}
    </div>
  );
}
