/**
 * Keys kept in this browser's IndexedDB (database "tongbao-wallet", store "profiles"), keyed by
 * account id. IndexedDB rather than localStorage: it stores bytes as bytes, it is not read
 * synchronously by every script on each access, and it is where a browser keeps non-extractable
 * WebCrypto keys — the next step for these keys. Like any storage of this origin, it is readable
 * by scripts of this origin only; the gateway's Content-Security-Policy admits no others.
 */
import type { Profile } from "./profile.ts";

const DATABASE = "tongbao-wallet";
const STORE = "profiles";
const VERSION = 1;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

function open(): Promise<IDBDatabase> {
  if (typeof indexedDB === "undefined") {
    return Promise.reject(new Error("this browser offers no IndexedDB, so it cannot keep a key"));
  }
  const request = indexedDB.open(DATABASE, VERSION);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(STORE)) {
      request.result.createObjectStore(STORE, { keyPath: "accountId" });
    }
  };
  return promised(request);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  use: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    const transaction = db.transaction(STORE, mode);
    const result = await promised(use(transaction.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error("IndexedDB write failed"));
      transaction.onabort = () => reject(transaction.error ?? new Error("IndexedDB write aborted"));
    });
    return result;
  } finally {
    db.close();
  }
}

/** Every profile kept here, oldest first. */
export async function loadProfiles(): Promise<Profile[]> {
  const all = await withStore("readonly", (store) => store.getAll() as IDBRequest<Profile[]>);
  return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

export async function saveProfile(profile: Profile): Promise<void> {
  await withStore("readwrite", (store) => store.put(profile));
}

export async function deleteProfile(accountId: string): Promise<void> {
  await withStore("readwrite", (store) => store.delete(accountId));
}
