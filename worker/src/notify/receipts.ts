// SMS delivery receipts: each vendor posts a batch of reports to a URL holding our secret token;
// a report marks its message `delivered` (or `failed`, with the carrier's code) by the vendor's
// message id, and a campaign letter's SMS (campaigns/receipts.ts) likewise. WeChat reports neither
// delivery nor reading for subscription messages.
import { and, eq } from 'drizzle-orm';
import { notifications } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { applyCampaignReports } from '../campaigns/receipts.ts';

type Report = { vendorId: string; delivered: boolean; code?: string | undefined };

/** Whether `token` is the configured NOTIFY_RECEIPT_TOKEN (none configured: never). */
export async function receiptTokenValid(env: AppEnv['Bindings'], token: string): Promise<boolean> {
  const expected = env.NOTIFY_RECEIPT_TOKEN?.trim();
  if (!expected || expected.length < 16) return false;
  return (await sha256Hex(token)) === (await sha256Hex(expected));
}

/** The vendor's entries as reports: Aliyun `biz_id`/`success`, Tencent `sid`/`report_status`. */
export function reportsOf(vendor: 'aliyun' | 'tencent', entries: Record<string, unknown>[]): Report[] {
  return entries.flatMap((e): Report[] => {
    if (vendor === 'aliyun' && typeof e.biz_id === 'string') return [{ vendorId: e.biz_id, delivered: e.success === true, code: e.err_code as string | undefined }];
    if (vendor === 'tencent' && typeof e.sid === 'string') return [{ vendorId: e.sid, delivered: e.report_status === 'SUCCESS', code: e.errmsg as string | undefined }];
    return [];
  });
}

/** Applies the reports; returns how many messages they matched. A report never moves a message back. */
export async function applyReports(env: AppEnv['Bindings'], reports: Report[], now = Date.now()): Promise<number> {
  if (!reports.length) return 0;
  const db = database(env.DB);
  const sentWith = (id: string) => and(eq(notifications.vendorMessageId, id), eq(notifications.channel, 'sms'), eq(notifications.status, 'sent'));
  const [first, ...rest] = reports.map((r) => db.update(notifications)
    .set(r.delivered ? { status: 'delivered', deliveredAt: now } : { status: 'failed', lastError: `not delivered: ${r.code ?? 'unknown'}` })
    .where(sentWith(r.vendorId)));
  const results = await db.batch([first!, ...rest]);
  return results.reduce((n, r) => n + (r as D1Result).meta.changes, 0) + await applyCampaignReports(env, reports, now);
}
