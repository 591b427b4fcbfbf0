// Which lost-contact cases a key may see: those of the members it sees (member-scope.ts), decided
// on the case's own scope copies (scope-copies.ts), so that each role's list seeks one index of
// lost_contact_cases in due order (lost_contact_cases_<scope>_open / _closed) and joins no member
// to filter. Partners and station managers never see cases (no follow_ups permission either).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { lostContactCases } from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';

const NOTHING = sql`0`;

export function lostContactScope(key: ResolvedKey): SQL {
  if (key.kind !== 'secret') return NOTHING;
  if (key.role === 'home_admin') return eq(lostContactCases.tenantId, key.tenantId);
  // A unary `+`: the node's index must lead, not the tenant's (which SQLite prefers, without
  // statistics, once a cursor bounds the due date).
  const tenant = sql`+${lostContactCases.tenantId} = ${key.tenantId}`;
  const node = key.scopeNodeId;
  if (node === null) return NOTHING;
  // Every role by name: a new role fails the type check here until it is given its scope.
  switch (key.role) {
    case 'town_staff':
      return and(tenant, eq(lostContactCases.homeTownId, node))!;
    case 'village_staff':
      return and(tenant, eq(lostContactCases.homeUnitId, node))!;
    case 'committee_secretary':
      return and(tenant, eq(lostContactCases.memberCommitteeId, node))!;
    case 'branch_secretary':
      return and(tenant, eq(lostContactCases.memberBranchId, node))!;
    case 'partner':
    case 'station_manager':
    case null:
      return NOTHING;
    default: {
      const unreachable: never = key.role;
      throw new Error(`No lost-contact scope for role ${String(unreachable)}`);
    }
  }
}
