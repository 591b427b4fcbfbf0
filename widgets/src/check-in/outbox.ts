// Submissions not yet answered by the server, kept in IndexedDB so that a closed tab, a reload or
// a lost connection loses nothing. Each entry carries its idempotency key: sending it again, from
// any tab, any number of times, makes one check-in.
import type { CheckInCreate } from '../../../schema/check-ins.ts';
import type { LocalizedText } from '../../../schema/common.ts';

export interface OutboxEntry {
  idempotencyKey: string;
  payload: CheckInCreate;
  branch: { id: string; name: LocalizedText };
  /** Which API and key it is for: another widget on the same site must not send it elsewhere. */
  api: string;
  key: string;
  savedAt: number;
}

const DB = 'ginkgo-check-in';
const STORE = 'outbox';

// Where IndexedDB is missing or refused (some private modes) nothing is stored: the form still
// holds its pending submission while the page is open.
let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  return (opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'idempotencyKey' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  }));
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    // Resolve on commit, not on the request: a write is durable only once its transaction is.
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export async function save(entry: OutboxEntry): Promise<void> {
  await run('readwrite', (s) => s.put(entry)).catch(() => undefined);
}

export async function remove(idempotencyKey: string): Promise<void> {
  await run('readwrite', (s) => s.delete(idempotencyKey)).catch(() => undefined);
}

/** Entries for this API and key, oldest first. */
export async function pending(api: string, key: string): Promise<OutboxEntry[]> {
  const stored = (await run('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>).catch(() => undefined)) ?? [];
  return stored.filter((e) => e.api === api && e.key === key).sort((a, b) => a.savedAt - b.savedAt);
}
