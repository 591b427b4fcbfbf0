// The console's roster (花名册) and 未报到 screens in Chromium against the real worker: town staff on
// a 360 px phone open their town in the home tree, pick a village, filter its members by category
// and open one; the home admin at 1280 px has both trees and goes from a committee to a branch's
// members, then filters a village of 250 imported members by SMS verification, last check-in and
// never checked in, the list going on through pages that list none; a village staffer downloads the 未报到 list as .xlsx (read back with ExcelJS) and CSV,
// and narrows it to a node. axe on each screen; screenshots in .tmp/screens/console-*.png, Chinese
// and English (the machine has no CJK fonts).
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHECK_IN_CONSENT } from '../../schema/check-ins.ts';
import { Ginkgo } from '../../sdk/src/index.ts';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
/** The 未报到 file's columns (worker/src/sheets/not-reported.ts). */
const HEADERS = ['姓名', '手机号', '户籍村（社区）', '户籍镇（街道）', '现居城市', '类别', '工作单位', '所在流动党支部', '最近报到时间'];
const THIS_YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

const apiUrl = inject('apiUrl');
const ADMIN_KEY = 'sk_test_pizhou_admin';
const admin = new Ginkgo({ key: ADMIN_KEY, baseUrl: apiUrl });
const form = new Ginkgo({ key: 'pk_test_pizhou', baseUrl: apiUrl });
/** This run's members carry it in their names. */
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
/** The village the filters are tried on (demo: one member, who never checked in). */
const VILLAGE = { id: 'hu_yunhe_zhongxin', zh: '中心社区党支部', town: '运河街道' };
const IMPORTED = 250;
const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A new member of VILLAGE checked in at Lingjiatang and confirmed; `verified`: sent with a proved mobile, as the form does. */
async function checkedIn(name: string, verified: boolean): Promise<void> {
  const mobile = freshMobile();
  const body = {
    branchId: 'br_cz_lingjiatang', name, mobile, homeUnitId: VILLAGE.id, currentCity: '常州', category: 'worker' as const,
    consent: { version: CHECK_IN_CONSENT.version, granted: true as const },
  };
  const since = Date.now() - 60_000;
  const { reference } = verified ? await form.checkIns.create({ ...body, mobileProof: await mobileProofFor(mobile) }) : await admin.checkIns.create(body);
  for await (const c of admin.checkIns.list({ branch: body.branchId, from: since })) {
    if (c.reference === reference) return void await admin.checkIns.confirm(c.id);
  }
  throw new Error(`no check-in ${reference}`);
}

/** IMPORTED new members of VILLAGE through the roster import (never checked in, not verified). */
async function importVillage(): Promise<void> {
  const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
  const base = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const rows = Array.from({ length: IMPORTED }, (_, i) => ({
    name: `花名${RUN}-${i}`, mobile: `135${base}${String(i).padStart(5, '0')}`, town: VILLAGE.town, village: VILLAGE.zh, category: '务工',
  }));
  const started = await fetch(`${apiUrl}/v1/roster/imports`, {
    method: 'POST', headers: { ...headers, 'Idempotency-Key': crypto.randomUUID() }, body: JSON.stringify({ tag: `roster filters ${RUN}`, mode: 'skip', total: IMPORTED }),
  });
  expect(started.status).toBe(201);
  const { id } = await started.json() as { id: string };
  for (let offset = 0; offset < IMPORTED; offset += 200) {
    const res = await fetch(`${apiUrl}/v1/roster/imports/${id}/batches`, { method: 'POST', headers, body: JSON.stringify({ offset, rows: rows.slice(offset, offset + 200) }) });
    expect(res.status).toBe(200);
  }
}

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const roster = (page: Page) => app(page).locator('console-roster');
const tree = (page: Page, name: string) => app(page).getByRole('list', { name, exact: true });
const memberNames = (page: Page) => roster(page).locator('.member strong').allTextContents();

describe('the roster (花名册)', () => {
  it('town staff, 360 px: their town opens at once; a village\'s members, by category; one member\'s record', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.town);
    await tab(page, '花名册').click();
    await poll(() => page.evaluate(() => location.hash)).toBe('#/roster');
    await roster(page).getByRole('heading', { name: '花名册', level: 1 }).waitFor();
    // Only the home tree: the town, opened, with its villages and counts.
    const home = tree(page, '户籍地党组织（镇 → 村）');
    await home.getByRole('button', { name: '港上镇的下级组织', expanded: true }).waitFor();
    await home.getByRole('button', { name: /^港上北村党支部 \d+ 人$/ }).waitFor();
    expect(await app(page).getByText('流入地党组织（党委 → 支部）').count()).toBe(0);
    expect(await tab(page, '邀请').count()).toBe(0);
    expect(await tab(page, '导入').count()).toBe(1);

    await home.getByRole('button', { name: /^港上北村党支部\s/ }).click();
    await roster(page).getByRole('heading', { name: '港上北村党支部', level: 2 }).waitFor();
    await poll(() => memberNames(page)).toEqual(expect.arrayContaining(['张伟', '陈静', '孙丽', '周杰']));
    // The list is the village's: the town's own member (吴敏, home unit the town) is not in it.
    expect(await memberNames(page)).not.toContain('吴敏');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-roster-360');

    await roster(page).getByLabel('类别').selectOption({ label: '务工' });
    await poll(() => memberNames(page)).toContain('陈静');
    expect(await memberNames(page)).not.toContain('张伟');
    expect(new Set(await roster(page).locator('.member .badge').allTextContents())).toEqual(new Set(['务工']));
    await screenshot(page, 'console-roster-filters-360');

    // A member's record in a dialog; closing it gives focus back to the row.
    await roster(page).locator('.member').filter({ hasText: '陈静' }).click();
    const dialog = roster(page).getByRole('dialog', { name: '陈静的详细信息' });
    await dialog.getByRole('link', { name: '13800000005' }).waitFor();
    expect(await dialog.getByRole('link', { name: '13800000005' }).getAttribute('href')).toBe('tel:13800000005');
    expect(await dialog.textContent()).toContain('常州新北区流动党员党支部');
    // Below the record, its history: check-ins, requests, and who looked, this very look included (by name).
    await dialog.getByRole('heading', { name: '报到记录' }).waitFor();
    await dialog.getByText(/查看 · 港上镇 王干事/).first().waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-member-360');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await poll(() => dialog.count()).toBe(0);

    await app(page).getByRole('button', { name: 'English' }).click();
    await roster(page).getByRole('heading', { name: 'Roster', level: 1 }).waitFor();
    await screenshot(page, 'console-roster-360-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('home admin, 1280 px: both trees; a committee lists its branches, a branch its members', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop }, '/console/#/roster');
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    // The route asked for before sign-in is the one shown after it.
    await roster(page).getByRole('heading', { name: '花名册', level: 1 }).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/roster');
    const home = tree(page, '户籍地党组织（镇 → 村）');
    const host = tree(page, '流入地党组织（党委 → 支部）');
    for (const town of ['运河街道', '港上镇', '铁富镇', '官湖镇']) await home.getByRole('button', { name: new RegExp(`^${town}\\s`) }).waitFor();
    await host.getByRole('button', { name: /^邳州市驻常州流动党员综合党委\s/ }).waitFor();
    await host.getByRole('button', { name: /^扬州广陵流动党员党支部\s/ }).waitFor();

    // Open 常州 in the tree, and pick it: its branches, each a way to its members.
    await host.getByRole('button', { name: '邳州市驻常州流动党员综合党委的下级组织' }).click();
    await host.getByRole('button', { name: /^凌家塘市场流动党员党支部\s/ }).waitFor();
    await host.getByRole('button', { name: /^邳州市驻常州流动党员综合党委\s/ }).click();
    await roster(page).getByRole('heading', { name: '下属流动党支部' }).waitFor();
    await roster(page).locator('.branch').filter({ hasText: '凌家塘市场流动党员党支部' }).click();
    await roster(page).getByRole('heading', { name: '凌家塘市场流动党员党支部', level: 2 }).waitFor();
    await poll(() => memberNames(page)).toEqual(expect.arrayContaining(['张伟', '郑浩']));
    // The tree marks the branch picked.
    expect(await host.getByRole('button', { name: /^凌家塘市场流动党员党支部\s/ }).getAttribute('aria-current')).toBe('true');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-roster-1280');
    await app(page).getByRole('button', { name: 'English' }).click();
    await roster(page).getByRole('heading', { name: 'Lingjiatang Market Branch', level: 2 }).waitFor();
    await screenshot(page, 'console-roster-1280-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('home admin, 1280 px: a village filtered by verification, last check-in and never checked in, page after page', async () => {
    const verified = `验证${RUN}`;
    const unverified = `未验${RUN}`;
    await Promise.all([importVillage(), checkedIn(verified, true), checkedIn(unverified, false)]);
    const { context, page, errors, violations, responses } = await openConsole(browser, { locale: 'zh-CN', ...desktop }, '/console/#/roster');
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    const home = tree(page, '户籍地党组织（镇 → 村）');
    await home.getByRole('button', { name: `${VILLAGE.town}的下级组织` }).click();
    await home.getByRole('button', { name: new RegExp(`^${VILLAGE.zh}\\s`) }).click();
    await roster(page).getByRole('heading', { name: VILLAGE.zh, level: 2 }).waitFor();
    const status = roster(page).getByRole('status');
    await poll(() => status.textContent()).toMatch(/已加载 100 名党员，还有更多。/);
    /** The GET /v1/members pages asked for since `from` responses, with this filter. */
    const pagesAsked = (from: number, param: string) => responses.slice(from)
      .filter((r) => new URL(r.url()).pathname === '/v1/members' && new URL(r.url()).searchParams.has(param)).length;

    // Verified by SMS: the one member, found among 250-odd looked through 100 a page.
    let asked = responses.length;
    await roster(page).getByLabel('手机号验证').selectOption({ label: '已短信验证' });
    await poll(() => memberNames(page)).toContain(verified);
    await poll(() => status.textContent()).toMatch(/^已加载 \d+ 名党员。$/);
    expect(await memberNames(page)).not.toContain(unverified);
    expect(pagesAsked(asked, 'verified')).toBe(Math.ceil((IMPORTED + 3) / 100));
    expect(await roster(page).getByRole('button', { name: '加载更多' }).count()).toBe(0);

    // Last check-in before a date long past: no one, after looking through every page.
    await roster(page).getByLabel('手机号验证').selectOption({ label: '全部' });
    asked = responses.length;
    await roster(page).getByLabel('最近报到早于').fill('2020-01-01');
    await poll(() => status.textContent()).toBe('没有符合筛选条件的党员。');
    expect(pagesAsked(asked, 'lastCheckInBefore')).toBe(Math.ceil((IMPORTED + 3) / 100));

    // Before tomorrow: the two who checked in today; never checked in too: everyone.
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await roster(page).getByLabel('最近报到早于').fill(tomorrow);
    await poll(async () => (await memberNames(page)).sort()).toEqual([verified, unverified].sort());
    await roster(page).getByLabel('从未报到').check();
    await poll(() => status.textContent()).toMatch(/已加载 100 名党员，还有更多。/);
    // Never checked in alone: the imported members, a hundred a load.
    // (The two who checked in are somewhere among them in id order: 98 to 100 of the first 100.)
    await roster(page).getByLabel('最近报到早于').fill('');
    await poll(() => status.textContent()).toMatch(/^已加载 (98|99|100) 名党员，还有更多。$/);
    await roster(page).getByRole('button', { name: '加载更多' }).click();
    await poll(() => status.textContent()).toMatch(/^已加载 (19[6-9]|200) 名党员，还有更多。$/);
    const names = await memberNames(page);
    expect(names).not.toContain(verified);
    expect(names.filter((n) => n.startsWith(`花名${RUN}-`)).length).toBeGreaterThan(190);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-roster-filters-1280');
    await app(page).getByRole('button', { name: 'English' }).click();
    await roster(page).getByRole('checkbox', { name: 'Never checked in' }).waitFor();
    await screenshot(page, 'console-roster-filters-1280-en');
    await page.setViewportSize(phone.viewport);
    await screenshot(page, 'console-roster-filters-360-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('a role without roster sections', () => {
  it('a station manager asking for the roster lands on its service desk; a partner signs in to no tabs', async () => {
    const { context, page, errors } = await openConsole(browser, { locale: 'zh-CN', ...phone }, '/console/#/roster');
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.station);
    await app(page).locator('console-service-desk').getByRole('heading', { name: '服务需求', level: 1 }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/service-desk');
    expect(await app(page).getByRole('navigation').getByRole('link').allTextContents()).toEqual(['服务需求', '驿站信息']);
    await context.close();

    const partner = await openConsole(browser, { locale: 'zh-CN', ...phone }, '/console/#/roster');
    await app(partner.page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(partner.page, '13900000007');
    await app(partner.page).getByText('当前身份在管理台暂无可用的栏目。').waitFor();
    expect(await app(partner.page).getByRole('navigation').count()).toBe(0);
    expect([...errors, ...partner.errors]).toEqual([]);
    await partner.context.close();
  }, 180_000);
});

describe('未报到 (not reported)', () => {
  it('village staff, 360 px: the list, as .xlsx and CSV, and narrowed to a node', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone, acceptDownloads: true });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.village);
    await tab(page, '未报到').click();
    const screen = app(page).locator('console-not-reported');
    await screen.getByRole('heading', { name: '未报到', level: 1 }).waitFor();
    expect(await screen.getByLabel('自此日期起未报到').inputValue()).toBe(`${THIS_YEAR}-01-01`);
    expect(await screen.locator('#scope-now').textContent()).toBe('全部（港上北村党支部）');
    const list = screen.getByRole('list', { name: '未报到党员' });
    await poll(() => list.locator('li strong').allTextContents()).toEqual(expect.arrayContaining(['张伟', '陈静', '孙丽', '周杰']));
    await poll(() => screen.getByRole('status').textContent()).toMatch(/已列出 \d+ 名未报到党员。/);
    const shown = (await list.locator('li strong').allTextContents()).sort();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-not-reported-360');

    // .xlsx: the name the server gives it, Chinese headers, every row the village's.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), screen.getByRole('button', { name: '下载 Excel（.xlsx）' }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`未报到_港上北村党支部_${THIS_YEAR}-01-01.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.getWorksheet('未报到')!;
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(rows[0]).toEqual(HEADERS);
    const data = rows.slice(1);
    expect(data.map((r) => String(r[0])).sort()).toEqual(shown);
    for (const r of data) expect(r[2]).toBe('港上北村党支部');
    await screen.getByRole('status').filter({ hasText: `已下载 未报到_港上北村党支部_${THIS_YEAR}-01-01.xlsx。` }).waitFor();

    // CSV: UTF-8 with a BOM, the same rows.
    const [csv] = await Promise.all([page.waitForEvent('download'), screen.getByRole('button', { name: '下载 CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe(`未报到_港上北村党支部_${THIS_YEAR}-01-01.csv`);
    const text = await readFile(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(HEADERS.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(shown);

    // An earlier date: members who never reported are listed all the same.
    await screen.getByLabel('自此日期起未报到').fill('2020-01-01');
    await poll(async () => (await list.locator('li strong').allTextContents()).sort()).toEqual(shown);

    // Narrowed to the village picked from the tree (the only node of this scope).
    await screen.getByRole('button', { name: '选择组织' }).click();
    await screen.getByRole('button', { name: /^港上北村党支部\s/ }).click();
    await poll(() => screen.locator('#scope-now').textContent()).toBe('港上北村党支部（村（社区））');
    await poll(async () => (await list.locator('li strong').allTextContents()).sort()).toEqual(shown);

    await app(page).getByRole('button', { name: 'English' }).click();
    await screen.getByRole('heading', { name: 'Not reported', level: 1 }).waitFor();
    await screenshot(page, 'console-not-reported-360-en');
    await page.setViewportSize(desktop.viewport);
    await screenshot(page, 'console-not-reported-1280-en');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
