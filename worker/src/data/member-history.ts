// A member's record over time, for staff who see the member: their check-ins (with handovers),
// their requests for help, and the audit log's reads and changes of the record ("who looked").
// One D1 batch, with its own audit entry: reading who looked is itself a look.
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Context } from 'hono';
import { auditLog, branches, checkIns, members, serviceRequests, staffUsers, type MemberHistory } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { memberScope } from '../access/member-scope.ts';
import { database, named } from '../db.ts';
import type { AppEnv } from '../env.ts';

const VIEWS = 50;

export async function memberHistory(c: Context<AppEnv>, id: string): Promise<MemberHistory | undefined> {
  const db = database(c.env.DB);
  const k = c.var.key;
  const t = k.tenantId;
  const inScope = sql`exists (select 1 from ${members} where ${and(eq(members.tenantId, t), eq(members.id, id), memberScope(db, k))})`;
  const branch = alias(branches, 'branch');
  const previous = alias(branches, 'previous');
  const [found, visits, requests, views] = await db.batch([
    db.select({ one: sql<number>`1` }).from(members).where(and(eq(members.tenantId, t), eq(members.id, id), memberScope(db, k))).limit(1),
    db.select({
      id: checkIns.id, reference: checkIns.reference, status: checkIns.status, createdAt: checkIns.createdAt, decidedAt: checkIns.decidedAt,
      rejectReason: checkIns.rejectReason, branchId: checkIns.branchId, branchZh: named<string>(branch.nameZh, 'branch_zh'),
      branchEn: named<string>(branch.nameEn, 'branch_en'), previousId: checkIns.previousBranchId,
      previousZh: named<string | null>(previous.nameZh, 'previous_zh'), previousEn: named<string | null>(previous.nameEn, 'previous_en'),
    }).from(checkIns).innerJoin(branch, eq(branch.id, checkIns.branchId)).leftJoin(previous, eq(previous.id, checkIns.previousBranchId))
      .where(and(eq(checkIns.tenantId, t), eq(checkIns.memberId, id), inScope)).orderBy(desc(checkIns.createdAt)),
    db.select({
      id: serviceRequests.id, reference: serviceRequests.reference, category: serviceRequests.category, status: serviceRequests.status,
      createdAt: serviceRequests.createdAt,
    }).from(serviceRequests).where(and(eq(serviceRequests.tenantId, t), eq(serviceRequests.memberId, id), inScope)).orderBy(desc(serviceRequests.createdAt)),
    db.select({ at: auditLog.at, action: auditLog.action, role: auditLog.role, keyId: auditLog.keyId, userId: auditLog.userId, userName: staffUsers.name })
      .from(auditLog).leftJoin(staffUsers, eq(staffUsers.id, auditLog.userId))
      .where(and(eq(auditLog.tenantId, t), eq(auditLog.subjectId, id), inScope)).orderBy(desc(auditLog.id)).limit(VIEWS),
    auditEntry(c, { action: 'member.history', subjectType: 'member', subjectId: id, detail: sql`json_object('found', json(case when ${inScope} then 'true' else 'false' end))` }),
  ]);
  if (!found.length) return undefined;
  return {
    checkIns: visits.map((v) => ({
      id: v.id, reference: v.reference, status: v.status, branch: { id: v.branchId, name: { zh: v.branchZh, en: v.branchEn } },
      previousBranch: v.previousId ? { id: v.previousId, name: { zh: v.previousZh ?? '', en: v.previousEn ?? '' } } : null,
      createdAt: v.createdAt, decidedAt: v.decidedAt, rejectReason: v.rejectReason,
    })),
    serviceRequests: requests,
    views: views.map((v) => ({
      at: new Date(v.at).toISOString(), action: v.action, role: v.role, keyId: v.keyId,
      user: v.userId ? { id: v.userId, name: v.userName ?? '' } : null,
    })),
  };
}
