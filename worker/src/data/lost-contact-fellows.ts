// 老乡寻人: for a lost-contact case, the members of the same village (home unit) who live in the
// lost member's last known city, so that staff can ask them to help find them. A fellow lives
// there if their current city or their host branch's city is one of the lost member's (their
// current city, their host branch's city); only members who proved their mobile in a confirmed
// check-in (mobile_verified_at) and checked in within a year: their city and branch are fresh,
// and their number answers. Staff who see the case see the fellows' names and mobiles, to call
// them; each page is audited with the lost member as its subject and the fellows' ids.
import { and, desc, eq, gte, inArray, isNotNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { branches, hostCities, members, type LostContactFellowsPage, type LostContactFellowsQuery } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database, named, type Database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { pageFrom } from '../lib/cursor.ts';
import { caseInScope } from './lost-contact.ts';

/** How recent a fellow's last check-in must be. */
export const FELLOW_REPORTED_WITHIN_MS = 365 * 86_400_000;

/** Where the lost member was last known to live: their village, city names and host branch's city. */
export type LostWhere = { tenantId: string; memberId: string; homeUnitId: string; cities: string[]; cityId: string | null };

/** The lost member's LostWhere (exported for the budget test). */
export async function whereLost(db: Database, tenantId: string, memberId: string): Promise<LostWhere> {
  const [m] = await db.select({ homeUnitId: members.homeUnitId, currentCity: members.currentCity, cityId: branches.cityId, cityZh: hostCities.nameZh })
    .from(members).leftJoin(branches, eq(branches.id, members.hostBranchId)).leftJoin(hostCities, eq(hostCities.id, branches.cityId))
    .where(and(eq(members.tenantId, tenantId), eq(members.id, memberId))).limit(1);
  const cities = [...new Set([m?.currentCity?.trim(), m?.cityZh].filter((x): x is string => !!x))];
  return { tenantId, memberId, homeUnitId: m?.homeUnitId ?? '', cities, cityId: m?.cityId ?? null };
}

/**
 * A page of fellows plus one (exported for the budget test): it seeks members_verified_home (the
 * village's verified members, most recently checked in first) from the cursor; the city is checked
 * on each of those rows, with its host branch.
 */
export function fellowsPageQuery(db: Database, w: LostWhere, q: LostContactFellowsQuery, now: number) {
  const lives: SQL[] = [
    ...(w.cities.length ? [inArray(members.currentCity, w.cities)] : []),
    ...(w.cityId ? [eq(branches.cityId, w.cityId)] : []),
  ];
  const where: SQL[] = [
    eq(members.tenantId, w.tenantId), eq(members.homeUnitId, w.homeUnitId), isNotNull(members.mobileVerifiedAt),
    gte(members.lastCheckInAt, now - FELLOW_REPORTED_WITHIN_MS), ne(members.id, w.memberId),
    lives.length ? or(...lives)! : sql`0`,
  ];
  if (q.cursor) {
    const [at, id] = q.cursor.split(':') as [string, string];
    where.push(lte(members.lastCheckInAt, Number(at)), sql`(${members.lastCheckInAt}, ${members.id}) < (${Number(at)}, ${id})`);
  }
  return db.select({
    id: members.id, name: members.name, mobile: members.mobile, currentCity: members.currentCity, lastCheckInAt: members.lastCheckInAt,
    branchId: named<string | null>(branches.id, 'branch_id'), branchZh: named<string | null>(branches.nameZh, 'branch_zh'), branchEn: named<string | null>(branches.nameEn, 'branch_en'),
  }).from(members).leftJoin(branches, eq(branches.id, members.hostBranchId))
    .where(and(...where)).orderBy(desc(members.lastCheckInAt), desc(members.id)).limit(q.limit + 1);
}

/** The fellows of a case in the caller's scope (else 404), a page at a time, audited (`lost_contact.fellows`). */
export async function listFellows(c: Context<AppEnv>, caseId: string, q: LostContactFellowsQuery): Promise<LostContactFellowsPage> {
  const found = await caseInScope(c, caseId);
  const db = database(c.env.DB);
  const now = Date.now();
  const w = await whereLost(db, found.tenantId, found.memberId);
  // The page without its extra row: the ids the entry names.
  const shown = fellowsPageQuery(db, w, { ...q, limit: q.limit - 1 }, now).as('shown');
  const [rows] = await db.batch([
    fellowsPageQuery(db, w, q, now),
    auditEntry(c, {
      action: 'lost_contact.fellows', subjectType: 'member', subjectId: found.memberId,
      detail: sql`json_object('case', ${caseId}, 'ids', (select json_group_array(${shown.id}) from ${shown}), 'cursor', ${q.cursor ?? null}, 'limit', ${q.limit})`,
    }),
  ]);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => `${last.lastCheckInAt}:${last.id}`);
  return {
    data: page.map((r) => ({
      id: r.id, name: r.name, mobile: r.mobile, currentCity: r.currentCity, lastCheckInAt: r.lastCheckInAt ?? 0,
      hostBranch: r.branchId ? { id: r.branchId, name: { zh: r.branchZh ?? '', en: r.branchEn ?? '' } } : null,
    })),
    nextCursor, cities: w.cities,
  };
}
