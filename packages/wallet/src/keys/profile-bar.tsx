/** Whose account this tab shows, its id to share, and a way to switch or back up the key. */
import { useState } from "preact/hooks";
import { bytesToHex } from "@tongbao/std";
import { ShortId } from "../ui/short-id.tsx";
import type { Profile } from "./profile.ts";
import type { Profiles } from "./use-profiles.ts";

export function ProfileBar(props: { profile: Profile; profiles: Profiles }) {
  const { profile, profiles } = props;
  const [reveal, setReveal] = useState(false);
  return (
    <div class="profile-bar">
      <div>
        <strong>{profile.label}</strong>
        <div class="account-id">
          Account <ShortId id={profile.accountId} testId="my-account-id" />
        </div>
      </div>
      <div class="profile-actions">
        {profiles.all.length > 1 ? (
          <select
            aria-label="Switch account"
            value={profile.accountId}
            onChange={(e) => profiles.select(e.currentTarget.value)}
          >
            {profiles.all.map((p) => (
              <option key={p.accountId} value={p.accountId}>
                {p.label} ({p.accountId.slice(0, 8)})
              </option>
            ))}
          </select>
        ) : null}
        <button type="button" class="link" onClick={() => profiles.select(undefined)}>
          Another key
        </button>
        <button type="button" class="link" onClick={() => setReveal(!reveal)}>
          {reveal ? "Hide secret key" : "Back up key"}
        </button>
      </div>
      {reveal ? (
        <p class="secret">
          Anyone with this can spend from the account; write it down and keep it offline:{" "}
          <code>{bytesToHex(profile.secretKey)}</code>
        </p>
      ) : null}
    </div>
  );
}
