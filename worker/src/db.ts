import { Column, getTableColumns, is, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/** Drizzle over the request's D1 binding. */
export const database = (d1: D1Database) => drizzle(d1);
export type Database = ReturnType<typeof database>;

/**
 * A column or expression selected under a name of its own. In a D1 batch drizzle reads rows by
 * column name, so columns of joined tables that share a name (id, name_zh) would overwrite each
 * other; a column keeps its decoding (booleans, timestamps).
 */
export function named<T = string | null>(column: SQLWrapper, as: string) {
  const expression = sql<T>`${column}`;
  return (is(column, Column) ? (expression.mapWith(column) as SQL<T>) : expression).as(as);
}

/** D1 binds at most 100 parameters per statement. */
export const D1_MAX_PARAMS = 100;

/**
 * `column IN (ids)` binding the whole list as one JSON parameter, so that a page of 100 ids and
 * the tenant stay within D1's bound-parameter limit. SQLite still seeks an index on `column`.
 */
export const inIdList = (column: Column, ids: readonly string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

/** Insert statements for `rows`, chunked so that no statement binds more than D1 allows; run them in one `db.batch`. */
export function chunkedInserts<T extends SQLiteTable>(db: Database, table: T, rows: T['$inferInsert'][]) {
  const perStatement = Math.max(1, Math.floor(D1_MAX_PARAMS / Object.keys(getTableColumns(table)).length));
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    statements.push(db.insert(table).values(rows.slice(i, i + perStatement)).onConflictDoNothing());
  }
  return statements;
}

/** The messages of an error and its causes: drizzle wraps D1's message in `.cause`. */
export function errorMessages(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.join(' | ');
}
