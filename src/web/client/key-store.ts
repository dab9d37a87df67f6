/**
 * The end-to-end key kept in IndexedDB, so a reload does not ask for the passphrase again. The
 * CryptoKey is non-extractable: this page can use it but nothing can read its bytes, and the
 * passphrase itself is never stored. A key is tied to the salt it was derived with.
 */
import { E2eKey } from './e2e-crypto';

const DATABASE = 'private-chat';
const STORE = 'e2e';
const RECORD = 'key';

interface StoredKey extends E2eKey {
  salt: string;
}

function request<T>(run: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error ?? new Error('IndexedDB is unavailable'));
    opening.onsuccess = () => {
      const done = run(opening.result.transaction(STORE, mode).objectStore(STORE));
      done.onsuccess = () => resolve(done.result);
      done.onerror = () => reject(done.error ?? new Error('IndexedDB refused the request'));
    };
  });
}

/** The stored key, if it was derived with `salt`. */
export async function loadKey(salt: string): Promise<E2eKey | undefined> {
  const stored = (await request((store) => store.get(RECORD), 'readonly')) as StoredKey | undefined;
  return stored?.salt === salt ? { key: stored.key, safetyCode: stored.safetyCode } : undefined;
}

export async function saveKey(salt: string, key: E2eKey): Promise<void> {
  await request((store) => store.put({ ...key, salt } satisfies StoredKey, RECORD), 'readwrite');
}

export async function forgetKey(): Promise<void> {
  await request((store) => store.delete(RECORD), 'readwrite');
}
