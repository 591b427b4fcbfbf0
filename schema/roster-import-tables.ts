// Roster imports: the home admin (or town staff, for their town) loading members from a file the
// organisation keeps. The browser parses the file and sends its rows in batches; each batch is
// applied at most once (its offset is its key), so a retried request writes nothing twice.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tables.ts';

/** What an import does with a mobile already on the roster. */
export const rosterImportModes = ['skip', 'update', 'fill'] as const;
export const rosterImportStatuses = ['running', 'stopped', 'completed'] as const;

/** One import: its label, its mode, how many rows the file has, and what its batches did so far. */
export const rosterImports = sqliteTable('roster_imports', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  /** The importer's label for it (e.g. 2026年花名册), recorded on every member row it writes. */
  tag: text('tag').notNull(),
  mode: text('mode', { enum: rosterImportModes }).notNull(),
  /** Rows the file has; the import is completed once its batches have covered them all. */
  total: integer('total').notNull(),
  /** Rows of batches applied so far. */
  applied: integer('applied').notNull().default(0),
  added: integer('added').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  refused: integer('refused').notNull().default(0),
  status: text('status', { enum: rosterImportStatuses }).notNull().default('running'),
  /** The town a town staff import is limited to; null: the home admin's, the whole tenant. */
  townId: text('town_id'),
  createdByKeyId: text('created_by_key_id').notNull(),
  /** The console user behind the key, if a session made it. */
  userId: text('user_id'),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
}, (t) => [
  index('roster_imports_recent').on(t.tenantId, t.createdAt),
  index('roster_imports_town_recent').on(t.tenantId, t.townId, t.createdAt),
]);

/**
 * A batch applied: its offset within the import's rows is its key, so a retry of it finds it here
 * and writes nothing. Keeps the batch's counts and row errors, answered again to a retry.
 */
export const rosterImportBatches = sqliteTable('roster_import_batches', {
  importId: text('import_id').notNull().references(() => rosterImports.id),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  /** Index of the batch's first row among the import's rows (0-based). */
  rowOffset: integer('row_offset').notNull(),
  rows: integer('rows').notNull(),
  /** SHA-256 of the batch's rows: the same offset with other rows is a conflict, not a retry. */
  rowsHash: text('rows_hash').notNull(),
  added: integer('added').notNull(),
  updated: integer('updated').notNull(),
  skipped: integer('skipped').notNull(),
  refused: integer('refused').notNull(),
  /** JSON array of the refused rows' errors ({ row, field, code, message }). */
  errors: text('errors', { mode: 'json' }).$type<unknown[]>().notNull(),
  keyId: text('key_id').notNull(),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.rowOffset] })]);
