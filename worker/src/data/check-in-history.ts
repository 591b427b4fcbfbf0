// The decisions on one check-in, for staff who see it: each side's agreement, the confirmation,
// a rejection or a return with its reason, and the handover a confirmation made, from the audit
// log (where every decision is written in the batch that makes it). Reading it is audited too.
import { and, asc, eq, exists, inArray, or, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditLog, checkIns, staffUsers, type CheckInHistory } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { checkInScope } from '../access/check-in-scope.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';

const DECISIONS = ['check_in.confirm', 'check_in.reject', 'check_in.return'];

type Detail = { sides?: 'receiving' | 'releasing' | 'both'; confirmed?: boolean; completed?: boolean; reason?: string };

export async function checkInHistory(c: Context<AppEnv>, id: string): Promise<CheckInHistory | undefined> {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const visible = () => db.select({ one: sql`1` }).from(checkIns).where(and(checkInScope(db, c.var.key), eq(checkIns.id, id)));
  const inScope = exists(visible());
  const member = sql`(select member_id from check_ins where id = ${id})`;
  const [found, entries] = await db.batch([
    visible().limit(1),
    db.select({
      at: auditLog.at, action: auditLog.action, role: auditLog.role, detail: auditLog.detail, userId: auditLog.userId, userName: staffUsers.name,
    }).from(auditLog).leftJoin(staffUsers, eq(staffUsers.id, auditLog.userId)).where(and(
      eq(auditLog.tenantId, t), inScope,
      or(
        and(eq(auditLog.subjectType, 'check_in'), eq(auditLog.subjectId, id), inArray(auditLog.action, DECISIONS)),
        // A handover is recorded on the member, naming the check-in that made it (and whether it did yet).
        and(eq(auditLog.subjectType, 'member'), eq(auditLog.subjectId, member), eq(auditLog.action, 'member.handover'),
          sql`json_extract(${auditLog.detail}, '$.checkIn') = ${id}`, sql`json_extract(${auditLog.detail}, '$.completed') = 1`),
      ),
    )).orderBy(asc(auditLog.id)),
    auditEntry(c, {
      action: 'check_in.history', subjectType: 'check_in', subjectId: id,
      detail: sql`json_object('found', json(case when ${inScope} then 'true' else 'false' end))`,
    }),
  ]);
  if (!found.length) return undefined;
  return {
    data: entries.map((e) => {
      const d = (e.detail ?? {}) as Detail;
      const action = e.action === 'member.handover' ? 'handover' : e.action.slice('check_in.'.length) as 'confirm' | 'reject' | 'return';
      return {
        at: e.at, action, sides: d.sides ?? null, completed: d.confirmed ?? d.completed ?? null, reason: d.reason ?? null,
        role: e.role, user: e.userId ? { id: e.userId, name: e.userName ?? '' } : null,
      };
    }),
  };
}
