// Which check-ins a key may see and decide. Both sides of dual management see a check-in: the
// home side through its member (the member's home unit, or its town), the host side through the
// branch it is for, the branch the member left (a handover, so the old branch keeps the record
// too) or the branch hosting the member now. Each is a copied column of check_ins with an index
// in created_at order (schema/tables.ts), so a list page reads a page of it, or merges a page of
// each (data/newest-first.ts).
import { and, eq, or, sql, type Column, type SQL } from 'drizzle-orm';
import { checkIns } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { ResolvedKey } from '../env.ts';

const NOTHING = sql`0`;

/**
 * What `key` may see, as conditions on `check_ins` (tenant included) any of which admits a row;
 * none: nothing. Partners and station managers see no check-ins.
 */
export function checkInScopeArms(key: ResolvedKey, { byIndex = true } = {}): SQL[] {
  if (key.kind !== 'secret') return [];
  const role = key.role;
  if (role === 'home_admin') return [eq(checkIns.tenantId, key.tenantId)];
  const node = key.scopeNodeId;
  if (node === null) return [];
  // Led by the node's index; the tenant is checked per row (`+`: never by check_ins_tenant_created).
  // Without `byIndex`, the node too is checked per row, for a query another index leads.
  const at = (column: Column) => and(byIndex ? eq(column, node) : sql`+${column} = ${node}`, sql`+${checkIns.tenantId} = ${key.tenantId}`)!;
  // Every role by name: a new role fails the type check here until it is given its scope.
  switch (role) {
    case 'town_staff': return [at(checkIns.homeTownId)];
    case 'village_staff': return [at(checkIns.homeUnitId)];
    // The member hosted there now, the branch it is for, the branch the member left.
    case 'committee_secretary': return [at(checkIns.memberCommitteeId), at(checkIns.branchCommitteeId), at(checkIns.previousCommitteeId)];
    case 'branch_secretary': return [at(checkIns.memberBranchId), at(checkIns.branchId), at(checkIns.previousBranchId)];
    case 'partner': case 'station_manager': case null: return [];
    default: {
      const unreachable: never = role;
      throw new Error(`No check-in scope for role ${String(unreachable)}`);
    }
  }
}

/** The condition on `check_ins` for what `key` may see, tenant included: for reads of one row. */
export function checkInScope(_db: Database, key: ResolvedKey): SQL {
  const arms = checkInScopeArms(key);
  return arms.length ? or(...arms)! : NOTHING;
}

/** The same, checked on each row that another index (a search's) finds; none of the scope's indexes can lead. */
export function checkInScopeFilter(key: ResolvedKey): SQL {
  const arms = checkInScopeArms(key, { byIndex: false });
  return arms.length ? or(...arms)! : NOTHING;
}

/** Who decides a check-in: the home admin, the branch's secretary, its committee's secretary. */
export function mayDecide(key: ResolvedKey, target: { branchId: string; committeeId: string | null }): boolean {
  if (key.kind !== 'secret') return false;
  const role = key.role;
  switch (role) {
    case 'home_admin': return true;
    case 'branch_secretary': return key.scopeNodeId === target.branchId;
    case 'committee_secretary': return target.committeeId !== null && key.scopeNodeId === target.committeeId;
    case 'town_staff': case 'village_staff': case 'station_manager': case 'partner': case null: return false;
    default: {
      const unreachable: never = role;
      throw new Error(`No check-in decision rule for role ${String(unreachable)}`);
    }
  }
}
