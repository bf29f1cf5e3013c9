/**
 * People this browser pays, by name: kept in localStorage, on this device only (a contact list
 * is private and the ledger never sees names). At most CONTACTS_MAX, the oldest dropped first.
 */
export interface Contact {
  readonly name: string;
  readonly accountId: string;
}

const KEY = "tongbao.contacts";
export const CONTACTS_MAX = 200;
const ACCOUNT_ID = /^[0-9a-f]{40}$/;

function isContact(value: unknown): value is Contact {
  const c = value as Partial<Contact> | null;
  return (
    typeof c?.name === "string" && typeof c.accountId === "string" && ACCOUNT_ID.test(c.accountId)
  );
}

export function loadContacts(storage: Storage = localStorage): Contact[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isContact) : [];
  } catch {
    return [];
  }
}

/** Adds or renames the contact for `accountId`; returns the new list. */
export function saveContact(contact: Contact, storage: Storage = localStorage): Contact[] {
  const name = contact.name.trim().slice(0, 40);
  if (name === "" || !ACCOUNT_ID.test(contact.accountId)) return loadContacts(storage);
  const list = [
    ...loadContacts(storage).filter((c) => c.accountId !== contact.accountId),
    { name, accountId: contact.accountId },
  ].slice(-CONTACTS_MAX);
  storage.setItem(KEY, JSON.stringify(list));
  return list;
}

export function contactName(contacts: readonly Contact[], accountId: string): string | undefined {
  return contacts.find((c) => c.accountId === accountId)?.name;
}
