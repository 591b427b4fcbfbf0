// Branch reads for the finder. The nearest search runs on D1 directly so that it can report
// D1's own rows-read figure (drizzle's D1 driver does not pass result meta through).
import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { branches, committees, hostCities, type Branch, type SearchQueryParams } from '../../../schema/index.ts';
import { branchTextGramCounts, branchTextGrams } from '../../../schema/branch-text-search.ts';
import type { Database } from '../db.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';

export type BranchRow = typeof branches.$inferSelect & {
  committeeNameZh: string | null; committeeNameEn: string | null;
  cityNameZh: string; cityNameEn: string;
};

/** Text the branch search matches against: names, address and city, lower-cased. */
export function branchSearchText(b: { nameZh: string; nameEn: string; addressZh: string; addressEn: string }, cityNames: string[]): string {
  return [b.nameZh, b.nameEn, b.addressZh, b.addressEn, ...cityNames].join(' ').toLowerCase();
}

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

/**
 * The grams of a lower-cased query that the text index can be sought by: its 2-character
 * substrings, or the one character of a 1-character query. Every branch that matches holds each
 * of them. Characters are code points, as SQLite's substr() counts them.
 */
function queryGrams(pattern: string): string[] {
  const chars = Array.from(pattern);
  if (chars.length < 2) return chars;
  return [...new Set(chars.slice(1).map((ch, i) => `${chars[i]}${ch}`))];
}

/** The gram held by the fewest of the tenant's branches; one the index lacks counts 0 (nothing can match). */
const rarestGram = (tenantId: string, grams: string[]) => sql`(select j.value from json_each(${JSON.stringify(grams)}) j
  left join ${branchTextGramCounts} c on c.tenant_id = ${tenantId} and c.gram = j.value
  order by coalesce(c.branches, 0) limit 1)`;

/**
 * The search query (exported for its query-plan tests): one page plus one row to know if more
 * follow. With `q` it walks the postings of q's rarest gram, which list branches in (city, id)
 * order, and keeps those whose search text contains q, as LIKE did before: a page reads
 * about a page of rows however many branches match.
 */
export function searchBranchesQuery(db: Database, tenantId: string, query: SearchQueryParams) {
  const key = query.q ? { cityId: branchTextGrams.cityId, id: branchTextGrams.branchId } : { cityId: branches.cityId, id: branches.id };
  const where: SQL[] = [eq(branches.tenantId, tenantId)];
  if (query.city) where.push(eq(key.cityId, query.city));
  if (query.cursor) {
    const [cityId, id] = decodeCursor(query.cursor, ['string', 'string']);
    where.push(sql`(${key.cityId}, ${key.id}) > (${cityId}, ${id})`);
  }
  const order = [asc(key.cityId), asc(key.id)];
  if (!query.q) return selectBranches(db).where(and(...where)).orderBy(...order).limit(query.limit + 1);

  const pattern = query.q.toLowerCase();
  where.push(
    eq(branchTextGrams.tenantId, tenantId),
    eq(branchTextGrams.gram, rarestGram(tenantId, queryGrams(pattern))),
    eq(branches.id, branchTextGrams.branchId),
    // What LIKE '%q%' matched (lower() folds Latin letters only, as LIKE does), without wildcards
    // to escape or LIKE's 50-byte pattern limit on D1, which a q of 17 Chinese characters broke.
    sql`instr(lower(${branches.searchText}), ${pattern}) > 0`,
  );
  // CROSS JOIN keeps the postings as SQLite's outer loop: their order is the page's.
  return db.select(withNames).from(branchTextGrams).crossJoin(branches)
    .leftJoin(committee, eq(committee.id, branches.committeeId))
    .innerJoin(city, eq(city.id, branches.cityId))
    .where(and(...where)).orderBy(...order).limit(query.limit + 1);
}

/** Search by city and/or text, a page at a time in (city, id) order, which an index serves. */
export async function searchBranches(
  db: Database, tenantId: string, query: SearchQueryParams,
): Promise<{ data: Branch[]; nextCursor: string | null }> {
  const rows = await searchBranchesQuery(db, tenantId, query);
  const { page, nextCursor } = pageFrom(rows, query.limit, (last) => encodeCursor([last.cityId, last.id]));
  return { data: page.map(toBranch), nextCursor };
}
