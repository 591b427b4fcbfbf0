// Members' data rights end to end in Chromium against the real worker. A member (checked in by
// staff, so the roster has them) opens /my-data on a 360 px phone, proves the mobile with the SMS
// code from the local outbox, downloads the JSON copy and asks for a correction. The home admin, on
// the console's 数据请求 screen, corrects the roster and marks it done; then executes another
// member's erasure through the confirm dialog, and the audit API has the pseudonymous record.
// axe on each; screenshots in .tmp/screens/my-data-*.png and console-data-requests-*.png.
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHECK_IN_CONSENT } from '../../schema/check-ins.ts';
import type { MyData } from '../../schema/data-requests.ts';
import type { AuditEntry } from '../../schema/audit.ts';
import type { StaffMember } from '../../schema/members.ts';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';
import { waitForSmsCode } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const admin = { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' };
const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const client = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

/** A member the staff checked in (no proof needed from a staff key): the roster has them. */
async function checkedInByStaff(name: string): Promise<string> {
  const mobile = freshMobile();
  const res = await fetch(`${apiUrl}/v1/check-ins`, {
    method: 'POST', headers: { ...admin, 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ branchId: 'br_cz_lingjiatang', name, mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州', category: 'worker',
      employer: '旧单位', needs: [], consent: { version: CHECK_IN_CONSENT.version, granted: true } }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return mobile;
}
const memberOf = async (mobile: string) => {
  const page = await (await fetch(`${apiUrl}/v1/members?limit=100&homeUnit=hu_gangshang_bei`, { headers: admin })).json() as { data: StaffMember[]; nextCursor: string | null };
  return page.data.find((m) => m.mobile === mobile);
};

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const RUN = Date.now().toString(36).slice(-4);
const member = { name: `自助${RUN}`, mobile: '' };

describe('我的信息 (/my-data) and 数据请求', () => {
  it('a member, 360 px: verifies by SMS code, downloads the copy, asks for a correction', async () => {
    member.mobile = await checkedInByStaff(member.name);
    const context = await browser.newContext({ locale: 'zh-CN', ...phone, acceptDownloads: true, extraHTTPHeaders: { 'CF-Connecting-IP': client() } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${apiUrl}/my-data?k=pk_test_pizhou`);
    await page.getByRole('heading', { name: '验证手机号' }).waitFor();
    expect(await axeViolations(page, 'main')).toEqual([]);
    await page.getByLabel('手机号').fill(member.mobile);
    const asked = Date.now() - 1000;
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByLabel('短信验证码').waitFor({ timeout: 40_000 });
    await page.getByLabel('短信验证码').fill(await waitForSmsCode(member.mobile, { after: asked }));
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByRole('heading', { name: '花名册记录' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(member.name);
    expect(await axeViolations(page, 'main')).toEqual([]);
    await screenshot(page, 'my-data-360');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载我的信息（JSON）' }).click();
    const copy = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as MyData;
    expect(copy.member).toMatchObject({ name: member.name, mobile: member.mobile, employer: '旧单位' });
    expect(copy.checkIns).toHaveLength(1);

    await page.getByLabel('请求类型').selectOption('correction');
    await page.getByLabel('需要更正的内容').selectOption('employer');
    await page.getByLabel('说明').fill('现在在新单位工作');
    await page.getByRole('button', { name: '提交请求' }).click();
    await page.getByRole('status').filter({ hasText: '已提交' }).waitFor();
    expect(await page.locator('li.request').first().textContent()).toContain('更正 · 处理中');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('the home admin: corrects the roster and marks it done; executes an erasure; the audit keeps only a hash', async () => {
    expect(member.mobile, 'the member test ran first').not.toBe('');
    // A second member asks for erasure through the API, as the page would.
    const erasedName = `删除${RUN}`;
    const erased = await checkedInByStaff(erasedName);
    const asked = await fetch(`${apiUrl}/v1/my-data/requests?key=pk_test_pizhou`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': client() },
      body: JSON.stringify({ mobile: erased, mobileProof: await mobileProofFor(erased), kind: 'erasure' }),
    });
    expect(asked.status).toBe(201);

    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...desktop });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    await tab(page, '数据请求').click();
    const screen = app(page).locator('console-data-requests');
    const card = (name: string) => screen.locator('article').filter({ has: page.getByRole('heading', { name, exact: true }) });
    await card(member.name).waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-data-requests-1280');

    await card(member.name).getByRole('button', { name: '办理更正' }).click();
    await card(member.name).getByLabel(/更正后的内容/).fill('新单位');
    await card(member.name).getByLabel('处理结果').fill('已将工作单位更正为“新单位”');
    await card(member.name).getByRole('button', { name: '标记办结' }).click();
    await screen.getByRole('status').filter({ hasText: `已办结 ${member.name} 的请求` }).waitFor();
    expect((await memberOf(member.mobile))?.employer).toBe('新单位');

    await card(erasedName).getByRole('button', { name: '执行删除' }).click();
    const dialog = screen.getByRole('dialog', { name: '确认删除' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(erased);
    await screenshot(page, 'console-data-requests-confirm');
    await dialog.getByRole('button', { name: '永久删除' }).click();
    await screen.getByRole('status').filter({ hasText: '已删除' }).waitFor();
    expect(await memberOf(erased)).toBeUndefined();

    const audit = await (await fetch(`${apiUrl}/v1/audit?action=member.erase&limit=10`, { headers: admin })).json() as { data: AuditEntry[] };
    const entry = audit.data[0]!;
    expect(entry.detail).toMatchObject({ mobileHmac: expect.stringMatching(/^[0-9a-f]{64}$/), erased: expect.objectContaining({ members: 1, check_ins: 1 }) });
    expect(JSON.stringify(audit)).not.toContain(erased);
    expect(JSON.stringify(audit)).not.toContain(erasedName);
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  }, 120_000);

  it('the console screen at 360 px', async () => {
    const { context, page } = await openConsole(browser, { locale: 'en', ...phone });
    await app(page).getByRole('heading', { name: /sign in/i }).waitFor();
    await signIn(page, STAFF.admin, { lang: 'en' });
    await tab(page, 'Data requests').click();
    await app(page).locator('console-data-requests').getByRole('heading', { name: 'Data requests', level: 1 }).waitFor();
    await app(page).locator('console-data-requests').getByRole('button', { name: 'Done' }).click();
    await app(page).locator('console-data-requests').locator('article').first().waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-data-requests-360');
    await context.close();
  }, 90_000);
});
