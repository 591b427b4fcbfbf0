// Which check-ins a key may see and decide. Both sides of dual management see a check-in: the
// home side through its member (member-scope.ts), the host side through the branch it is for
// or the branch the member left (a handover), so the old branch keeps the record too.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { branches, checkIns, members } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { ResolvedKey } from './api-key.ts';
import { memberScope } from './member-scope.ts';

const NOTHING = sql`0`;

/** Host-side branches the key reaches, as a subquery (committee) or one id (branch); else null. */
function hostBranches(db: Database, key: ResolvedKey): SQL | string | null {
  if (key.scopeNodeId === null) return null;
  if (key.role === 'branch_secretary') return key.scopeNodeId;
  if (key.role === 'committee_secretary') {
    return sql`(${db.select({ id: branches.id }).from(branches)
      .where(and(eq(branches.tenantId, key.tenantId), eq(branches.committeeId, key.scopeNodeId)))})`;
  }
  return null;
}

/** The condition on `check_ins` for what `key` may see, tenant included. Partners see none. */
export function checkInScope(db: Database, key: ResolvedKey): SQL {
  if (key.kind !== 'secret' || key.role === 'partner' || key.role === 'station_manager') return NOTHING;
  const tenant = eq(checkIns.tenantId, key.tenantId);
  if (key.role === 'home_admin') return tenant;
  const viaMember = inArray(checkIns.memberId, db.select({ id: members.id }).from(members).where(memberScope(db, key)));
  const host = hostBranches(db, key);
  if (host === null) return and(tenant, viaMember)!;
  const at = (column: typeof checkIns.branchId | typeof checkIns.previousBranchId) =>
    typeof host === 'string' ? eq(column, host) : sql`${column} in ${host}`;
  return and(tenant, or(viaMember, at(checkIns.branchId), at(checkIns.previousBranchId)))!;
}

/** Who decides a check-in: the home admin, the branch's secretary, its committee's secretary. */
export function mayDecide(key: ResolvedKey, target: { branchId: string; committeeId: string | null }): boolean {
  if (key.kind !== 'secret') return false;
  if (key.role === 'home_admin') return true;
  if (key.role === 'branch_secretary') return key.scopeNodeId === target.branchId;
  if (key.role === 'committee_secretary') return target.committeeId !== null && key.scopeNodeId === target.committeeId;
  return false;
}
