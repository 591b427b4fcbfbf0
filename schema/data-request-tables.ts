// Members' data rights (PIPL arts. 44-47): what a member asked for about their own data, and how
// staff answered. Keyed by the mobile's HMAC (verification/mobile-proof.ts `mobileHash`), not the
// number, so that an erased member's requests stay on record without the number in clear.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tables.ts';

/** `export`: a copy, given at once (recorded done); `correction` and `erasure`: for staff to handle. */
export const dataRequestKinds = ['export', 'correction', 'erasure'] as const;
export const dataRequestStatuses = ['open', 'done', 'refused'] as const;
/** What a correction is about; `other`: the text says. */
export const correctableFields = ['name', 'mobile', 'home_unit', 'current_city', 'category', 'employer', 'other'] as const;
/** Fifteen days from the request (docs/privacy.md says why). */
export const DATA_REQUEST_DUE_DAYS = 15;

export const dataRequests = sqliteTable('data_requests', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().references(() => tenants.id),
  kind: text('kind', { enum: dataRequestKinds }).notNull(),
  status: text('status', { enum: dataRequestStatuses }).notNull().default('open'),
  mobileHash: text('mobile_hash').notNull(),
  /** The member on the roster when the request was made; null: none (or erased since). */
  memberId: text('member_id'),
  /** The number, while a correction or erasure is open (staff must know whom it is about); blanked once answered. */
  mobile: text('mobile'),
  field: text('field', { enum: correctableFields }),
  /** The member's words (a correction); blanked by an erasure. */
  text: text('text'),
  createdAt: integer('created_at').notNull(),
  dueAt: integer('due_at').notNull(),
  /** The staff key (grant) and user who answered it, when, and what they said. */
  handledByKeyId: text('handled_by_key_id'),
  handledByUserId: text('handled_by_user_id'),
  handledAt: integer('handled_at'),
  outcome: text('outcome'),
}, (t) => [
  index('data_requests_status_due').on(t.tenantId, t.status, t.dueAt),
  index('data_requests_mobile').on(t.tenantId, t.mobileHash, t.createdAt),
]);
