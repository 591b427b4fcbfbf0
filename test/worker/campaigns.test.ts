// The campaigns API: drafting, reading and editing the year's letter, and counting its audience.
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, campaigns, members, tenants, type Campaign, type CursorPage } from '../../schema/index.ts';
import { audienceUnits, countAudience } from '../../worker/src/campaigns/audience.ts';
import type { BatchItem } from 'drizzle-orm/batch';
import { insertMemberIfNew } from '../../worker/src/data/scope-copies.ts';
import { sentCampaign } from './campaign-helpers.ts';
import { call, db, expectError, issueTestKey, roleKey, seed, SK, withKey } from './helpers.ts';

const DAY = 86_400_000;
const draft = () => ({
  titleZh: '家乡来信', bodyZh: '同志们：\n\n请报到。', signatory: '中共邳州市委组织部',
  startsAt: Date.now(), endsAt: Date.now() + 60 * DAY, audience: { homeUnitIds: ['hu_gangshang'] }, channels: ['print', 'sms'],
});
const send = (method: string, path: string, body: unknown, key = SK) =>
  call(path, { method, ...withKey(key, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
const read = (path: string, key = SK) => call(path, withKey(key));
const countRows = async () => (await db().select().from(campaigns)).length;

beforeAll(async () => {
  await seed();
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
});

describe('POST /v1/campaigns', () => {
  it('drafts a campaign, audited, with defaults for the reminders', async () => {
    const res = await send('POST', '/v1/campaigns', { ...draft(), titleEn: 'Letter from home' });
    expect(res.status).toBe(201);
    const made = await res.json<Campaign>();
    expect(made).toMatchObject({ status: 'draft', titleEn: 'Letter from home', bodyEn: null, reminderAfterDays: 14, reminderLimit: 2,
      channels: ['print', 'sms'], progress: { audienceTotal: null, lettersMade: 0 } });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'campaign.create'), eq(auditLog.subjectId, made.id)));
    expect(entry).toBeDefined();
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await countRows();
    const cases: [unknown, string][] = [
      [{ ...draft(), endsAt: Date.now() - DAY }, 'endsAt'],
      [{ ...draft(), endsAt: Date.now() + 400 * DAY }, 'endsAt'],
      [{ ...draft(), titleZh: '  ' }, 'titleZh'],
      [{ ...draft(), channels: [] }, 'channels'],
      [{ ...draft(), channels: ['fax'] }, 'channels.0'],
      [{ ...draft(), audience: { homeUnitIds: ['hu_nowhere'] } }, 'audience.homeUnitIds.0'],
      [{ ...draft(), audience: { towns: ['hu_gangshang'] } }, 'audience'],
    ];
    for (const [body, path] of cases) {
      const error = await expectError(await send('POST', '/v1/campaigns', body), 400, 'validation_failed');
      expect((error.details as { path: string }[]).map((d) => d.path), JSON.stringify(body)).toContain(path);
    }
    expect(await countRows()).toBe(before);
  });

  it('is the home admin\'s: other staff roles are refused', async () => {
    const before = await countRows();
    for (const [role, node] of [['town_staff', 'hu_gangshang'], ['committee_secretary', 'cm_changzhou'], ['branch_secretary', 'br_cz_lingjiatang']] as const) {
      await expectError(await send('POST', '/v1/campaigns', draft(), (await roleKey(role, node)).token), 403, 'forbidden');
    }
    const readOnly = await issueTestKey({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin', scopeNodeId: null, scopes: ['read_only'] });
    await expectError(await send('POST', '/v1/campaigns', draft(), readOnly.token), 403, 'forbidden');
    expect(await countRows()).toBe(before);
  });
});

describe('GET /v1/campaigns', () => {
  it('pages newest first for every staff role, and never another tenant\'s', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await (await send('POST', '/v1/campaigns', { ...draft(), titleZh: `第${i}封` })).json<Campaign>()).id);
    const foreign = await sentCampaign({ tenantId: 'elsewhere' });
    const village = await roleKey('village_staff', 'hu_gangshang_bei');
    for (const key of [SK, village.token, (await roleKey('branch_secretary', 'br_cz_lingjiatang')).token]) {
      const first = await (await read('/v1/campaigns?limit=2', key)).json<CursorPage<Campaign>>();
      expect(first.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
      const next = await (await read(`/v1/campaigns?limit=2&cursor=${first.nextCursor}`, key)).json<CursorPage<Campaign>>();
      expect(next.data[0]!.id).toBe(ids[0]);
    }
    const all = await (await read('/v1/campaigns?limit=100')).json<CursorPage<Campaign>>();
    expect(all.data.map((c) => c.id)).not.toContain(foreign);
    await expectError(await read('/v1/campaigns?cursor=nonsense'), 400, 'validation_failed');
  });

  it('refuses partners and station managers', async () => {
    for (const [role, node] of [['partner', null], ['station_manager', null]] as const) {
      await expectError(await read('/v1/campaigns', (await roleKey(role, node)).token), 403, 'forbidden');
    }
  });
});

describe('GET and PATCH /v1/campaigns/{id}', () => {
  it('reads one, edits a draft (audited), and refuses to edit one being sent', async () => {
    const made = await (await send('POST', '/v1/campaigns', draft())).json<Campaign>();
    expect(await (await read(`/v1/campaigns/${made.id}`)).json()).toEqual(made);
    const edited = await send('PATCH', `/v1/campaigns/${made.id}`, { bodyEn: 'Comrades…', reminderLimit: 0 });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ bodyEn: 'Comrades…', reminderLimit: 0, titleZh: '家乡来信' });
    // Dates: checked against the stored one when only one changes.
    await expectError(await send('PATCH', `/v1/campaigns/${made.id}`, { endsAt: made.startsAt - 1 }), 400, 'validation_failed');
    await expectError(await send('PATCH', `/v1/campaigns/${made.id}`, { audience: { homeUnitIds: ['hu_nowhere'] } }), 400, 'validation_failed');
    const updates = await db().select().from(auditLog).where(and(eq(auditLog.action, 'campaign.update'), eq(auditLog.subjectId, made.id)));
    expect(updates).toHaveLength(1);

    await db().update(campaigns).set({ status: 'sending' }).where(eq(campaigns.id, made.id));
    await expectError(await send('PATCH', `/v1/campaigns/${made.id}`, { titleZh: '改' }), 409, 'campaign_not_draft');
    const [row] = await db().select().from(campaigns).where(eq(campaigns.id, made.id));
    expect(row!.titleZh).toBe('家乡来信');
    await expectError(await read('/v1/campaigns/cmp_none'), 404, 'not_found');
    const foreign = await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin', scopeNodeId: null });
    await expectError(await read(`/v1/campaigns/${made.id}`, foreign.token), 404, 'not_found');
    await expectError(await send('PATCH', `/v1/campaigns/${made.id}`, { titleZh: 'x' }, (await roleKey('town_staff', 'hu_gangshang')).token), 403, 'forbidden');
  });
});

describe('POST /v1/campaigns/audience-count', () => {
  const count = async (audience: unknown) => (await send('POST', '/v1/campaigns/audience-count', { audience })).json<{ members: number }>();
  const membersWhere = async (test: (m: typeof members.$inferSelect) => boolean) =>
    (await db().select().from(members).where(eq(members.tenantId, 'pizhou'))).filter(test).length;

  it('counts what the roster holds: the whole tenant, towns (villages inside them once), categories, not reported since', async () => {
    expect((await count({})).members).toBe(await membersWhere(() => true));
    expect((await count({ homeUnitIds: ['hu_gangshang', 'hu_gangshang_bei'] })).members).toBe(await membersWhere((m) => m.homeTownId === 'hu_gangshang'));
    expect((await count({ homeUnitIds: ['hu_gangshang_bei', 'hu_tiefu'] })).members)
      .toBe(await membersWhere((m) => m.homeUnitId === 'hu_gangshang_bei' || m.homeTownId === 'hu_tiefu'));
    expect((await count({ categories: ['worker'] })).members).toBe(await membersWhere((m) => m.category === 'worker'));
    const since = Date.now() - 30 * DAY;
    expect((await count({ homeUnitIds: ['hu_gangshang'], notReportedSince: since })).members)
      .toBe(await membersWhere((m) => m.homeTownId === 'hu_gangshang' && (m.lastCheckInAt ?? 0) < since));
    await expectError(await send('POST', '/v1/campaigns/audience-count', { audience: { homeUnitIds: ['hu_nowhere'] } }), 400, 'validation_failed');
    await expectError(await send('POST', '/v1/campaigns/audience-count', { audience: { categories: [] } }), 400, 'validation_failed');
  });

  it('reads the roster counts, not the members, for whole towns and villages; a filter reads only the units\' members', async () => {
    const t = 'pizhou';
    // Thirty members elsewhere (赵庄村), with their roster counts: a filter must not read them.
    for (let i = 0; i < 30; i++) {
      await db().batch(insertMemberIfNew(db(), { id: `mb_elsewhere_${i}`, tenantId: t, name: '某', mobile: `1370000${String(i).padStart(4, '0')}`,
        homeUnitId: 'hu_guanhu_zhao', category: 'worker' }) as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    }
    const whole = await countAudience(env.DB, t, {}, null);
    const towns = (await db().select().from(members).where(eq(members.tenantId, t))).length;
    expect(whole.members).toBe(towns);
    // The towns (a handful) and their counts: nothing that grows with the roster.
    expect(whole.rowsRead).toBeLessThan(30);
    const units = await audienceUnits(env.DB, t, { homeUnitIds: ['hu_gangshang_bei', 'hu_tiefu'] });
    // Two count rows by primary key, and the two ids of the list: 6 rows, measured.
    expect((await countAudience(env.DB, t, { homeUnitIds: ['hu_gangshang_bei', 'hu_tiefu'] }, units)).rowsRead).toBeLessThanOrEqual(6);
    // With a category: the members of those units, through their indexes, and no others.
    const inUnits = await db().select().from(members).where(eq(members.tenantId, t))
      .then((rows) => rows.filter((m) => m.homeUnitId === 'hu_gangshang_bei' || m.homeTownId === 'hu_tiefu').length);
    const filtered = await countAudience(env.DB, t, { homeUnitIds: ['hu_gangshang_bei', 'hu_tiefu'], categories: ['worker'] }, units);
    // Each member of the units is read as index entry and row (6 members: 14 rows read here).
    expect(filtered.rowsRead).toBeLessThanOrEqual(2 * inUnits + 4);
    expect(filtered.rowsRead).toBeLessThan(towns);
    expect(filtered.members).toBe(await db().select().from(members).where(eq(members.tenantId, t))
      .then((rows) => rows.filter((m) => (m.homeUnitId === 'hu_gangshang_bei' || m.homeTownId === 'hu_tiefu') && m.category === 'worker').length));
  });
});
