// Submissions not yet answered by the server, kept in IndexedDB (device-store.ts) so that a closed
// tab, a reload or a lost connection loses nothing. Each entry carries its idempotency key:
// sending it again, from any tab, any number of times, makes one check-in. Without IndexedDB the
// form still holds its pending submission while the page is open.
import type { CheckInCreate } from '../../../schema/check-ins.ts';
import type { LocalizedText } from '../../../schema/common.ts';
import { entriesFor, run } from './device-store.ts';

export interface OutboxEntry {
  idempotencyKey: string;
  payload: CheckInCreate;
  branch: { id: string; name: LocalizedText };
  /** Which API and key it is for: another widget on the same site must not send it elsewhere. */
  api: string;
  key: string;
  savedAt: number;
}

export async function save(entry: OutboxEntry): Promise<void> {
  await run('outbox', 'readwrite', (s) => s.put(entry));
}

export async function remove(idempotencyKey: string): Promise<void> {
  await run('outbox', 'readwrite', (s) => s.delete(idempotencyKey));
}

/** Entries for this API and key, oldest first. */
export async function pending(api: string, key: string): Promise<OutboxEntry[]> {
  return (await entriesFor<OutboxEntry>('outbox', api, key)).sort((a, b) => a.savedAt - b.savedAt);
}
