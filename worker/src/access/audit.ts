// The audit trail of personal-data reads and changes. An entry is a statement to run in the
// SAME `db.batch([...])` as the read or change it records: D1 runs a batch as one transaction,
// so if the audit write fails the whole request fails, and an unaudited read cannot happen.
import { and, desc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import { auditLog, type AuditQueryParams, type PageQueryParams } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';

export type AuditInput = {
  /** e.g. `member.read`, `member.list`, `key.create`, `key.revoke`. */
  action: string;
  subjectType: string;
  /** The row acted on; null for lists (put the ids in `detail`). */
  subjectId?: string | null;
  /** JSON detail; or SQL yielding JSON, to record what a read in the same batch returns. */
  detail?: Record<string, unknown> | SQL;
};

/** An insert into `audit_log` for the calling key (tenant, role, key id) and this request. */
export function auditEntry(c: Context<AppEnv>, { action, subjectType, subjectId = null, detail }: AuditInput) {
  const key = c.var.key;
  return database(c.env.DB).insert(auditLog).values({
    tenantId: key.tenantId,
    at: Date.now(),
    keyId: key.id,
    role: key.role,
    action,
    subjectType,
    subjectId,
    requestId: c.var.requestId,
    correlationId: c.var.correlationId ?? null,
    detail: detail ?? null,
    userId: key.userId ?? null,
  });
}

/**
 * The values of an audit row as a `select`, for `db.insert(auditLog).select(…)` where an entry
 * depends on the batch (`… where changes() > 0`, or one row per row `from` a table): append the
 * `from`/`where` to it. Drizzle names every column of the table, in this order.
 */
export function auditSelect(c: Context<AppEnv>, e: { at: number; action: string; subjectType: string; subjectId: SQLWrapper | string; detail: SQLWrapper | string }): SQL {
  const k = c.var.key;
  return sql`select null, ${k.tenantId}, ${e.at}, ${k.id}, ${k.role}, ${e.action}, ${e.subjectType}, ${e.subjectId},
    ${c.var.requestId}, ${c.var.correlationId ?? null}, ${e.detail}, ${k.userId ?? null}`;
}

/**
 * A list page's read and its `action` entry in one batch. `pageIds` selects the ids of the page
 * `read` returns, so the entry names exactly those; `q` is the list's validated query, whose
 * parameters besides the paging ones are recorded as its filters.
 */
export async function auditedList<T extends BatchItem<'sqlite'> & PromiseLike<unknown>>(
  c: Context<AppEnv>, read: T, pageIds: SQLWrapper, action: string, subjectType: string, q: PageQueryParams,
): Promise<Awaited<T>> {
  const { cursor, limit, ...filters } = q;
  const [rows] = await database(c.env.DB).batch([read, auditEntry(c, {
    action, subjectType,
    detail: sql`json_object('ids', (select json_group_array(id) from ${pageIds}), 'filters', json(${JSON.stringify(filters)}), 'cursor', ${cursor ?? null}, 'limit', ${limit})`,
  })]);
  return rows as Awaited<T>;
}

/**
 * A page of the log, newest first, plus `more` entries (one: to know if more follow). The log grows by
 * millions of rows, so one filter leads, seeking its own index in id order — the subject
 * (audit_tenant_subject, or audit_tenant_subject_id without a type), else the action
 * (audit_tenant_action), else the user (audit_tenant_user), else the key (audit_tenant_key), else
 * the subject type (audit_tenant_type), else none (audit_tenant_at) — and the others only check its
 * rows. A unary `+` keeps SQLite from leading with their index, which would read all of, say, one
 * subject type to find one rare action; `likelihood` tells it the lead is selective, else with id
 * bounds it walks audit_tenant_at's id range checking every entry. Dates become id bounds on the
 * leading index: the id of the first entry at or after each time (audit_tenant_time), since entries
 * are numbered as they are written; each entry's own time is checked too.
 */
export function auditPageQuery(db: ReturnType<typeof database>, tenantId: string, q: AuditQueryParams, more = 1) {
  const lead = q.subjectId !== undefined ? 'subject' : q.action !== undefined ? 'action' : q.userId !== undefined ? 'user'
    : q.keyId !== undefined ? 'key' : 'type';
  const filter = (column: SQLWrapper, value: string | undefined, leads: boolean) =>
    (value === undefined ? undefined : leads ? sql`likelihood(${column} = ${value}, 0.001)` : sql`+${column} = ${value}`);
  /** The id of the first entry at or after `time`, or past every id when none is. */
  const firstIdFrom = (time: number) => sql`coalesce((select ${auditLog.id} from ${auditLog} where ${auditLog.tenantId} = ${tenantId}
    and ${auditLog.at} >= ${time} order by ${auditLog.at} limit 1), ${Number.MAX_SAFE_INTEGER})`;
  const from = q.from === undefined ? undefined : Date.parse(q.from);
  const to = q.to === undefined ? undefined : Date.parse(q.to);
  const where = [
    sql`${auditLog.tenantId} = ${tenantId}`,
    filter(auditLog.subjectType, q.subjectType, lead === 'subject' || lead === 'type'),
    filter(auditLog.subjectId, q.subjectId, true),
    filter(auditLog.action, q.action, lead === 'action'),
    filter(auditLog.userId, q.userId, lead === 'user'),
    filter(auditLog.keyId, q.keyId, lead === 'key'),
    q.cursor === undefined ? undefined : sql`${auditLog.id} < ${Number(q.cursor)}`,
    from === undefined ? undefined : sql`${auditLog.id} >= ${firstIdFrom(from)} and +${auditLog.at} >= ${from}`,
    to === undefined ? undefined : sql`${auditLog.id} < ${firstIdFrom(to)} and +${auditLog.at} < ${to}`,
  ];
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(q.limit + more);
}

/**
 * A page of the log and its own `audit.list` entry (the ids shown, the filters), in one batch:
 * reading the log is itself recorded, as any other list of personal data is.
 */
export function auditedAuditPage(c: Context<AppEnv>, q: AuditQueryParams) {
  const db = database(c.env.DB);
  const shown = auditPageQuery(db, c.var.key.tenantId, q, 0).as('shown');
  return auditedList(c, auditPageQuery(db, c.var.key.tenantId, q), db.select({ id: shown.id }).from(shown), 'audit.list', 'audit', q);
}
