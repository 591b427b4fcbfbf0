// `POST /v1/campaigns/{id}/send`: a draft starts sending (its audience counted, the first letters
// step enqueued); a campaign already sending resumes from its cursor (its steps enqueued again, which
// they survive: letters-step.ts, campaign-sms.ts). Sent or ended: 409. Audited with the change.
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { campaigns, type CampaignSendResult } from '../../../schema/index.ts';
import { auditEntry } from '../access/audit.ts';
import { database } from '../db.ts';
import type { AppEnv, CampaignMessage } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { smsTemplateOn } from '../sms/index.ts';
import { audienceUnits, countAudience } from './audience.ts';
import { enqueueCampaign } from './queue.ts';

const refuse = (message: string) => new HttpError(409, 'conflict', message);

export async function startSending(c: Context<AppEnv>, id: string): Promise<CampaignSendResult> {
  const key = c.var.key;
  const db = database(c.env.DB);
  const mine = and(eq(campaigns.id, id), eq(campaigns.tenantId, key.tenantId));
  const [found] = await db.select().from(campaigns).where(mine).limit(1);
  if (!found) throw notFound('The campaign');
  if (found.status === 'sent' || found.status === 'ended') throw refuse(`The campaign is ${found.status}: it is not sent again.`);
  const now = Date.now();
  if (found.endsAt <= now) throw refuse('The campaign\'s end (endsAt) has passed.');
  if (found.channels.includes('sms') && !smsTemplateOn(c.env, 'campaign_letter')) {
    throw refuse('The SMS channel needs the approved campaign_letter template in SMS_NOTIFY_TEMPLATES.');
  }
  let row = found;
  let resumed = found.status === 'sending';
  if (!resumed) {
    const { members: audienceTotal } = await countAudience(c.env.DB, key.tenantId, found.audience, await audienceUnits(c.env.DB, key.tenantId, found.audience));
    const [[started]] = await db.batch([
      db.update(campaigns).set({ status: 'sending', audienceTotal, sendStartedAt: now, sendProgressAt: now, updatedAt: now })
        .where(and(mine, eq(campaigns.status, 'draft'))).returning(),
      auditEntry(c, { action: 'campaign.send', subjectType: 'campaign', subjectId: id, detail: { audienceTotal } }),
    ]);
    // Another request started it a moment ago: this one resumes it, which changes nothing.
    if (started) row = started;
    else [row = found] = await db.select().from(campaigns).where(mine).limit(1);
    resumed = !started;
  } else {
    await auditEntry(c, { action: 'campaign.resume', subjectType: 'campaign', subjectId: id, detail: { sendCursor: found.sendCursor } });
  }
  const steps: CampaignMessage[] = row.status === 'sending' ? [{ kind: 'letters', campaignId: id, after: row.sendCursor }] : [];
  if (resumed && row.channels.includes('sms')) steps.push({ kind: 'sms', campaignId: id, after: null, upTo: null });
  await enqueueCampaign(c.env, steps);
  return {
    id, status: row.status, resumed,
    progress: { audienceTotal: row.audienceTotal, lettersMade: row.lettersMade, sendStartedAt: row.sendStartedAt, sentAt: row.sentAt },
  };
}
