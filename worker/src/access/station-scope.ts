// Which stations a key may edit (`stations:write`): the home admin every station of the tenant,
// a committee secretary the committee's stations, a station manager their own station.
import type { ResolvedKey } from '../env.ts';

export function mayEditStation(key: ResolvedKey, station: { id: string; committeeId: string | null }): boolean {
  if (key.kind !== 'secret') return false;
  const role = key.role;
  // Every role by name: a new role fails the type check here until it is given its rule.
  switch (role) {
    case 'home_admin': return true;
    case 'committee_secretary': return station.committeeId !== null && station.committeeId === key.scopeNodeId;
    case 'station_manager': return station.id === key.scopeNodeId;
    case 'town_staff': case 'village_staff': case 'branch_secretary': case 'partner': case null: return false;
    default: {
      const unreachable: never = role;
      throw new Error(`No station edit rule for role ${String(unreachable)}`);
    }
  }
}

/** Who opens new stations: the home admin anywhere, a committee secretary under their committee. */
export function mayCreateStation(key: ResolvedKey, committeeId: string | null): boolean {
  if (key.kind !== 'secret') return false;
  const role = key.role;
  switch (role) {
    case 'home_admin': return true;
    case 'committee_secretary': return committeeId === key.scopeNodeId;
    case 'town_staff': case 'village_staff': case 'branch_secretary': case 'station_manager': case 'partner': case null: return false;
    default: {
      const unreachable: never = role;
      throw new Error(`No station creation rule for role ${String(unreachable)}`);
    }
  }
}
