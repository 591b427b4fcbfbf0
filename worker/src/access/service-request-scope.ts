// Which service requests a key may see: the one place that decides it. Handlers (assign, note,
// resolve, close) are the roles with `service_requests:write`, and their scope here is exactly
// what they handle: the home admin everything, a committee secretary its committee's, a station
// manager its station's.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { checkIns, members, serviceRequests } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { HttpError } from '../errors.ts';
import type { ResolvedKey } from './api-key.ts';
import { memberScope } from './member-scope.ts';

const NOTHING = sql`0`;

/** A partner key reads requests only through its service category; without one: 403, said plainly. */
export function requirePartnerCategory(key: ResolvedKey): void {
  if (key.role === 'partner' && !key.serviceCategory) {
    throw new HttpError(403, 'forbidden',
      'This partner key has no service category, so it reads no service requests. Ask the home admin for a key with `serviceCategory` (e.g. credit).');
  }
}

/** The condition on `service_requests` for what `key` may see, tenant included. */
export function serviceRequestScope(db: Database, key: ResolvedKey): SQL {
  if (key.kind !== 'secret') return NOTHING;
  const tenant = eq(serviceRequests.tenantId, key.tenantId);
  if (key.role === 'home_admin') return tenant;
  const node = key.scopeNodeId;
  if (node === null) return NOTHING;
  switch (key.role) {
    case 'committee_secretary':
      return and(tenant, eq(serviceRequests.committeeId, node))!;
    case 'station_manager':
      return and(tenant, eq(serviceRequests.stationId, node))!;
    case 'partner':
      // Only what members shared with this partner, in the key's one category.
      return key.serviceCategory
        ? and(tenant, eq(serviceRequests.sharedWithPartnerId, node), eq(serviceRequests.category, key.serviceCategory))!
        : NOTHING;
    case 'branch_secretary':
      // Members the branch hosts, and requests ticked on check-ins to the branch.
      return and(tenant, or(
        inArray(serviceRequests.memberId, db.select({ id: members.id }).from(members).where(memberScope(db, key))),
        inArray(serviceRequests.checkInId, db.select({ id: checkIns.id }).from(checkIns)
          .where(and(eq(checkIns.tenantId, key.tenantId), eq(checkIns.branchId, node)))),
      ))!;
    case 'town_staff':
    case 'village_staff':
      // Members whose home unit is in the key's subtree, wherever they now live.
      return and(tenant, inArray(serviceRequests.memberId, db.select({ id: members.id }).from(members).where(memberScope(db, key))))!;
    default:
      return NOTHING;
  }
}

/** Partners get the reduced view (README, "Service requests"). */
export const seesPartnerView = (key: ResolvedKey) => key.role === 'partner';
