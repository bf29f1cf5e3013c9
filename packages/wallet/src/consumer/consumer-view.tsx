/**
 * The consumer: a key in this browser, the account the institution opened for it, balances,
 * requests it is asked to pay (approve or decline), paying a shop's QR code, sending to contacts with a
 * receipt the moment it is final, requesting money, and live history.
 */
import { useState } from "preact/hooks";
import type { Client } from "@tongbao/client/browser";
import { Balances } from "../account/balances.tsx";
import { HistoryList } from "../account/history-list.tsx";
import { Onboarding } from "../account/onboarding.tsx";
import { useAccountFeed } from "../account/use-account-feed.ts";
import { ContactsPanel } from "../contacts/contacts-panel.tsx";
import { loadContacts } from "../contacts/contacts.ts";
import { KeySetup } from "../keys/key-setup.tsx";
import { ProfileBar } from "../keys/profile-bar.tsx";
import type { Profile } from "../keys/profile.ts";
import { useProfiles, type Profiles } from "../keys/use-profiles.ts";
import { useCurrencies } from "../money/use-currencies.ts";
import { MyCode } from "../my-code/my-code.tsx";
import { IncomingRequests } from "../requests/incoming-requests.tsx";
import { RequestMoney } from "../requests/request-money.tsx";
import { useRequests } from "../requests/use-requests.ts";
import { ScanToPay } from "../qr/scan/scan-to-pay.tsx";
import { LiveBadge } from "../ui/live-badge.tsx";
import { ProblemNote } from "../ui/problem-note.tsx";
import { SendAbroad } from "../remit/send-abroad.tsx";
import { SendFlow } from "./send-flow.tsx";

export function ConsumerView(props: { client: Client }) {
  const profiles = useProfiles("consumer");
  if (profiles.loading) return <p class="muted">Reading this browser's keys…</p>;
  if (profiles.error !== undefined) return <p class="problem">{profiles.error}</p>;
  if (profiles.active === undefined) return <KeySetup profiles={profiles} purpose="consumer" />;
  return (
    <ConsumerAccount
      key={profiles.active.accountId}
      client={props.client}
      profile={profiles.active}
      profiles={profiles}
    />
  );
}

function ConsumerAccount(props: { client: Client; profile: Profile; profiles: Profiles }) {
  const { client, profile } = props;
  const feed = useAccountFeed(client, profile.accountId);
  const currencies = useCurrencies(client);
  const [contacts, setContacts] = useState(loadContacts);
  const requests = useRequests(client, profile.accountId, feed.entries);
  return (
    <div class="view" data-testid="consumer">
      <ProfileBar profile={profile} profiles={props.profiles} />
      {feed.phase === "loading" ? <p class="muted">Loading the account…</p> : null}
      {feed.phase === "missing" ? (
        <Onboarding client={client} profile={profile} onOpened={feed.reload} />
      ) : null}
      {feed.phase === "failed" ? <ProblemNote problem={feed.problem} /> : null}
      {feed.account === undefined ? null : (
        <>
          <section class="card">
            <h2>
              Balance <LiveBadge status={feed.live} />
            </h2>
            <Balances account={feed.account} />
            <p class="muted">
              At {feed.account.institution} · KYC tier {feed.account.kycTier}
            </p>
          </section>
          <IncomingRequests
            client={client}
            profile={profile}
            contacts={contacts}
            requests={requests}
          />
          <ScanToPay
            client={client}
            profile={profile}
            account={feed.account}
            currencies={currencies}
            entries={feed.entries}
          />
          <SendFlow
            client={client}
            profile={profile}
            account={feed.account}
            currencies={currencies}
            contacts={contacts}
            onContacts={setContacts}
          />
          <SendAbroad
            client={client}
            profile={profile}
            account={feed.account}
            currencies={currencies}
            contacts={contacts}
            onContacts={setContacts}
          />
          <RequestMoney
            client={client}
            profile={profile}
            account={feed.account}
            currencies={currencies}
            contacts={contacts}
            requests={requests}
          />
          <MyCode account={profile.accountId} contacts={contacts} requests={requests} />
          <section class="card">
            <h2>History</h2>
            <HistoryList entries={feed.entries} me={profile.accountId} contacts={contacts} />
          </section>
          <ContactsPanel contacts={contacts} onChange={setContacts} />
        </>
      )}
    </div>
  );
}
