// The branch text-search index, for drizzle queries. migrations/0006_branch_text_search.sql
// creates these tables by hand, with the triggers on `branches` that keep them current. They are
// kept out of tables.ts (the only file drizzle.config.ts reads) on purpose: drizzle-kit knows
// nothing of the triggers that fill them and would generate its own CREATE TABLE for them.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One row per distinct 1- or 2-character gram of a branch's lower-cased search text. Never written by the app. */
export const branchTextGrams = sqliteTable('branch_text_grams', {
  tenantId: text('tenant_id').notNull(),
  gram: text('gram').notNull(),
  cityId: text('city_id').notNull(),
  branchId: text('branch_id').notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.gram, t.cityId, t.branchId] })]);

/** How many of a tenant's branches hold each 2-character gram. Never written by the app. */
export const branchTextGramCounts = sqliteTable('branch_text_gram_counts', {
  tenantId: text('tenant_id').notNull(),
  gram: text('gram').notNull(),
  branches: integer('branches').notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.gram] })]);
