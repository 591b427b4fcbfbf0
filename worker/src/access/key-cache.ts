// API keys this isolate has resolved, by the SHA-256 of their token. A key's settings never change
// once issued: rotating issues a new key, and only `revoked_at` and `last_used_at` are ever
// updated (data/keys.ts). So the settings may be kept here, while whether the key is still
// unrevoked is asked on every request (key-gate.ts). An editing endpoint for keys would have to
// compare the settings in that check as well.
import type { ResolvedKey } from '../env.ts';

/** Enough for every key of a province's widgets and staff; the least recently used goes first. */
const MAX_KEYS = 512;

export type CachedKey = { key: ResolvedKey; /** When this isolate last wrote `last_used_at` (ms). */ touchedAt: number };

const byHash = new Map<string, CachedKey>();

export function cachedKey(hash: string): CachedKey | undefined {
  const entry = byHash.get(hash);
  if (entry) {
    // Map order is insertion order: moving a hit to the end keeps the oldest first.
    byHash.delete(hash);
    byHash.set(hash, entry);
  }
  return entry;
}

export function cacheKey(hash: string, entry: CachedKey): void {
  byHash.delete(hash);
  byHash.set(hash, entry);
  if (byHash.size > MAX_KEYS) byHash.delete(byHash.keys().next().value!);
}

export function forgetKey(hash: string): void {
  byHash.delete(hash);
}
