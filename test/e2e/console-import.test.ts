// The console's 导入 (roster import) screen in Chromium against the real worker. Town staff on a
// 360 px phone download the template, pick a CSV whose rows have every kind of problem (another
// town, a bad mobile, a mobile twice in the file), see the errors (and download them), and import
// the rest. The home admin at 1280 px checks a 6,000-row .xlsx (its sheet is unzipped in a worker
// made from a blob: the page's CSP allows that and nothing else) with headers of its own, then
// imports a 451-row one and stops it after its second batch. Checked against the API with the
// admin key; axe on each step; screenshots in .tmp/screens/console-import-*.png.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MemberPage } from '../../schema/members.ts';
import type { RosterImportList } from '../../schema/roster-imports.ts';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
const HEADERS = ['姓名', '手机号', '户籍镇（街道）', '户籍村（社区）', '现居城市', '类别', '工作单位'];
const admin = { Authorization: 'Bearer sk_test_pizhou_admin' };
/** Mobiles of this run: 11 digits, starting 1[3-9], unlikely to be on the roster. */
let next = Math.floor(Math.random() * 1e6);
const freshMobile = () => `197${String(++next % 1e8).padStart(8, '0')}`;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const screen = (page: Page) => app(page).locator('console-import');
const say = (page: Page, text: string | RegExp) => screen(page).getByRole('status').filter({ hasText: text });
/** The error table's rows, as `row|column|problem`. */
const errorRows = (page: Page) => screen(page).locator('tbody tr')
  .evaluateAll((rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent).join('|')));

async function members(homeUnit: string): Promise<MemberPage['data']> {
  const all: MemberPage['data'] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${apiUrl}/v1/members?homeUnit=${homeUnit}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: admin });
    const page = (await res.json()) as MemberPage;
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

async function xlsx(header: string[], rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('花名册');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('导入 (roster import)', () => {
  it('town staff, 360 px: the template; a CSV checked whole, its errors, the rest imported', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone, acceptDownloads: true });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.town);
    await tab(page, '导入').click();
    await screen(page).getByRole('heading', { name: '导入花名册', level: 1 }).waitFor();

    // The template, as the server names it, with the fields' headers.
    const [template] = await Promise.all([page.waitForEvent('download'), screen(page).getByRole('button', { name: '下载模板（.xlsx）' }).click()]);
    expect(template.suggestedFilename()).toBe('花名册导入模板.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await template.path());
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-360');

    const [a, d, f] = [freshMobile(), freshMobile(), freshMobile()];
    const csv = [
      HEADERS.join(','),
      `导入甲${RUN},${a},港上镇,港上北村党支部,常州,务工,常州某建筑公司`,
      `导入乙${RUN},${freshMobile()},铁富镇,姚湾村党支部,苏州,经商,`,
      `导入丙${RUN},12345,港上镇,,上海,学习,`,
      `导入丁${RUN},${d},港上镇,,南京,就业,`,
      '',
      `导入戊${RUN},${d.replace(/^(\d{3})(\d{4})/, '$1 $2 ')},港上镇,,南京,其他,`,
      `导入己${RUN},+86 ${f},港上镇,,"南京,江宁",其他,"某""公司"""`,
    ].join('\r\n');
    await screen(page).getByLabel('花名册文件').setInputFiles({ name: '港上镇花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    await say(page, '已读取 港上镇花名册.csv：6 行（不含表头）。').waitFor();
    // Columns matched by their headers.
    for (const [field, column] of [['姓名（必填）', '第 1 列：姓名'], ['户籍村（社区）', '第 4 列：户籍村（社区）'], ['工作单位', '第 7 列：工作单位']]) {
      expect(await screen(page).getByLabel(field!, { exact: true }).locator('option:checked').textContent()).toBe(column);
    }
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-map-360');

    await screen(page).getByRole('button', { name: '检查整个文件' }).click();
    await say(page, '检查完毕：共 6 行，2 行可以导入（其中 0 行的手机号已在花名册上），4 行有错误、不会导入。').waitFor();
    // Row numbers as the file has them (an empty line is row 6).
    expect(await errorRows(page)).toEqual([
      '3|户籍镇（街道）|不在您的管辖范围内', '4|手机号|格式不正确', '5|手机号|手机号在文件中重复', '7|手机号|手机号在文件中重复',
    ]);
    const [errorsFile] = await Promise.all([page.waitForEvent('download'), screen(page).getByRole('button', { name: '下载错误明细（CSV）' }).click()]);
    expect(errorsFile.suggestedFilename()).toBe('港上镇花名册_导入错误.csv');
    const lines = (await readFile(await errorsFile.path(), 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('行号,列,错误,说明,姓名,手机号');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '5', '7']);
    expect(lines[2]).toMatch(new RegExp(`^4,手机号,格式不正确,.*,导入丙${RUN},12345$`));
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-check-360');

    await screen(page).getByRole('button', { name: '开始导入 2 行' }).click();
    await say(page, /导入完成。\s*新增 2 人，更新 0 人，跳过 0 人，拒绝 0 行（已处理 2\/2 行）。/).waitFor();
    await screen(page).getByText('另有 4 行因检查出错误未导入。').waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-done-360');
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('heading', { name: 'Import result' }).waitFor();
    await screenshot(page, 'console-import-done-360-en');

    const town = await members('hu_gangshang');
    const imported = (name: string) => town.find((m) => m.name === name);
    const first = imported(`导入甲${RUN}`);
    expect(first?.view === 'staff' && [first.mobile, first.homeUnit.id, first.category, first.employer]).toEqual([a, 'hu_gangshang_bei', 'worker', '常州某建筑公司']);
    const last = imported(`导入己${RUN}`);
    expect(last?.view === 'staff' && [last.mobile, last.homeUnit.id, last.currentCity, last.employer]).toEqual([f, 'hu_gangshang', '南京,江宁', '某"公司"']);
    for (const name of ['乙', '丙', '丁', '戊']) expect(imported(`导入${name}${RUN}`)).toBeUndefined();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('home admin, 1280 px: a 6,000-row .xlsx checked; a 451-row one imported and stopped', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    await tab(page, '导入').click();
    await screen(page).getByRole('heading', { name: '导入花名册', level: 1 }).waitFor();

    // Headers of the file's own, no city or employer column.
    const header = ['名字', '联系电话', '镇', '村', '类型'];
    const big = Array.from({ length: 6000 }, (_, i) => [`大表${RUN}-${i}`, freshMobile(), '官湖镇', '赵庄村党支部', '务工']);
    await screen(page).getByLabel('花名册文件').setInputFiles({
      name: 'big.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx(header, big),
    });
    await say(page, '已读取 big.xlsx：6000 行（不含表头）。').waitFor({ timeout: 30_000 });
    expect(await screen(page).getByLabel('现居城市', { exact: true }).locator('option:checked').textContent()).toBe('无此列');
    expect(await screen(page).getByLabel('手机号（必填）', { exact: true }).locator('option:checked').textContent()).toBe('第 2 列：联系电话');
    await screen(page).getByRole('button', { name: '检查整个文件' }).click();
    await say(page, '检查完毕：共 6000 行，6000 行可以导入（其中 0 行的手机号已在花名册上），0 行有错误、不会导入。').waitFor({ timeout: 60_000 });
    await screen(page).getByRole('button', { name: '重新选择文件' }).click();

    // 451 rows (one of them a member already on the roster), mode 覆盖更新, stopped after the second batch of 200.
    const rows = [['王强', '13800000003', '官湖镇', '赵庄村党支部', '务工'], ...big.slice(0, 450)];
    await screen(page).getByLabel('花名册文件').setInputFiles({
      name: 'guanhu.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx(header, rows),
    });
    await say(page, '已读取 guanhu.xlsx：451 行（不含表头）。').waitFor();
    await screen(page).getByRole('radio', { name: /^覆盖更新/ }).check();
    await screen(page).getByLabel('导入标记').fill(`官湖${RUN}`);
    await screen(page).getByRole('button', { name: '检查整个文件' }).click();
    await say(page, '检查完毕：共 451 行，451 行可以导入（其中 1 行的手机号已在花名册上），0 行有错误、不会导入。').waitFor();
    await screenshot(page, 'console-import-check-1280');

    // Each batch answered 1.5 s late, so that the stop comes while the second is on its way.
    await page.route('**/v1/roster/imports/*/batches', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await screen(page).getByRole('button', { name: '开始导入 451 行' }).click();
    await say(page, '已导入 200/451 行…').waitFor();
    expect(await screen(page).locator('progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([200, 451]);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-progress-1280');
    await screen(page).getByRole('button', { name: '停止' }).click();
    await say(page, /导入已停止：已写入的数据保留。\s*新增 399 人，更新 0 人，跳过 1 人，拒绝 0 行（已处理 400\/451 行）。/).waitFor();
    const [latest] = ((await (await fetch(`${apiUrl}/v1/roster/imports?limit=1`, { headers: admin })).json()) as RosterImportList).data;
    expect([latest?.tag, latest?.mode, latest?.status, latest?.total, latest?.applied, latest?.added]).toEqual([`官湖${RUN}`, 'update', 'stopped', 451, 400, 399]);
    const guanhu = (await members('hu_guanhu')).filter((m) => m.name.startsWith(`大表${RUN}-`));
    expect(guanhu).toHaveLength(399);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-import-stopped-1280');
    // The blob worker the .xlsx reader made was allowed; nothing else was refused.
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
