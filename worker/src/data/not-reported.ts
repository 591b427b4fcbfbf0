// 未报到: the members of a scope who have not checked in since a date. No index holds the last
// check-in, so a query walks the scope's own index in id order (as GET /v1/members does) and
// marks each member it examines, reading a bounded number of them: a JSON page examines `limit`
// members and returns those not reported; an export walks the scope in chunks of EXPORT_CHUNK,
// one D1 batch each, and writes its one `member.export` audit entry in the batch that reads the
// last chunk.
import { and, asc, count, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import {
  auditLog, branches, committees, homeUnits, members, tenants, type NotReportedQueryParams, type StaffMember,
} from '../../../schema/index.ts';
import { auditedList, auditSelect } from '../access/audit.ts';
import { memberScope, membersUnder, nodeInMemberScope, type MemberNode } from '../access/member-scope.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv, ResolvedKey } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';
import { branch, columns, toStaffMember, unit } from './members.ts';

/** China has kept UTC+8 all year since 1991: Asia/Shanghai is a fixed offset. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 00:00 on 1 January of the year it is now in Asia/Shanghai, as unix ms: the default `since`. */
export function startOfYearInShanghai(now = Date.now()): number {
  return Date.UTC(new Date(now + SHANGHAI_OFFSET_MS).getUTCFullYear(), 0, 1) - SHANGHAI_OFFSET_MS;
}

/**
 * Members examined per export batch: a chunk reads about this many members (and their joins), so
 * 5,200 members take 6 batches and 100,000 take 101, within a Worker's 1,000 D1 queries.
 */
export const EXPORT_CHUNK = 1_000;

/**
 * What a walk reads: `lead`, the members it walks (one indexed equality, in id order: the node's
 * or, without one, the key's scope), and `shown`, whether a member it examines is listed (not
 * reported since `since`, and within the key's scope: every member query ANDs the scope).
 */
export type Walk = { lead: SQL; shown: SQL; since: number; node: string | null };

/**
 * Up to `size` members of the walk after `cursor`, in id order, each with its home unit and host
 * branch (three rows read per member, as a GET /v1/members page reads) and `shown` (exported for
 * the rows-read test).
 */
export function walkQuery(db: Database, w: Walk, cursor: string | undefined, size: number) {
  return db.select({
    ...columns, unitKind: named(unit.kind, 'unit_kind'), homeTownId: members.homeTownId, shown: sql<number>`${w.shown}`.as('shown'),
  }).from(members)
    .innerJoin(unit, eq(unit.id, members.homeUnitId))
    .leftJoin(branch, eq(branch.id, members.hostBranchId))
    .where(cursor === undefined ? w.lead : and(w.lead, gt(members.id, cursor)))
    .orderBy(asc(members.id)).limit(size);
}
export type WalkRow = Awaited<ReturnType<typeof walkQuery>>[number];

/** A node of either tree by id in the tenant, with its Chinese name; undefined if there is none. */
async function findNode(db: Database, tenantId: string, id: string): Promise<(MemberNode & { nameZh: string }) | undefined> {
  const rows = await db.all<{ kind: MemberNode['kind']; parent_id: string | null; name_zh: string }>(sql`
    select ${homeUnits.kind} as kind, ${homeUnits.parentId} as parent_id, ${homeUnits.nameZh} as name_zh from ${homeUnits}
      where ${homeUnits.tenantId} = ${tenantId} and ${homeUnits.id} = ${id}
    union all select 'committee', null, ${committees.nameZh} from ${committees} where ${committees.tenantId} = ${tenantId} and ${committees.id} = ${id}
    union all select 'branch', ${branches.committeeId}, ${branches.nameZh} from ${branches} where ${branches.tenantId} = ${tenantId} and ${branches.id} = ${id}`);
  const row = rows[0];
  return row && { id, kind: row.kind, parentId: row.parent_id, nameZh: row.name_zh };
}

/**
 * Partners may not list who has not reported: their scope is members who consented to share a
 * reduced record with them, which shows no check-in times (docs/roles.md).
 */
function refusePartners(key: ResolvedKey): void {
  if (key.role === 'partner') {
    throw new HttpError(403, 'forbidden', 'Partner keys may not list members who have not reported: the partner view shows no check-ins.');
  }
}

/**
 * The walk for `node` (404 if the tenant has no such node, 403 if it lies outside the key's scope)
 * or, without one, for the key's whole scope; partners get 403.
 */
export async function notReportedWalk(db: Database, key: ResolvedKey, since: number, nodeId: string | undefined): Promise<Walk & { nameZh?: string }> {
  refusePartners(key);
  const shown = and(sql`(${members.lastCheckInAt} is null or ${members.lastCheckInAt} < ${since})`, memberScope(db, key))!;
  if (nodeId === undefined) return { lead: memberScope(db, key), shown, since, node: null };
  const node = await findNode(db, key.tenantId, nodeId);
  if (!node) throw notFound(`The node ${nodeId}`);
  if (!nodeInMemberScope(key, node)) throw new HttpError(403, 'forbidden', `The node ${nodeId} is outside this key's scope.`);
  return { lead: membersUnder(key.tenantId, node), shown, since, node: node.id, nameZh: node.nameZh };
}

/**
 * A page: the members not reported among the next `limit` of the walk, and its `member.list` audit
 * entry (the ids shown, the filters) in the same batch.
 */
export async function listNotReported(c: Context<AppEnv>, q: NotReportedQueryParams): Promise<{ data: StaffMember[]; nextCursor: string | null }> {
  const db = database(c.env.DB);
  const since = q.since ?? startOfYearInShanghai();
  const w = await notReportedWalk(db, c.var.key, since, q.node);
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['string'])[0];
  const examined = walkQuery(db, w, cursor, q.limit).as('examined');
  const shownIds = db.select({ id: examined.id }).from(examined).where(eq(examined.shown, 1));
  const filters = { limit: q.limit, cursor: q.cursor, since, node: q.node, notReported: true };
  const rows = await auditedList(c, walkQuery(db, w, cursor, q.limit + 1), shownIds, 'member.list', 'member', filters);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.id]));
  return { data: page.filter((r) => r.shown === 1).map(toStaffMember), nextCursor };
}

/**
 * The `member.export` entry, inserted only if no member of the walk follows the chunk after
 * `cursor` (the chunk is the last): then `count` is `before` plus the chunk's shown members,
 * counted in the same transaction as the read. Its condition reads index entries only.
 */
function auditIfLast(c: Context<AppEnv>, db: Database, w: Walk, cursor: string | undefined, before: number, format: string) {
  const after = cursor === undefined ? w.lead : and(w.lead, gt(members.id, cursor))!;
  const ahead = db.select({ one: sql`1` }).from(members).where(after).orderBy(asc(members.id)).limit(EXPORT_CHUNK + 1);
  const shownInChunk = db.select({ n: count() }).from(members).where(and(after, w.shown));
  const filters = JSON.stringify({ since: w.since, node: w.node });
  const values = auditSelect(c, {
    at: Date.now(), action: 'member.export', subjectType: 'member', subjectId: sql`null`,
    detail: sql`json_object('filters', json(${filters}), 'format', ${format}, 'count', ${before} + ${shownInChunk})`,
  });
  return db.insert(auditLog).select(sql`${values} where (select count(*) from ${ahead}) <= ${EXPORT_CHUNK}`);
}

export type ExportRun = { count: number; since: number; label: string; node: string | null; batches: number };
/** A chunk's members not reported, and the Chinese names of the tenant's towns by id. */
export type ExportChunk = { rows: WalkRow[]; towns: ReadonlyMap<string, string> };

/**
 * Walks the whole scope (or `node`) in chunks, handing each chunk's members not reported to
 * `take` in id order; the batch that reads the last chunk also writes the one `member.export`
 * entry. Nothing should leave the worker before this resolves: only then is the entry written.
 */
export async function exportNotReported(
  c: Context<AppEnv>, q: NotReportedQueryParams, take: (chunk: ExportChunk) => void | Promise<void>,
): Promise<ExportRun> {
  const db = database(c.env.DB);
  const key = c.var.key;
  const since = q.since ?? startOfYearInShanghai();
  const w = await notReportedWalk(db, key, since, q.node);
  const [label, towns] = await Promise.all([w.nameZh ?? scopeName(db, key), townNames(db, key.tenantId)]);
  let cursor: string | undefined;
  let shown = 0;
  for (let batches = 1; ; batches++) {
    const [rows, audit] = await db.batch([walkQuery(db, w, cursor, EXPORT_CHUNK + 1), auditIfLast(c, db, w, cursor, shown, q.format)]);
    const chunk = rows.slice(0, EXPORT_CHUNK);
    const listed = chunk.filter((r) => r.shown === 1);
    await take({ rows: listed, towns });
    shown += listed.length;
    const last = rows.length <= EXPORT_CHUNK;
    // One transaction: the entry is written exactly when the read found the walk's end.
    if ((audit.meta.changes === 1) !== last) throw new Error(`member.export: audit entry ${audit.meta.changes} in a ${last ? 'last' : 'middle'} chunk`);
    if (last) return { count: shown, since, label, node: w.node, batches };
    cursor = chunk.at(-1)!.id;
  }
}

/** The tenant's towns (a few dozen; the home tree's top level, home_units_tenant_parent). */
async function townNames(db: Database, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: homeUnits.id, nameZh: homeUnits.nameZh }).from(homeUnits)
    .where(and(eq(homeUnits.tenantId, tenantId), isNull(homeUnits.parentId)));
  return new Map(rows.map((r) => [r.id, r.nameZh]));
}

/** The Chinese name of the key's own node, or of its tenant for a home admin: for file names. */
async function scopeName(db: Database, key: ResolvedKey): Promise<string> {
  if (key.scopeNodeId !== null) return (await findNode(db, key.tenantId, key.scopeNodeId))?.nameZh ?? key.scopeNodeId;
  const [tenant] = await db.select({ nameZh: tenants.nameZh }).from(tenants).where(eq(tenants.id, key.tenantId)).limit(1);
  return tenant?.nameZh ?? key.tenantId;
}
