// The audit trail of personal-data reads and changes. An entry is a statement to run in the
// SAME `db.batch([...])` as the read or change it records: D1 runs a batch as one transaction,
// so if the audit write fails the whole request fails, and an unaudited read cannot happen.
import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { auditLog } from '../../../schema/index.ts';
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
    detail: detail ?? null,
  });
}
