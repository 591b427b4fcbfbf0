// Which members a key may see: the ONE place that decides it. Every member query ANDs this
// condition in; routes never re-implement a scope. Each branch of it seeks an index
// (members_tenant_home / members_tenant_branch / the partner_consents key), never a scan.
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { branches, homeUnits, members, partnerConsents } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { ResolvedKey } from './api-key.ts';

const NOTHING = sql`0`;

/** Members whose home unit is `unitId` or a unit directly under it (a town's villages). */
export function inHomeSubtree(tenantId: string, unitId: string): SQL {
  // One IN list (not an OR), so that SQLite seeks members_tenant_home once per unit.
  return sql`${members.homeUnitId} in (select ${unitId} union all select ${homeUnits.id} from ${homeUnits}
    where ${homeUnits.tenantId} = ${tenantId} and ${homeUnits.parentId} = ${unitId})`;
}

/**
 * The condition on `members` for what `key` may see, tenant included. A key whose role needs a
 * node but has none, or a role without member data (station manager, publishable keys), sees
 * nothing. Nodes are looked up within the key's tenant, so a foreign node id matches no one.
 */
export function memberScope(db: Database, key: ResolvedKey): SQL {
  const tenant = eq(members.tenantId, key.tenantId);
  if (key.kind !== 'secret') return NOTHING;
  if (key.role === 'home_admin') return tenant;
  const node = key.scopeNodeId;
  if (node === null) return NOTHING;
  switch (key.role) {
    case 'town_staff':
      return and(tenant, inHomeSubtree(key.tenantId, node))!;
    case 'village_staff':
      return and(tenant, eq(members.homeUnitId, node))!;
    case 'committee_secretary':
      return and(tenant, inArray(members.hostBranchId, db.select({ id: branches.id }).from(branches)
        .where(and(eq(branches.tenantId, key.tenantId), eq(branches.committeeId, node)))))!;
    case 'branch_secretary':
      return and(tenant, eq(members.hostBranchId, node))!;
    case 'partner':
      // Driven from the consent key (tenant, partner, member): a partner's consents, not all members.
      return and(tenant, inArray(members.id, db.select({ id: partnerConsents.memberId }).from(partnerConsents)
        .where(and(eq(partnerConsents.tenantId, key.tenantId), eq(partnerConsents.partnerId, node), isNull(partnerConsents.withdrawnAt)))))!;
    default:
      return NOTHING;
  }
}

/** Partners see a reduced record (see README, "Roles and what they see"). */
export const seesPartnerView = (key: ResolvedKey) => key.role === 'partner';
