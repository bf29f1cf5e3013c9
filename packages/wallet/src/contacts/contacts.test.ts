// Goal: contacts survive what a browser's storage can hold — garbage, duplicates, too many —
// and only well-formed ones (a name and a 40-hex account id) are kept.
// Method: an in-memory Storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONTACTS_MAX, contactName, loadContacts, saveContact } from "./contacts.ts";

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const id = (n: number) => n.toString(16).padStart(40, "0");

test("contacts are added, renamed, bounded, and garbage is ignored", () => {
  const storage = memoryStorage();
  assert.deepEqual(loadContacts(storage), []);
  saveContact({ name: " Ben ", accountId: id(1) }, storage);
  saveContact({ name: "Bob", accountId: id(1) }, storage);
  saveContact({ name: "", accountId: id(2) }, storage);
  saveContact({ name: "Nobody", accountId: "not an id" }, storage);
  assert.deepEqual(loadContacts(storage), [{ name: "Bob", accountId: id(1) }]);
  assert.equal(contactName(loadContacts(storage), id(1)), "Bob");
  for (let n = 0; n < CONTACTS_MAX + 5; n++)
    saveContact({ name: `c${n}`, accountId: id(n + 10) }, storage);
  assert.equal(loadContacts(storage).length, CONTACTS_MAX);
  storage.setItem("tongbao.contacts", "{not json");
  assert.deepEqual(loadContacts(storage), []);
  storage.setItem(
    "tongbao.contacts",
    JSON.stringify([{ name: 1 }, { name: "A", accountId: id(3) }]),
  );
  assert.deepEqual(loadContacts(storage), [{ name: "A", accountId: id(3) }]);
});
