/**
 * The keys this browser holds, and which one this tab uses for a role. The choice is kept in
 * sessionStorage — per tab — so one tab can be a customer and another a shop's till.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { generateSecretKey } from "@tongbao/client/browser";
import { hexToBytes } from "@tongbao/std";
import { loadProfiles, saveProfile } from "./key-store.ts";
import { profileOf, type Profile } from "./profile.ts";

export interface Profiles {
  readonly loading: boolean;
  readonly error: string | undefined;
  readonly all: readonly Profile[];
  /** This tab's profile for the role, if one is chosen (or the only one there is). */
  readonly active: Profile | undefined;
  select(accountId: string | undefined): void;
  /** Makes a new key in this browser, keeps it, and selects it. */
  create(label: string): Promise<Profile>;
  /** Keeps a key given as 64 hex characters, and selects it. @throws RangeError if it is not one. */
  importKey(secretHex: string, label: string): Promise<Profile>;
}

const activeKey = (role: string) => `tongbao.active.${role}`;

export function useProfiles(role: "consumer" | "merchant"): Profiles {
  const [all, setAll] = useState<Profile[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string | undefined>(
    () => sessionStorage.getItem(activeKey(role)) ?? undefined,
  );

  useEffect(() => {
    loadProfiles()
      .then(setAll, (e: unknown) => setError(`Keys cannot be read from this browser: ${String(e)}`))
      .finally(() => setLoading(false));
  }, []);

  const select = useCallback(
    (accountId: string | undefined) => {
      if (accountId === undefined) sessionStorage.removeItem(activeKey(role));
      else sessionStorage.setItem(activeKey(role), accountId);
      setChosen(accountId);
    },
    [role],
  );

  const keep = useCallback(
    async (profile: Profile) => {
      await saveProfile(profile);
      setAll((current) => [...current.filter((p) => p.accountId !== profile.accountId), profile]);
      select(profile.accountId);
      return profile;
    },
    [select],
  );

  const create = useCallback(
    (label: string) => keep(profileOf(generateSecretKey(), label)),
    [keep],
  );

  const importKey = useCallback(
    (secretHex: string, label: string) => {
      const hex = secretHex.trim().toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hex)) {
        return Promise.reject(new RangeError("A key is 64 hexadecimal characters (0–9, a–f)."));
      }
      return keep(profileOf(hexToBytes(hex), label));
    },
    [keep],
  );

  // A chosen profile, else the only one (a consumer with one key need not choose).
  const active =
    all.find((p) => p.accountId === chosen) ??
    (chosen === undefined && role === "consumer" && all.length === 1 ? all[0] : undefined);
  return { loading, error, all, active, select, create, importKey };
}
