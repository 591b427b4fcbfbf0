// A list page, newest first (or oldest first), over a table whose scope is several conditions ("arms"), each an
// equality on an index ordered by (…, created_at) and so by rowid too. They are merged by a
// UNION whose ORDER BY … LIMIT SQLite runs as a merge of the arms in index order (MERGE (UNION),
// a co-routine), reading about a page from each instead of every row in scope and sorting them
// (an OR of the arms would). The page's keys then join the table, already in order. A scope of
// one arm needs none of this: its list walks its index directly.
import { and, sql, type Column, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

type Listed = SQLiteTable & { createdAt: Column };

/**
 * `(… ) as page`: the created_at (`page.page_at`) and rowid (`page.page_rowid`) of the newest
 * `limit` rows matching any arm and every filter, newest first (ties: higher rowid first).
 */
export function newestFirstKeys(table: Listed, arms: SQL[], filters: SQL[], limit: number, order: Order = 'newest'): SQL {
  const selects = (arms.length ? arms : [sql`0`]).map((arm) =>
    sql`select ${table.createdAt} as page_at, ${table}.rowid as page_rowid from ${table} where ${and(arm, ...filters)}`);
  const dir = order === 'oldest' ? sql`asc` : sql`desc`;
  return sql`(${sql.join(selects, sql` union `)} order by 1 ${dir}, 2 ${dir} limit ${limit}) as page`;
}

/** Newest first (the lists' default), or oldest first (the same indexes, read the other way). */
export type Order = 'newest' | 'oldest';

/** Joins the listed table to its page keys. */
export const onPageKey = (table: SQLiteTable) => sql`${table}.rowid = page.page_rowid`;
/** The page's order, which its keys already come in (no sort). */
export const pageOrder = [sql`page.page_at desc`, sql`page.page_rowid desc`];
export const oldestPageOrder = [sql`page.page_at asc`, sql`page.page_rowid asc`];
/** The cursor condition: rows older than the last one shown. */
export const olderThan = (table: Listed, createdAt: number, rowid: number) =>
  sql`(${table.createdAt}, ${table}.rowid) < (${createdAt}, ${rowid})`;
/** The cursor condition oldest first: rows newer than the last one shown. */
export const newerThan = (table: Listed, createdAt: number, rowid: number) =>
  sql`(${table.createdAt}, ${table}.rowid) > (${createdAt}, ${rowid})`;
