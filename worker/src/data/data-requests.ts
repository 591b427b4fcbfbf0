// Staff answering members' data requests (docs/privacy.md): the open ones by due date, marking a
// correction done (after editing the member) or a request refused, and executing an erasure.
// Every read and change is audited in its own batch.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditLog, dataRequests, members, type DataRequestQueryParams, type StaffDataRequest } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, named } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { erasePersonalData } from './erase-personal-data.ts';
import { toDataRequest } from './my-data.ts';

/** A list holds at most this many (open requests are few; answered ones, the latest). */
const LIST_LIMIT = 200;

export async function listDataRequests(c: Context<AppEnv>, q: DataRequestQueryParams): Promise<StaffDataRequest[]> {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const where = and(eq(dataRequests.tenantId, t), eq(dataRequests.status, q.status))!;
  // Open: the most urgent first; answered: the latest first. Both seek data_requests_status_due.
  const order = q.status === 'open' ? asc(dataRequests.dueAt) : desc(dataRequests.dueAt);
  const page = db.select({ id: dataRequests.id }).from(dataRequests).where(where).orderBy(order).limit(LIST_LIMIT);
  const [rows] = await db.batch([
    db.select({ r: dataRequests, name: named<string | null>(members.name, 'member_name'), memberMobile: named<string | null>(members.mobile, 'member_mobile') }).from(dataRequests)
      .leftJoin(members, eq(members.id, dataRequests.memberId)).where(where).orderBy(order).limit(LIST_LIMIT),
    auditEntry(c, { action: 'data_request.list', subjectType: 'data_request', detail: sql`json_object('status', ${q.status}, 'ids', (select json_group_array(id) from (${page})))` }),
  ]);
  const now = Date.now();
  return rows.map(({ r, name, memberMobile }) => ({
    ...toDataRequest(r),
    member: r.memberId && name !== null && memberMobile !== null ? { id: r.memberId, name, mobile: memberMobile } : null,
    mobile: r.mobile,
    overdue: r.status === 'open' && r.dueAt < now,
    handledBy: r.handledByKeyId ? { keyId: r.handledByKeyId, userId: r.handledByUserId } : null,
  }));
}

async function openRequest(c: Context<AppEnv>, id: string) {
  const [r] = await database(c.env.DB).select().from(dataRequests).where(and(eq(dataRequests.tenantId, c.var.key.tenantId), eq(dataRequests.id, id)));
  if (!r) throw notFound('The data request');
  if (r.status !== 'open') throw new HttpError(409, 'conflict', `The request is ${r.status} already.`);
  return r;
}

const answered = (c: Context<AppEnv>, status: 'done' | 'refused', outcome: string) => ({
  status, outcome, handledAt: Date.now(), handledByKeyId: c.var.key.id, handledByUserId: c.var.key.userId ?? null, mobile: null,
});

/** Marks a correction done (staff edited the member first) or any open request refused, saying what or why. */
export async function answerDataRequest(c: Context<AppEnv>, id: string, status: 'done' | 'refused', outcome: string) {
  const r = await openRequest(c, id);
  if (status === 'done' && r.kind === 'erasure') throw new HttpError(409, 'conflict', 'An erasure is done by executing it (…/erase), not by marking it.');
  const db = database(c.env.DB);
  const [[row]] = await db.batch([
    db.update(dataRequests).set(answered(c, status, outcome)).where(and(eq(dataRequests.id, id), eq(dataRequests.status, 'open'))).returning(),
    auditEntry(c, { action: `data_request.${status === 'done' ? 'done' : 'refuse'}`, subjectType: 'data_request', subjectId: id, detail: { kind: r.kind, member: r.memberId } }),
  ]);
  if (!row) throw new HttpError(409, 'conflict', 'The request was answered meanwhile.');
  return toDataRequest(row);
}

/**
 * Executes an open erasure: one batch erases everything held about the mobile, records in the audit
 * log only the mobile's HMAC and the counts per table, and marks the request done.
 */
export async function executeErasure(c: Context<AppEnv>, id: string, outcome: string | undefined) {
  const r = await openRequest(c, id);
  if (r.kind !== 'erasure' || !r.mobile) throw new HttpError(409, 'conflict', 'Only an open erasure request can be executed.');
  const db = database(c.env.DB);
  const { counts, statements } = erasePersonalData(db, r.tenantId, r.mobile, r.mobileHash);
  const [[audit], ...rest] = await db.batch([
    auditEntry(c, {
      action: 'member.erase', subjectType: 'data_request', subjectId: id,
      detail: sql`json_object('mobileHmac', ${r.mobileHash}, 'member', ${r.memberId}, 'erased', json(${counts}))`,
    }).returning({ detail: auditLog.detail }),
    ...statements,
    db.update(dataRequests).set(answered(c, 'done', outcome ?? 'Erased.')).where(and(eq(dataRequests.id, id), eq(dataRequests.status, 'open'))).returning(),
  ]);
  const [row] = rest.at(-1) as (typeof dataRequests.$inferSelect)[];
  if (!row) throw new HttpError(409, 'conflict', 'The request was answered meanwhile.');
  return { request: toDataRequest(row), erased: (audit!.detail as { erased: Record<string, number> }).erased };
}
