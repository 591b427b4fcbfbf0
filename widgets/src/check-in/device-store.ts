// The form's IndexedDB database on this device: submissions not yet answered (outbox.ts) and the
// references of check-ins sent from here (remembered.ts). Where IndexedDB is missing or refused
// (some private modes) nothing is stored, and every call quietly does nothing.
const DB = 'ginkgo-check-in';
export type StoreName = 'outbox' | 'remembered';
/** Version 2 added `remembered`; each store is created when missing, so any older version upgrades. */
const STORES: Record<StoreName, IDBObjectStoreParameters> = {
  outbox: { keyPath: 'idempotencyKey' },
  remembered: { keyPath: ['api', 'key', 'reference'] },
};

let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  return (opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB, 2);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const [name, options] of Object.entries(STORES)) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, options);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  }));
}

/** Runs one request in its own transaction; undefined without IndexedDB or when it fails. */
export async function run<T>(store: StoreName, mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  return new Promise<T | undefined>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = action(tx.objectStore(store));
    // Resolve on commit, not on the request: a write is durable only once its transaction is.
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  }).catch(() => undefined);
}

/** Every entry of a store for this API and key (another widget on the same site keeps its own). */
export async function entriesFor<T extends { api: string; key: string }>(store: StoreName, api: string, key: string): Promise<T[]> {
  const stored = (await run(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>)) ?? [];
  return stored.filter((e) => e.api === api && e.key === key);
}
