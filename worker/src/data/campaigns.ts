// Campaigns as staff write and read them: the home admin drafts the year's letter and edits it
// while it is a draft; every staff role reads the tenant's campaigns (the letter is the whole
// tenant's). Creating and editing are audited in the same batch as the write.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { auditLog, campaigns, type Campaign, type CampaignCreate, type CampaignQueryParams, type CampaignUpdate } from '../../../schema/index.ts';
import { auditEntry, auditSelect } from '../access/audit.ts';
import { audienceUnits } from '../campaigns/audience.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { decodeCursor, encodeCursor, pageFrom } from '../lib/cursor.ts';

type Row = typeof campaigns.$inferSelect;

export const toCampaign = (r: Row): Campaign => ({
  id: r.id, status: r.status, titleZh: r.titleZh, titleEn: r.titleEn, bodyZh: r.bodyZh, bodyEn: r.bodyEn,
  signatory: r.signatory, startsAt: r.startsAt, endsAt: r.endsAt, audience: r.audience, channels: r.channels,
  reminderAfterDays: r.reminderAfterDays, reminderLimit: r.reminderLimit, createdAt: r.createdAt, updatedAt: r.updatedAt,
  progress: { audienceTotal: r.audienceTotal, lettersMade: r.lettersMade, sendStartedAt: r.sendStartedAt, sentAt: r.sentAt, endedAt: r.endedAt },
});

/** The letter's optional fields as stored: absent or null is none. */
const optional = (v: string | null | undefined) => v ?? null;

export async function createCampaign(c: Context<AppEnv>, body: z.output<typeof CampaignCreate>): Promise<Campaign> {
  const key = c.var.key;
  await audienceUnits(c.env.DB, key.tenantId, body.audience);
  const db = database(c.env.DB);
  const now = Date.now();
  const row: Row = {
    id: newId('cmp'), tenantId: key.tenantId, titleZh: body.titleZh, titleEn: optional(body.titleEn), bodyZh: body.bodyZh, bodyEn: optional(body.bodyEn),
    signatory: body.signatory, startsAt: body.startsAt, endsAt: body.endsAt, audience: body.audience, channels: [...new Set(body.channels)],
    reminderAfterDays: body.reminderAfterDays ?? 14, reminderLimit: body.reminderLimit ?? 2, status: 'draft',
    createdByKeyId: key.id, createdByUserId: key.userId ?? null, createdAt: now, updatedAt: now,
    audienceTotal: null, lettersMade: 0, sendCursor: null, sendStartedAt: null, sendProgressAt: null, sentAt: null, endedAt: null,
  };
  await db.batch([
    db.insert(campaigns).values(row),
    auditEntry(c, { action: 'campaign.create', subjectType: 'campaign', subjectId: row.id, detail: { titleZh: row.titleZh, audience: row.audience, channels: row.channels } }),
  ]);
  return toCampaign(row);
}

/** Newest first, on campaigns_tenant (tenant, created_at), with the id breaking ties. */
export async function listCampaigns(c: Context<AppEnv>, q: CampaignQueryParams) {
  const db = database(c.env.DB);
  const where = [eq(campaigns.tenantId, c.var.key.tenantId)];
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, ['number', 'string'] as const);
    where.push(sql`(${campaigns.createdAt}, ${campaigns.id}) < (${at}, ${id})`);
  }
  const rows = await db.select().from(campaigns).where(and(...where)).orderBy(desc(campaigns.createdAt), desc(campaigns.id)).limit(q.limit + 1);
  const { page, nextCursor } = pageFrom(rows, q.limit, (last) => encodeCursor([last.createdAt, last.id]));
  return { data: page.map(toCampaign), nextCursor };
}

async function findCampaign(c: Context<AppEnv>, id: string): Promise<Row> {
  const [row] = await database(c.env.DB).select().from(campaigns).where(and(eq(campaigns.tenantId, c.var.key.tenantId), eq(campaigns.id, id))).limit(1);
  if (!row) throw notFound('The campaign');
  return row;
}

export const getCampaign = async (c: Context<AppEnv>, id: string) => toCampaign(await findCampaign(c, id));

const notDraft = (status: string) => new HttpError(409, 'campaign_not_draft', `The campaign is ${status}: only a draft can change.`);

export async function updateCampaign(c: Context<AppEnv>, id: string, body: z.output<typeof CampaignUpdate>): Promise<Campaign> {
  const current = await findCampaign(c, id);
  if (current.status !== 'draft') throw notDraft(current.status);
  const next = { ...current, ...body };
  // The dates in order, with the stored one where only the other changes.
  if (next.endsAt <= next.startsAt || next.endsAt - next.startsAt > 366 * 86_400_000) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'endsAt', message: 'endsAt must be after startsAt, within a year.' }]);
  }
  if (body.audience) await audienceUnits(c.env.DB, current.tenantId, body.audience);
  const changes: Partial<Row> = { ...body, updatedAt: Date.now() };
  if (body.channels) changes.channels = [...new Set(body.channels)];
  if ('titleEn' in body) changes.titleEn = optional(body.titleEn);
  if ('bodyEn' in body) changes.bodyEn = optional(body.bodyEn);
  const db = database(c.env.DB);
  // Only while still a draft: sending may have begun since the read.
  const [updated] = await db.batch([
    db.update(campaigns).set(changes).where(and(eq(campaigns.tenantId, current.tenantId), eq(campaigns.id, id), eq(campaigns.status, 'draft'))).returning(),
    // Only if the update changed the row.
    db.insert(auditLog).select(sql`${auditSelect(c, {
      at: Date.now(), action: 'campaign.update', subjectType: 'campaign', subjectId: id, detail: JSON.stringify({ fields: Object.keys(body) }),
    })} where changes() > 0`),
  ]);
  if (!updated[0]) throw notDraft('no longer a draft');
  return toCampaign(updated[0]);
}
