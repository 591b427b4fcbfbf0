// Branch reads for the finder. The nearest search runs on D1 directly so that it can report
// D1's own rows-read figure (drizzle's D1 driver does not pass result meta through).
import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { branches, committees, hostCities, type Branch } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import { decodeCursor, encodeCursor } from '../lib/cursor.ts';

export type BranchRow = typeof branches.$inferSelect & {
  committeeNameZh: string | null; committeeNameEn: string | null;
  cityNameZh: string; cityNameEn: string;
};

/** Public figure: rounded down to tens, so a small branch never reveals its exact size. */
export const publicMemberCount = (count: number) => Math.floor(count / 10) * 10;

export function toBranch(r: BranchRow): Branch {
  const pair = (zh: string | null, en: string | null) => (zh === null ? null : { zh, en: en ?? zh });
  return {
    id: r.id,
    name: { zh: r.nameZh, en: r.nameEn },
    committee: r.committeeId === null ? null
      : { id: r.committeeId, name: { zh: r.committeeNameZh ?? '', en: r.committeeNameEn ?? '' } },
    city: { id: r.cityId, name: { zh: r.cityNameZh, en: r.cityNameEn } },
    address: { zh: r.addressZh, en: r.addressEn },
    position: { lat: r.lat, lng: r.lng },
    meetingPlace: pair(r.meetingPlaceZh, r.meetingPlaceEn),
    meetingTimes: pair(r.meetingTimesZh, r.meetingTimesEn),
    officePhone: r.officePhone,
    membersServed: publicMemberCount(r.memberCount),
  };
}

const committee = alias(committees, 'committee');
const city = alias(hostCities, 'city');
const withNames = {
  ...getTableColumns(branches),
  committeeNameZh: committee.nameZh, committeeNameEn: committee.nameEn,
  cityNameZh: city.nameZh, cityNameEn: city.nameEn,
};

const selectBranches = (db: Database) =>
  db.select(withNames).from(branches)
    .leftJoin(committee, eq(committee.id, branches.committeeId))
    .innerJoin(city, eq(city.id, branches.cityId));

export async function getBranch(db: Database, tenantId: string, id: string): Promise<Branch | undefined> {
  const [row] = await selectBranches(db).where(and(eq(branches.tenantId, tenantId), eq(branches.id, id))).limit(1);
  return row && toBranch(row);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

type SearchParams = { city?: string; q?: string; limit: number; cursor?: string };

/** The search query (exported for its query-plan test): one page plus one row to know if more follow. */
export function searchBranchesQuery(db: Database, tenantId: string, query: SearchParams) {
  const where: SQL[] = [eq(branches.tenantId, tenantId)];
  if (query.city) where.push(eq(branches.cityId, query.city));
  if (query.q) where.push(sql`${branches.searchText} like ${`%${escapeLike(query.q.toLowerCase())}%`} escape '\\'`);
  if (query.cursor) {
    const [cityId, id] = decodeCursor(query.cursor, ['string', 'string']);
    where.push(sql`(${branches.cityId}, ${branches.id}) > (${cityId}, ${id})`);
  }
  return selectBranches(db).where(and(...where))
    .orderBy(asc(branches.cityId), asc(branches.id)).limit(query.limit + 1);
}

/** Search by city and/or text, a page at a time in (city, id) order, which an index serves. */
export async function searchBranches(
  db: Database, tenantId: string, query: SearchParams,
): Promise<{ data: Branch[]; nextCursor: string | null }> {
  const rows = await searchBranchesQuery(db, tenantId, query);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toBranch),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cityId, last.id]) : null,
  };
}
