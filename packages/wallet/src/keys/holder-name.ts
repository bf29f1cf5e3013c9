/**
 * The account holder's name as typed when the account was opened, kept on this device only
 * (localStorage, per account): the institution's desk was told it, the ledger never is. A
 * remittance's travel-rule data needs it, so the form starts from it; the person can correct it.
 */
const key = (accountId: string) => `tongbao.holder-name.${accountId}`;

export function loadHolderName(accountId: string, storage: Storage = localStorage): string {
  try {
    return storage.getItem(key(accountId)) ?? "";
  } catch {
    return "";
  }
}

export function saveHolderName(
  accountId: string,
  name: string,
  storage: Storage = localStorage,
): void {
  const tidy = name.trim().replace(/\s+/g, " ").slice(0, 100);
  try {
    if (tidy === "") storage.removeItem(key(accountId));
    else storage.setItem(key(accountId), tidy);
  } catch {
    // Storage full or refused: the remittance form asks for the name instead.
  }
}
