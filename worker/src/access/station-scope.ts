// Which stations a key may edit (`stations:write`): the home admin every station of the tenant,
// a committee secretary the committee's stations, a station manager their own station.
import type { ResolvedKey } from './api-key.ts';

export function mayEditStation(key: ResolvedKey, station: { id: string; committeeId: string | null }): boolean {
  if (key.kind !== 'secret') return false;
  if (key.role === 'home_admin') return true;
  if (key.role === 'committee_secretary') return station.committeeId !== null && station.committeeId === key.scopeNodeId;
  if (key.role === 'station_manager') return station.id === key.scopeNodeId;
  return false;
}

/** Who opens new stations: the home admin anywhere, a committee secretary under their committee. */
export function mayCreateStation(key: ResolvedKey, committeeId: string | null): boolean {
  if (key.kind !== 'secret') return false;
  if (key.role === 'home_admin') return true;
  return key.role === 'committee_secretary' && committeeId === key.scopeNodeId;
}
