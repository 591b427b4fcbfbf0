// 家乡来信 in the console, in Chromium against the real worker, on the demo's 2026 campaign
// (worker/src/seed/pizhou-campaign.ts): the home admin at 1280 px sees the funnel (an ECharts SVG
// under the console's CSP), drills from the county to a town and a village and back, opens the people
// behind a count, and downloads the .xlsx (read back with ExcelJS), and pages the children with 更多
// (the worker asked for pages of 1, the demo having four towns); the village staffer at 360 px
// sees their village only and prints its letters, which render one A4 page per member, each QR
// code (read by jsQR from Chromium's pixels) leading to that member's /l/<token>.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { app, desktop, openConsole, phone, signIn, STAFF } from '../support/console.ts';
import { scanQrCodes } from '../support/qr-screenshot.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const CAMPAIGN = 'cmp_demo_2026';
/** The demo letters' ids end in the member's number (pizhou-campaign.ts). */
const VILLAGERS: Record<string, string> = { 张伟: '01', 陈静: '05', 孙丽: '06', 周杰: '07' };

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const funnel = (page: Page) => app(page).locator('console-campaign-funnel');
const cell = (page: Page, name: string) => funnel(page).getByRole('button', { name, exact: true });
const openFunnel = (page: Page) => page.evaluate((id) => { location.hash = `#/campaigns/${id}`; }, CAMPAIGN);
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('家乡来信: the funnel', () => {
  it('home admin, 1280 px: the chart, a drill to a village and back, the people behind a count, the .xlsx', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop, acceptDownloads: true });
    await signIn(page, STAFF.admin);
    await openFunnel(page);
    await funnel(page).getByRole('heading', { name: '2026年家乡来信' }).waitFor();
    await funnel(page).getByRole('heading', { name: '中共邳州市委组织部 · 报到漏斗' }).waitFor();
    // The chart: ECharts' SVG, each stage's bars labelled.
    await expect.poll(() => funnel(page).locator('#chart svg').count()).toBe(1);
    expect(await funnel(page).locator('#chart svg text').allTextContents()).toEqual(expect.arrayContaining(['已发出', '已确认', '8', '7']));
    expect(await cell(page, '已发出（全部）：8 人，查看名单').isVisible()).toBe(true);
    expect(await cell(page, '已报到（纸质信）：1 人，查看名单').isVisible()).toBe(true);
    // Four towns, one page of children: no 更多 (paging itself: test/worker/campaign-funnel*.test.ts).
    expect(await funnel(page).getByRole('button', { name: '查看港上镇的漏斗' }).isVisible()).toBe(true);
    expect(await funnel(page).getByRole('button', { name: /^更多/ }).count()).toBe(0);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-campaigns-funnel-1280');

    // Down to 港上镇 (5 letters), then 港上北村党支部 (4), and back up.
    await funnel(page).getByRole('button', { name: '查看港上镇的漏斗' }).click();
    await funnel(page).getByRole('heading', { name: '港上镇 · 报到漏斗' }).waitFor();
    await expect.poll(() => page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id;
    })).toBe('node-heading');
    await funnel(page).getByRole('button', { name: '查看港上北村党支部的漏斗' }).click();
    await funnel(page).getByRole('heading', { name: '港上北村党支部 · 报到漏斗' }).waitFor();
    expect(await cell(page, '已发出（短信）：3 人，查看名单').isVisible()).toBe(true);
    await funnel(page).getByRole('button', { name: '返回上一级' }).click();
    await funnel(page).getByRole('heading', { name: '港上镇 · 报到漏斗' }).waitFor();
    await funnel(page).getByRole('button', { name: '返回上一级' }).click();
    await funnel(page).getByRole('heading', { name: '中共邳州市委组织部 · 报到漏斗' }).waitFor();

    // The people behind 已报到 (全部): 张伟, 刘洋, 陈静, 郑浩.
    await cell(page, '已报到（全部）：4 人，查看名单').click();
    const people = funnel(page).locator('console-campaign-people');
    await people.getByRole('heading', { name: '中共邳州市委组织部 · 已报到（全部）' }).waitFor();
    await expect.poll(() => people.locator('.row strong').allTextContents()).toEqual(['张伟', '刘洋', '陈静', '郑浩']);
    expect(await people.getByRole('link', { name: '13800000001' }).getAttribute('href')).toBe('tel:13800000001');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);

    // The .xlsx: the towns' rows with their numbers.
    const [file] = await Promise.all([page.waitForEvent('download'), funnel(page).getByRole('button', { name: '下载 Excel（.xlsx）' }).click()]);
    expect(file.suggestedFilename()).toBe('家乡来信_2026年家乡来信_中共邳州市委组织部.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await file.path());
    const rows = book.getWorksheet('漏斗')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows.find((r) => r[0] === '港上镇' && r[2] === '全部')!.slice(3, 10)).toEqual([5, 4, 4, 0, 2, 2, 1]);

    // English.
    await app(page).getByRole('button', { name: 'English' }).click();
    await funnel(page).getByRole('heading', { name: 'Report-in funnel', exact: false }).first().waitFor();
    await screenshot(page, 'console-campaigns-funnel-1280-en');
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('home admin, 1280 px: the children a page at a time, 更多 by keyboard appending the next, from the first page again on a drill', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop });
    await signIn(page, STAFF.admin);
    // The demo's four towns fit a page: the console's requests ask the real worker for pages of 1 instead.
    await page.route(/\/v1\/campaigns\/[^/]+\/funnel\?/, (route) => route.continue({ url: route.request().url().replace('limit=50', 'limit=1') }));
    await openFunnel(page);
    await funnel(page).getByRole('heading', { name: '中共邳州市委组织部 · 报到漏斗' }).waitFor();
    const drills = funnel(page).locator('#children-table .drill');
    const more = funnel(page).getByRole('button', { name: '更多（加载后 50 个）' });
    await expect.poll(() => drills.count()).toBe(1);
    expect(await funnel(page).locator('#children-shown').textContent()).toBe('已显示 1 个下级组织（按名称排序，还有更多）。');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await more.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-campaigns-funnel-more-1280');
    const activeLabel = () => page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('aria-label');
    });
    for (let shown = 2; shown <= 4; shown += 1) {
      await more.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => drills.count()).toBe(shown);
      // Focus on the child just added, its name a way down.
      expect(await activeLabel()).toBe(await drills.nth(shown - 1).getAttribute('aria-label'));
    }
    expect(await more.count()).toBe(0);
    expect(await funnel(page).locator('[role="status"].sr-only').textContent()).toBe('已显示 4 个下级组织。');
    const names = await drills.allTextContents();
    expect(names).toEqual([...names].sort());
    expect([...names].sort()).toEqual(['官湖镇', '港上镇', '运河街道', '铁富镇'].sort());
    // A drill and back up: the first page again.
    await funnel(page).getByRole('button', { name: '查看港上镇的漏斗' }).click();
    await funnel(page).getByRole('heading', { name: '港上镇 · 报到漏斗' }).waitFor();
    await funnel(page).getByRole('button', { name: '返回上一级' }).click();
    await funnel(page).getByRole('heading', { name: '中共邳州市委组织部 · 报到漏斗' }).waitFor();
    await expect.poll(() => drills.count()).toBe(1);
    expect(await more.count()).toBe(1);
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('village staff, 360 px: their village only, and its letters printed a page each with a QR code that scans to the letter', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await signIn(page, STAFF.village);
    await openFunnel(page);
    await funnel(page).getByRole('heading', { name: '港上北村党支部 · 报到漏斗' }).waitFor();
    await expect.poll(() => funnel(page).locator('#chart svg').count()).toBe(1);
    expect(await funnel(page).getByRole('button', { name: '返回上一级' }).count()).toBe(0);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-campaigns-village-360');

    const [letters] = await Promise.all([context.waitForEvent('page'), funnel(page).getByRole('link', { name: '打印港上北村党支部的信件' }).click()]);
    await letters.waitForLoadState();
    const sheets = letters.locator('section.sheet');
    expect(await sheets.count()).toBe(4);
    const pdf = (await letters.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(4);
    const names = await sheets.evaluateAll((all) => all.map((s) => s.getAttribute('aria-label')));
    const links = await scanQrCodes(browser, letters, 'section.sheet .reply svg');
    expect(links).toHaveLength(4);
    names.forEach((name, i) => {
      expect(links[i]).toMatch(new RegExp(`^${apiUrl}/l/ltr_2026\\d{14}${VILLAGERS[name!]}\\.\\d+\\.[\\w-]{22}$`));
    });
    await screenshot(letters, 'console-campaigns-print');
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('home admin, 360 px: a new draft\'s required fields are marked before anything is sent', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await signIn(page, STAFF.admin);
    await app(page).getByRole('navigation').getByRole('link', { name: '家乡来信' }).click();
    const screen = app(page).locator('console-campaigns');
    await screen.getByRole('button', { name: '撰写新来信' }).click();
    const draft = screen.locator('console-campaign-draft');
    await draft.getByRole('heading', { name: '撰写新来信' }).waitFor();
    const sent: string[] = [];
    page.on('request', (r) => { if (r.method() !== 'GET') sent.push(r.url()); });
    await draft.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => draft.locator('[aria-invalid="true"]').count()).toBe(3); // 标题, 正文, 落款
    expect(await draft.getByLabel('标题', { exact: true }).evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(sent).toEqual([]);
    await draft.getByRole('button', { name: '选择组织' }).click();
    await draft.locator('console-tree').getByRole('button', { name: /港上镇/ }).first().waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-campaigns-draft-360');
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
