// The check-ins this device sent or looked up (我的报到): the reference and the mobile's last four
// digits, which together are what the status lookup takes, so a returning member sees their
// check-ins without typing. Nothing else about the member is kept; the member can remove an entry.
import { entriesFor, run } from './device-store.ts';

export interface RememberedCheckIn {
  api: string;
  key: string;
  reference: string;
  last4: string;
  savedAt: number;
}

export async function remember(entry: RememberedCheckIn): Promise<void> {
  await run('remembered', 'readwrite', (s) => s.put(entry));
}

export async function forget(entry: RememberedCheckIn): Promise<void> {
  await run('remembered', 'readwrite', (s) => s.delete([entry.api, entry.key, entry.reference]));
}

/** Newest first. */
export async function remembered(api: string, key: string): Promise<RememberedCheckIn[]> {
  return (await entriesFor<RememberedCheckIn>('remembered', api, key)).sort((a, b) => b.savedAt - a.savedAt);
}
