// The funnel's reads (routes/campaign-funnel.ts) on the demo tenant, through the worker: each
// role's nodes and the 404s beyond them, the people behind a count, the .xlsx read back with
// ExcelJS, and a village's print run, which counts its letters as sent on paper once.
import { env } from 'cloudflare:test';
import ExcelJS from 'exceljs';
import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, campaignCounts, campaignLetters, type CampaignLetterRow, type Funnel } from '../../schema/index.ts';
import { REPORTED_CHANNEL } from '../../worker/src/campaigns/counts.ts';
import { formatLetterCode, verifyLetterToken } from '../../worker/src/campaigns/letter-link.ts';
import type { AppEnv } from '../../worker/src/env.ts';
import { moveHome, moveHost } from '../../worker/src/data/scope-copies.ts';
import { advance, lettersOf, makeCampaign, makeLetters } from './campaign-helpers.ts';
import { decodePoster } from '../support/qr-decode.ts';
import { call, db, expectError, roleKey, seed, withKey } from './helpers.ts';

const C = 'cmp_funnel_test';
const bindings = env as unknown as AppEnv['Bindings'];
let keys: Record<'admin' | 'town' | 'village' | 'committee' | 'branch' | 'partner' | 'station', string>;

beforeAll(async () => {
  await seed();
  await makeCampaign(C);
  await makeCampaign('cmp_funnel_draft', 'pizhou', { status: 'draft' });
  await makeCampaign('cmp_funnel_smsonly', 'pizhou', { channels: ['sms'] });
  await makeLetters(C);
  // SMS to everyone but 周杰 (07); 张伟 (01) and 李娜 (02) delivered, 王强 (03) failed.
  const all = await lettersOf(C, ['mb_demo_01', 'mb_demo_02', 'mb_demo_03', 'mb_demo_04', 'mb_demo_05', 'mb_demo_06', 'mb_demo_08', 'mb_demo_09']);
  await advance(all, 'sms_sent_at', 'sent', 'sms');
  await advance(await lettersOf(C, ['mb_demo_01', 'mb_demo_02']), 'sms_delivered_at', 'delivered', 'sms');
  await advance(await lettersOf(C, ['mb_demo_03']), 'sms_failed_at', 'failed', 'sms');
  // 张伟 typed his code after the SMS (sms), then reported; 陈静 (05) reported without opening (all only).
  await advance(await lettersOf(C, ['mb_demo_01']), 'opened_at', 'opened', 'opened', false, `opened_via = 'code'`);
  await advance(await lettersOf(C, ['mb_demo_01', 'mb_demo_05']), 'reported_at', 'reported', 'reported', false, `reported_channel = ${REPORTED_CHANNEL}`);
  const k = async (role: Parameters<typeof roleKey>[0], node: string | null) => (await roleKey(role, node)).token;
  keys = {
    admin: await k('home_admin', null), town: await k('town_staff', 'hu_gangshang'), village: await k('village_staff', 'hu_gangshang_bei'),
    committee: await k('committee_secretary', 'cm_changzhou'), branch: await k('branch_secretary', 'br_cz_lingjiatang'),
    partner: await k('partner', 'pt_cz_chamber'), station: await k('station_manager', 'st_changzhou'),
  };
});

const get = (path: string, key: string) => call(path, withKey(key));
async function funnel(key: string, query = '', campaign = C): Promise<Funnel> {
  const res = await get(`/v1/campaigns/${campaign}/funnel${query}`, key);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<Funnel>();
}
const child = (f: Funnel, id: string) => f.children.find((c) => c.id === id)!;

describe('GET /v1/campaigns/{id}/funnel', () => {
  it('gives the home admin the whole campaign, its towns or its committees, per channel', async () => {
    const home = await funnel(keys.admin);
    expect(home.node).toMatchObject({ id: 'pizhou', kind: 'tenant', parentId: null });
    expect(home.node.counts.all).toMatchObject({ letters: 9, sent: 8, delivered: 2, failed: 1, opened: 1, reported: 2 });
    expect(home.node.counts.sms).toMatchObject({ letters: 0, sent: 8, opened: 1, reported: 1 });
    expect(home.node.counts.print.sent).toBe(0);
    expect(home.children.map((c) => c.id).sort()).toEqual(['hu_gangshang', 'hu_guanhu', 'hu_tiefu', 'hu_yunhe']);
    // 港上镇: 张伟, 陈静, 孙丽, 周杰 in 港上北村, 吴敏 in the town itself.
    expect(child(home, 'hu_gangshang').counts.all).toMatchObject({ letters: 5, sent: 4, reported: 2 });
    const host = await funnel(keys.admin, '?side=host');
    expect(host.side).toBe('host');
    expect(host.children.every((c) => c.kind === 'committee' || c.kind === 'branch')).toBe(true);
    const sum = host.children.reduce((n, c) => n + c.counts.all.letters, 0);
    expect(sum).toBe(8); // 刘洋 has no host branch
    const town = await funnel(keys.admin, '?nodeId=hu_gangshang');
    expect(town.node.parentId).toBe('pizhou');
    expect(town.children.map((c) => [c.id, c.counts.all.letters])).toEqual([['hu_gangshang_bei', 4]]);
  });

  it('gives each role its own node and those below, and 404 beyond them', async () => {
    const town = await funnel(keys.town);
    expect(town.node).toMatchObject({ id: 'hu_gangshang', kind: 'town', parentId: null });
    expect((await funnel(keys.town, '?nodeId=hu_gangshang_bei')).node.parentId).toBe('hu_gangshang');
    const village = await funnel(keys.village);
    expect(village.node).toMatchObject({ id: 'hu_gangshang_bei', parentId: null });
    expect(village.children).toEqual([]);
    const committee = await funnel(keys.committee);
    expect(committee.side).toBe('host');
    expect(committee.children.map((c) => c.id)).toContain('br_cz_lingjiatang');
    expect((await funnel(keys.branch)).node.counts.all.letters).toBe(2); // 张伟, 郑浩
    for (const [key, path] of [
      [keys.town, '?nodeId=pizhou'], [keys.town, '?nodeId=hu_tiefu'], [keys.town, '?nodeId=hu_tiefu_yaowan'],
      [keys.village, '?nodeId=hu_gangshang'], [keys.committee, '?nodeId=cm_suzhou'], [keys.committee, '?nodeId=hu_gangshang_bei'],
      [keys.branch, '?nodeId=cm_changzhou'], [keys.admin, '?nodeId=nowhere'], [keys.partner, ''],
    ] as const) await expectError(await get(`/v1/campaigns/${C}/funnel${path}`, key), 404, 'not_found');
    await expectError(await get('/v1/campaigns/cmp_nope/funnel', keys.admin), 404, 'not_found');
    await expectError(await get(`/v1/campaigns/${C}/funnel`, keys.station), 403, 'forbidden');
    await expectError(await get(`/v1/campaigns/${C}/funnel?side=both`, keys.admin), 400, 'validation_failed');
  });
  it('pages the children by Chinese name then id, with the node on every page, and refuses bad paging', async () => {
    const whole = await funnel(keys.admin, '?side=host');
    expect(whole.nextCursor).toBeNull();
    expect(whole.children.length).toBeGreaterThan(2);
    const order = whole.children.map((c) => [c.name.zh, c.id].join('\u0000'));
    expect(order).toEqual([...order].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Funnel = await funnel(keys.admin, `?side=host&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.node).toEqual(whole.node);
      expect(page.children.length).toBe(page.nextCursor ? 2 : page.children.length);
      seen.push(...page.children.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.children.map((c) => c.id));
    // The last page of exactly `limit` children says so: no empty page after it.
    const exact = await funnel(keys.admin, `?limit=${(await funnel(keys.admin)).children.length}`);
    expect(exact.nextCursor).toBeNull();
    const leaf = await funnel(keys.village, '?limit=1');
    expect([leaf.children, leaf.nextCursor]).toEqual([[], null]);
    const other = await (await get(`/v1/campaigns/${C}/letters?stage=sent&limit=1`, keys.admin)).json<{ nextCursor: string }>();
    for (const query of ['limit=0', 'limit=201', 'limit=x', 'cursor=abc', `cursor=${other.nextCursor}`, `cursor=${'a'.repeat(2001)}`]) {
      await expectError(await get(`/v1/campaigns/${C}/funnel?${query}`, keys.admin), 400, 'validation_failed');
    }
  });
});

describe('GET /v1/campaigns/{id}/letters', () => {
  const names = async (key: string, query: string) => {
    const res = await get(`/v1/campaigns/${C}/letters?${query}`, key);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json<{ data: CampaignLetterRow[] }>()).data.map((r) => r.member.name).sort();
  };

  it('lists the people behind each count, in scope, and audits whom it showed', async () => {
    expect(await names(keys.admin, 'stage=reported')).toEqual(['张伟', '陈静'].sort());
    expect(await names(keys.admin, 'stage=reported&channel=sms')).toEqual(['张伟']);
    expect(await names(keys.admin, 'stage=failed&channel=sms')).toEqual(['王强']);
    expect(await names(keys.admin, 'stage=delivered&channel=print')).toEqual([]);
    expect(await names(keys.village, 'stage=not_reported')).toEqual(['孙丽']); // 周杰 got nothing yet
    expect(await names(keys.town, 'stage=sent&nodeId=hu_gangshang')).toEqual(['吴敏', '孙丽', '张伟', '陈静'].sort());
    expect(await names(keys.branch, 'stage=sent')).toEqual(['张伟', '郑浩'].sort());
    const [row] = (await (await get(`/v1/campaigns/${C}/letters?stage=failed`, keys.admin)).json<{ data: CampaignLetterRow[] }>()).data;
    expect(row).toMatchObject({ member: { id: 'mb_demo_03', mobile: '13800000003' }, homeUnit: { id: 'hu_guanhu_zhao' }, hostBranch: { id: 'br_xa_kangfu' } });
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'member.list')).orderBy(desc(auditLog.id)).limit(1);
    expect(entry!.detail).toMatchObject({ ids: ['mb_demo_03'], filters: { campaignId: C, stage: 'failed' } });
  });

  it('pages by examining a page of letters at a time', async () => {
    let cursor: string | null = null;
    const seen: string[] = [];
    let pages = 0;
    do {
      const res = await get(`/v1/campaigns/${C}/letters?stage=sent&limit=3${cursor ? `&cursor=${cursor}` : ''}`, keys.admin);
      const page = await res.json<{ data: CampaignLetterRow[]; nextCursor: string | null }>();
      seen.push(...page.data.map((r) => r.member.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['01', '02', '03', '04', '05', '06', '08', '09'].map((n) => `mb_demo_${n}`));
  });

  it('keeps a member who moved away counted where the letter went, without their name or mobile there', async () => {
    const move = (branchId: string) => db().batch(moveHost(db(), { tenantId: 'pizhou', memberId: 'mb_demo_09', branchId, when: sql`1` }) as never);
    await move('br_cz_xinbei');
    try {
      const rows = async (key: string) => (await (await get(`/v1/campaigns/${C}/letters?stage=sent`, key)).json<{ data: CampaignLetterRow[] }>()).data;
      const atOldBranch = await rows(keys.branch);
      // In letter id order, which is random here.
      expect(atOldBranch.map((r) => [r.member.name, r.member.mobile, r.movedAway]).sort((a, b) => Number(a[2]) - Number(b[2])))
        .toEqual([['张伟', '13800000001', false], [null, null, true]]);
      expect((await funnel(keys.branch)).node.counts.all.letters).toBe(2);
      const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, 'member.list')).orderBy(desc(auditLog.id)).limit(1);
      expect(entry!.detail).toMatchObject({ ids: ['mb_demo_01'] });
      // The committee still has them (both branches are 常州's); the home admin always does.
      expect((await rows(keys.committee)).find((r) => r.member.id === 'mb_demo_09')).toMatchObject({ member: { name: '郑浩' }, movedAway: false });
      expect((await rows(keys.admin)).find((r) => r.member.id === 'mb_demo_09')).toMatchObject({ member: { name: '郑浩' }, movedAway: false });
    } finally {
      await move('br_cz_lingjiatang');
    }
  });

  it('refuses bad input and nodes out of scope', async () => {
    await expectError(await get(`/v1/campaigns/${C}/letters?stage=lost`, keys.admin), 400, 'validation_failed');
    await expectError(await get(`/v1/campaigns/${C}/letters?channel=fax`, keys.admin), 400, 'validation_failed');
    await expectError(await get(`/v1/campaigns/${C}/letters?cursor=abc`, keys.admin), 400, 'validation_failed');
    await expectError(await get(`/v1/campaigns/${C}/letters?limit=500`, keys.admin), 400, 'validation_failed');
    await expectError(await get(`/v1/campaigns/${C}/letters?nodeId=hu_tiefu`, keys.village), 404, 'not_found');
    await expectError(await get(`/v1/campaigns/${C}/letters`, keys.partner), 404, 'not_found');
  });
});

describe('GET /v1/campaigns/{id}/funnel.xlsx', () => {
  it('opens in ExcelJS with the funnel\'s numbers, every child whatever page size is asked, and is audited', async () => {
    const res = await get(`/v1/campaigns/${C}/funnel.xlsx?limit=1`, keys.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('家乡来信_2026年家乡来信_邳州市委组织部')}`.slice(0, 40));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('漏斗')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['组织', '层级', '渠道', '信件', '已发出', '已送达', '发送失败', '已打开', '已报到', '已确认', '已提醒']);
    expect(rows).toHaveLength(1 + 5 * 3);
    const gangshang = rows.find((r) => r[0] === '港上镇' && r[2] === '全部')!;
    expect(gangshang.slice(3)).toEqual([5, 4, 1, 0, 1, 2, 0, 0]);
    const sms = rows.find((r) => r[1] === '全部' && r[2] === '短信')!;
    expect(sms.slice(3, 6)).toEqual([0, 8, 2]);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'campaign.export'));
    expect(audit).toMatchObject({ subjectType: 'campaign', subjectId: C, detail: { nodeId: 'pizhou', side: 'home', format: 'xlsx' } });
    await expectError(await get(`/v1/campaigns/${C}/funnel.xlsx?nodeId=hu_tiefu`, keys.town), 404, 'not_found');
  });
});

describe('GET /v1/campaigns/{id}/print', () => {
  it('prints a village\'s letters, a page and a signed QR link each, counting them as sent on paper once', async () => {
    const res = await get(`/v1/campaigns/${C}/print?homeUnitId=hu_gangshang_bei`, keys.village);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const page = await res.text();
    const letters = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, C), eq(campaignLetters.homeUnitId, 'hu_gangshang_bei')));
    expect(letters).toHaveLength(4);
    expect(page.match(/<section class="sheet"/g)).toHaveLength(4);
    for (const l of letters) {
      expect(page).toContain(formatLetterCode(l.code));
      expect(l.printedAt).not.toBeNull();
    }
    const tokens = [...page.matchAll(/aria-label="二维码：[^"]*"/g)];
    expect(tokens).toHaveLength(4);
    expect(page).not.toContain('<script');
    const counts = async (node: string) => (await db().select().from(campaignCounts)
      .where(and(eq(campaignCounts.campaignId, C), eq(campaignCounts.nodeId, node), eq(campaignCounts.channel, 'print'))))[0]?.sent;
    expect(await counts('hu_gangshang_bei')).toBe(4);
    expect(await counts('pizhou')).toBe(4);
    // Printed again by the town's staff: the same pages, nothing counted twice.
    expect((await get(`/v1/campaigns/${C}/print?homeUnitId=hu_gangshang_bei`, keys.town)).status).toBe(200);
    expect(await counts('hu_gangshang_bei')).toBe(4);
    const audits = await db().select().from(auditLog).where(eq(auditLog.action, 'campaign.print'));
    expect(audits.map((a) => a.detail)).toEqual([{ homeUnitId: 'hu_gangshang_bei', letters: 4 }, { homeUnitId: 'hu_gangshang_bei', letters: 4 }]);
  });

  it('signs each QR code with the letter\'s token, expiring with the campaign', async () => {
    const page = await (await get(`/v1/campaigns/${C}/print?homeUnitId=hu_tiefu_yaowan`, keys.admin)).text();
    const letters = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, C), eq(campaignLetters.homeUnitId, 'hu_tiefu_yaowan')));
    const sheets = page.split('<section class="sheet"').slice(1);
    expect(sheets).toHaveLength(2);
    const [campaign] = await env.DB.prepare('SELECT ends_at FROM campaigns WHERE id = ?1').bind(C).all<{ ends_at: number }>().then((r) => r.results);
    const found = await Promise.all(sheets.map(async (sheet) => {
      const url = new URL(decodePoster(sheet)!);
      expect(url.origin).toBe('http://ginkgo.test');
      const token = url.pathname.replace(/^\/l\//, '');
      expect(Number(token.split('.')[1]) * 1000).toBe(Math.floor(campaign!.ends_at / 1000) * 1000);
      const check = await verifyLetterToken(bindings, token);
      if (!check.ok) throw new Error(`token refused: ${check.reason}`);
      expect(sheet).toContain(formatLetterCode(letters.find((l) => l.id === check.letterId)!.code));
      return check.letterId;
    }));
    expect(found.sort()).toEqual(letters.map((l) => l.id).sort());
  });

  it('prints a member who moved to another village there, not in the village they left', async () => {
    const moveTo = (homeUnitId: string) => db().batch(moveHome(db(), { tenantId: 'pizhou', memberId: 'mb_demo_01', homeUnitId }) as never);
    await moveTo('hu_tiefu_yaowan');
    try {
      const [letter] = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, C), eq(campaignLetters.memberId, 'mb_demo_01')));
      const old = await (await get(`/v1/campaigns/${C}/print?homeUnitId=hu_gangshang_bei`, keys.village)).text();
      expect(old).not.toContain('张伟');
      expect(old).not.toContain(formatLetterCode(letter!.code));
      expect(old.match(/<section class="sheet"/g)).toHaveLength(3);
      const now = await (await get(`/v1/campaigns/${C}/print?homeUnitId=hu_tiefu_yaowan`, keys.admin)).text();
      expect(now).toContain('张伟');
      expect(now).toContain(formatLetterCode(letter!.code));
    } finally {
      await moveTo('hu_gangshang_bei');
    }
  });

  it('refuses the host side, other villages, drafts and campaigns not sent on paper', async () => {
    await expectError(await get(`/v1/campaigns/${C}/print?homeUnitId=hu_gangshang_bei`, keys.committee), 404, 'not_found');
    await expectError(await get(`/v1/campaigns/${C}/print?homeUnitId=hu_tiefu_yaowan`, keys.village), 404, 'not_found');
    await expectError(await get(`/v1/campaigns/${C}/print?homeUnitId=nowhere`, keys.admin), 404, 'not_found');
    await expectError(await get(`/v1/campaigns/${C}/print`, keys.admin), 400, 'validation_failed');
    await expectError(await get(`/v1/campaigns/cmp_funnel_draft/print?homeUnitId=hu_gangshang_bei`, keys.admin), 409, 'conflict');
    await expectError(await get(`/v1/campaigns/cmp_funnel_smsonly/print?homeUnitId=hu_gangshang_bei`, keys.admin), 409, 'conflict');
  });

  it('refuses a campaign ended or past its end: its links no longer open, nothing is marked or counted', async () => {
    await makeCampaign('cmp_funnel_ended', 'pizhou', { status: 'ended' });
    await makeCampaign('cmp_funnel_over', 'pizhou', { endsAt: Date.now() - 1000 });
    for (const id of ['cmp_funnel_ended', 'cmp_funnel_over']) {
      await makeLetters(id);
      await expectError(await get(`/v1/campaigns/${id}/print?homeUnitId=hu_gangshang_bei`, keys.village), 409, 'conflict');
      const printed = await db().select().from(campaignLetters).where(and(eq(campaignLetters.campaignId, id), eq(campaignLetters.homeUnitId, 'hu_gangshang_bei')));
      expect(printed.length).toBeGreaterThan(0);
      expect(printed.filter((l) => l.printedAt !== null)).toEqual([]);
      expect(await db().select().from(campaignCounts).where(and(eq(campaignCounts.campaignId, id), eq(campaignCounts.channel, 'print')))).toEqual([]);
    }
  });
});

describe('the demo campaign (worker/src/seed/pizhou-campaign.ts)', () => {
  it('is counted once, however often the demo is seeded', async () => {
    await seed();
    const f = await funnel(keys.admin, '', 'cmp_demo_2026');
    expect(f.node.counts.all).toMatchObject({ letters: 9, sent: 8, delivered: 6, failed: 1, opened: 4, reported: 4, confirmed: 2 });
    expect(f.node.counts.print).toMatchObject({ sent: 1, opened: 1, reported: 1, confirmed: 1 });
    expect(f.node.counts.sms).toMatchObject({ sent: 7, opened: 3, reported: 2, confirmed: 1 });
  });
});
