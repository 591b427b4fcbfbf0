// Which service requests a key may see: the one place that decides it. Handlers (assign, note,
// resolve, close) are the roles with `service_requests:write`, and their scope here is exactly
// what they handle: the home admin everything, a committee secretary its committee's, a station
// manager its station's.
import { and, eq, or, sql, type Column, type SQL } from 'drizzle-orm';
import { serviceRequests } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { HttpError } from '../errors.ts';
import type { ResolvedKey } from '../env.ts';

const NOTHING = sql`0`;

/** A partner key reads requests only through its service category; without one: 403, said plainly. */
export function requirePartnerCategory(key: ResolvedKey): void {
  if (key.role === 'partner' && !key.serviceCategory) {
    throw new HttpError(403, 'forbidden',
      'This partner key has no service category, so it reads no service requests. Ask the home admin for a key with `serviceCategory` (e.g. credit).');
  }
}

/**
 * What `key` may see, as conditions on `service_requests` (tenant included) any of which admits a
 * row; none: nothing. Each is an equality on an index in created_at order, so a list page merges
 * a page of each (data/newest-first.ts).
 */
export function serviceRequestScopeArms(key: ResolvedKey): SQL[] {
  if (key.kind !== 'secret') return [];
  const tenant = eq(serviceRequests.tenantId, key.tenantId);
  const role = key.role;
  if (role === 'home_admin') return [tenant];
  const node = key.scopeNodeId;
  if (node === null) return [];
  const at = (column: Column) => and(tenant, eq(column, node))!;
  // Led by the node's index (home unit, town, branch); the tenant is checked per row (`+`).
  const atNode = (column: Column) => and(eq(column, node), sql`+${serviceRequests.tenantId} = ${key.tenantId}`)!;
  // Every role by name: a new role fails the type check here until it is given its scope.
  switch (role) {
    case 'committee_secretary': return [at(serviceRequests.committeeId)];
    case 'station_manager': return [at(serviceRequests.stationId)];
    case 'partner':
      // Only what members shared with this partner, in the key's one category.
      return key.serviceCategory ? [and(at(serviceRequests.sharedWithPartnerId), eq(serviceRequests.category, key.serviceCategory))!] : [];
    // Members the branch hosts (now), and requests ticked on check-ins to the branch.
    case 'branch_secretary': return [atNode(serviceRequests.memberBranchId), atNode(serviceRequests.checkInBranchId)];
    // Members whose home unit is in the key's subtree, wherever they now live.
    case 'town_staff': return [atNode(serviceRequests.homeTownId)];
    case 'village_staff': return [atNode(serviceRequests.homeUnitId)];
    case null: return [];
    default: {
      const unreachable: never = role;
      throw new Error(`No service request scope for role ${String(unreachable)}`);
    }
  }
}

/** The condition on `service_requests` for what `key` may see, tenant included: for reads of one row. */
export function serviceRequestScope(_db: Database, key: ResolvedKey): SQL {
  const arms = serviceRequestScopeArms(key);
  return arms.length ? or(...arms)! : NOTHING;
}

/** Partners get the reduced view (docs/service-requests.md). */
export const seesPartnerView = (key: ResolvedKey) => key.role === 'partner';
