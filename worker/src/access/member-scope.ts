// Which members a key may see: the ONE place that decides it. Every member query ANDs this
// condition in; routes never re-implement a scope. Each role's condition is an equality on an
// index that is in id order (members_tenant_id / _home / _town / _branch / _committee), so a
// list page reads about a page; a partner's list is driven from its live consents instead
// (`partnerConsentsJoin`), and its condition checks one consent per member.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { homeUnits, members, partnerConsents } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { ResolvedKey } from '../env.ts';

const NOTHING = sql`0`;

/** Members whose home unit is `unitId` or a unit directly under it (a town's villages). */
export function inHomeSubtree(tenantId: string, unitId: string): SQL {
  // One IN list (not an OR), so that SQLite seeks members_tenant_home once per unit.
  return sql`${members.homeUnitId} in (select ${unitId} union all select ${homeUnits.id} from ${homeUnits}
    where ${homeUnits.tenantId} = ${tenantId} and ${homeUnits.parentId} = ${unitId})`;
}

/**
 * For a partner's list: the join of `members` to the partner's live consents, which is its whole
 * scope (tenant included), walked in member order; undefined for every other key. The members'
 * tenant is checked with a unary `+`, so that SQLite cannot walk a members index by tenant and
 * look up consents for every member of the tenant (it did, without statistics); it walks
 * partner_consents_live and looks up each consenting member instead.
 */
export function partnerConsentsJoin(key: ResolvedKey): SQL | undefined {
  if (key.kind !== 'secret' || key.role !== 'partner' || key.scopeNodeId === null) return undefined;
  return and(eq(partnerConsents.tenantId, key.tenantId), eq(partnerConsents.partnerId, key.scopeNodeId),
    eq(partnerConsents.memberId, members.id), isNull(partnerConsents.withdrawnAt), sql`+${members.tenantId} = ${key.tenantId}`)!;
}

/**
 * The condition on `members` for what `key` may see, tenant included. A key whose role needs a
 * node but has none, or a role without member data (station manager, publishable keys), sees
 * nothing. Nodes are compared within the key's tenant, so a foreign node id matches no one.
 */
export function memberScope(_db: Database, key: ResolvedKey): SQL {
  const tenant = eq(members.tenantId, key.tenantId);
  if (key.kind !== 'secret') return NOTHING;
  const role = key.role;
  if (role === 'home_admin') return tenant;
  const node = key.scopeNodeId;
  if (node === null) return NOTHING;
  // Every role by name: a new role fails the type check here until it is given its scope.
  switch (role) {
    case 'town_staff':
      // The town itself or one of its villages: home_town_id is the town for both.
      return and(tenant, eq(members.homeTownId, node))!;
    case 'village_staff':
      return and(tenant, eq(members.homeUnitId, node))!;
    case 'committee_secretary':
      return and(tenant, eq(members.hostCommitteeId, node))!;
    case 'branch_secretary':
      return and(tenant, eq(members.hostBranchId, node))!;
    case 'partner':
      // Per member, one seek of the consent key (tenant, partner, member). Written by hand: the
      // outer `members` must not be taken for a column of the subquery.
      return and(tenant, sql`exists (select 1 from ${partnerConsents} where ${partnerConsents.tenantId} = ${key.tenantId}
        and ${partnerConsents.partnerId} = ${node} and ${partnerConsents.memberId} = "members"."id" and ${partnerConsents.withdrawnAt} is null)`)!;
    case 'station_manager':
    case null:
      return NOTHING;
    default: {
      const unreachable: never = role;
      throw new Error(`No member scope for role ${String(unreachable)}`);
    }
  }
}

/** A node of the home tree (town, village) or the host tree (committee, branch), as found in a tenant. */
export type MemberNode = {
  id: string;
  kind: 'town' | 'village' | 'committee' | 'branch';
  /** A village's town, a branch's committee; null otherwise. */
  parentId: string | null;
};

/**
 * The members under `node`: one equality on the index of its kind, in id order (members_tenant_town,
 * _home, _committee, _branch), as the scope of a key at that node reads them.
 */
export function membersUnder(tenantId: string, node: MemberNode): SQL {
  return and(eq(members.tenantId, tenantId), eq(memberColumnOf(node.kind), node.id))!;
}

/** The member's own column that places them under a node of this kind: where they are now (data/scope-copies.ts keeps it). */
export const memberColumnOf = (kind: MemberNode['kind']) =>
  ({ town: members.homeTownId, village: members.homeUnitId, committee: members.hostCommitteeId, branch: members.hostBranchId })[kind];

/**
 * Whether `node` lies within what `key` sees: the key's own node or one below it (a town's village,
 * a committee's branch); any node of its tenant for a home admin. Partners reach no node: their
 * scope is their members' consents, not a part of either tree.
 */
export function nodeInMemberScope(key: ResolvedKey, node: MemberNode): boolean {
  if (key.kind !== 'secret' || key.role === null) return false;
  const own = key.scopeNodeId;
  if (own === null && key.role !== 'home_admin') return false;
  // Every role by name: a new role fails the type check here until it is said what it reaches.
  switch (key.role) {
    case 'home_admin':
      return true;
    case 'town_staff':
      return (node.kind === 'town' && node.id === own) || (node.kind === 'village' && node.parentId === own);
    case 'village_staff':
      return node.kind === 'village' && node.id === own;
    case 'committee_secretary':
      return (node.kind === 'committee' && node.id === own) || (node.kind === 'branch' && node.parentId === own);
    case 'branch_secretary':
      return node.kind === 'branch' && node.id === own;
    case 'station_manager':
    case 'partner':
      return false;
    default: {
      const unreachable: never = key.role;
      throw new Error(`No member nodes for role ${String(unreachable)}`);
    }
  }
}

/** Partners see a reduced record (docs/roles.md). */
export const seesPartnerView = (key: ResolvedKey) => key.role === 'partner';
