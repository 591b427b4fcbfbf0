// WeChat one-time subscriptions from the member's status page (inside WeChat): the member proves
// the mobile of a check-in or request, accepts templates in `wx-open-subscribe`, and the page
// sends the accepted ones with an OAuth code; each accepted template stored allows one message.
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { checkIns, members, serviceRequests, wechatSubscriptions, type WechatSubscriptionCreate } from '../../../schema/index.ts';
import { originAllowed } from '../access/api-key.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { limitLookups } from '../middleware/rate-limit.ts';
import { provesMobile } from '../verification/mobile-proof.ts';
import { wechatTemplateOf } from './templates.ts';
import { wechatClientFor } from './wechat.ts';

type Body = z.output<typeof WechatSubscriptionCreate>;
const WAITING = { check_in: ['pending'], service_request: ['open', 'assigned'] } as const;

/** The template ids the member accepted, from `subscribeDetails` (an object or its JSON; each value `{status}` or its JSON). */
export function acceptedTemplates(details: Body['subscribeDetails']): string[] {
  const parse = (v: unknown): unknown => { if (typeof v !== 'string') return v; try { return JSON.parse(v); } catch { return undefined; } };
  const all = parse(details);
  if (!all || typeof all !== 'object') throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'subscribeDetails', message: 'Not the success event\'s subscribeDetails.' }]);
  return Object.entries(all as Record<string, unknown>)
    .filter(([, v]) => (parse(v) as { status?: unknown } | undefined)?.status === 'accept').map(([id]) => id);
}

export async function captureSubscription(c: Context<AppEnv>, body: Body): Promise<string[]> {
  const t = c.var.key.tenantId;
  const reference = body.reference.trim().toUpperCase();
  const type = reference.startsWith('GK-') ? 'check_in' : reference.startsWith('SR-') ? 'service_request' : null;
  const wechat = wechatClientFor(c.env);
  const templateId = type && wechatTemplateOf(c.env, type === 'check_in' ? 'check_in.confirmed' : 'service_request.resolved');
  if (!wechat || (type && !templateId)) throw new HttpError(404, 'not_found', 'WeChat notifications are not set up for this organisation.');
  await limitLookups(c, reference);
  const accepted = acceptedTemplates(body.subscribeDetails);
  const db = database(c.env.DB);
  const table = type === 'check_in' ? checkIns : serviceRequests;
  const [subject] = type ? await db.select({ id: table.id, status: table.status, mobile: members.mobile }).from(table)
    .innerJoin(members, eq(members.id, table.memberId)).where(and(eq(table.tenantId, t), eq(table.reference, reference))).limit(1) : [];
  // The same 404 for an unknown reference and a proof of another number, as the status lookup answers.
  if (!type || !subject || !(await provesMobile(c.env, body.mobileProof, t, subject.mobile))) throw notFound('No check-in or request with that reference and mobile number');
  // Only the template this subject's news goes by, and only while there is news to come.
  if (!accepted.includes(templateId!) || !(WAITING[type] as readonly string[]).includes(subject.status)) return [];
  const who = await wechat.openidFor(body.code);
  if (!who.ok) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'code', message: `WeChat did not accept the code${who.vendorCode ? ` (${who.vendorCode})` : ''}.` }]);
  }
  await db.insert(wechatSubscriptions).values({
    id: newId('ws'), tenantId: t, subjectType: type, subjectId: subject.id, openid: who.openid, templateId: templateId!, createdAt: Date.now(),
  }).onConflictDoNothing();
  return [templateId!];
}

/** `wx.config` for a page of one of the key's allowed origins (any page when the key lists none). */
export async function jsConfig(c: Context<AppEnv>, url: string) {
  const wechat = wechatClientFor(c.env);
  const checkIn = wechatTemplateOf(c.env, 'check_in.confirmed');
  const request = wechatTemplateOf(c.env, 'service_request.resolved');
  if (!wechat || !checkIn || !request) throw new HttpError(404, 'not_found', 'WeChat is not set up for this organisation.');
  const page = new URL(url);
  const allowed = c.var.key.allowedOrigins ?? [];
  if ((page.protocol !== 'https:' && page.protocol !== 'http:') || (allowed.length && !originAllowed(page.origin, allowed))) {
    throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'url', message: 'Not a page of an origin this key allows.' }]);
  }
  await limitLookups(c, `js-config:${page.origin}`);
  const signed = await wechat.jsConfig(url);
  if (!signed.ok) throw new HttpError(503, 'internal', `WeChat did not give a ticket (${signed.vendorCode ?? signed.reason}).`);
  return { ...signed.config, jsApiList: [], openTagList: ['wx-open-subscribe'], templates: { checkIn, request } };
}
