// Delivery receipts for campaign SMS (the vendors' callback, notify/receipts.ts): the letter whose
// last SMS had the report's vendor id is delivered (`sms_delivered_at`, counted once), or its number
// failed (`sms_failed_at`, counted once: no more SMS and no reminders to it in this campaign).
import type { AppEnv } from '../env.ts';
import { countChanged, newChangeMark } from './counts.ts';

/** A vendor's report, as notify/receipts.ts reads it. */
type Report = { vendorId: string; delivered: boolean };

/** Applies the reports to campaign letters (campaign_letters_sms_vendor); how many letters they changed. */
export async function applyCampaignReports(env: AppEnv['Bindings'], reports: Report[], now = Date.now()): Promise<number> {
  const d1 = env.DB;
  const vendorIds = JSON.stringify(reports.map((r) => r.vendorId));
  const { results: letters } = await d1.prepare(`SELECT id, sms_vendor_id AS vendorId FROM campaign_letters
    WHERE sms_vendor_id IN (SELECT value FROM json_each(?1))`).bind(vendorIds).all<{ id: string; vendorId: string }>();
  if (!letters.length) return 0;
  const delivered = new Set(reports.filter((r) => r.delivered).map((r) => r.vendorId));
  const ok = letters.filter((l) => delivered.has(l.vendorId)).map((l) => l.id);
  const failed = letters.filter((l) => !delivered.has(l.vendorId)).map((l) => l.id);
  const [okMark, failMark] = [newChangeMark(), newChangeMark()];
  const results = await d1.batch([
    d1.prepare(`UPDATE campaign_letters SET sms_delivered_at = ?2, change_mark = ?3 WHERE id IN (SELECT value FROM json_each(?1))
      AND sms_delivered_at IS NULL AND sms_failed_at IS NULL`).bind(JSON.stringify(ok), now, okMark),
    countChanged(d1, 'delivered', 'sms', ok, okMark),
    d1.prepare(`UPDATE campaign_letters SET sms_failed_at = ?2, change_mark = ?3 WHERE id IN (SELECT value FROM json_each(?1))
      AND sms_failed_at IS NULL`).bind(JSON.stringify(failed), now, failMark),
    countChanged(d1, 'failed', 'sms', failed, failMark),
  ]);
  return (results[0]?.meta.changes ?? 0) + (results[2]?.meta.changes ?? 0);
}
