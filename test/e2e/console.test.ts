// The staff console (/console/) in real Chromium against the real worker: the branch secretary
// on a 360 px phone signs in with the SMS code from the local outbox (a wrong code first), searches
// the queue, confirms one pending check-in, rejects another with a reason, meets one someone else
// decided (409), returns one for changes (the member's receipt says what to correct), agrees to let
// a member of the branch go elsewhere and reads that in the check-in's history, and signs out everywhere; the home admin at 1280 px confirms several at once, switches to English and
// signs out. The first screen's bytes, the page's CSP, axe on both screens, and screenshots in
// .tmp/screens/console-*.png (English too: the machine has no CJK fonts).
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHECK_IN_CONSENT, type CheckIn } from '../../schema/check-ins.ts';
import { Ginkgo } from '../../sdk/src/index.ts';
import { app, desktop, focusedText, openConsole as open, phone, signIn, STAFF } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
/** The budget for everything the browser fetches to show the sign-in screen (HTML, CSS, JS), gzipped. */
const FIRST_SCREEN_BUDGET = 60 * 1024;
const BRANCH = 'br_cz_lingjiatang';
/** This run's check-ins start their names with it, so a search finds only them. */
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** An unverified check-in (at Lingjiatang by a new member unless told), sent with the admin key; its reference. */
async function pendingCheckIn(name: string, over: { branchId?: string; mobile?: string } = {}): Promise<string> {
  const receipt = await admin.checkIns.create({
    branchId: BRANCH, name, mobile: freshMobile(), homeUnitId: 'hu_gangshang_bei', currentCity: '常州市武进区',
    category: 'worker', consent: { version: CHECK_IN_CONSENT.version, granted: true }, ...over,
  });
  return receipt.reference;
}

/** The check-in as the server has it now, by reference (through the admin key). */
async function onServer(reference: string): Promise<CheckIn> {
  const [found] = (await admin.checkIns.list({ q: reference })).data;
  if (!found) throw new Error(`no check-in ${reference}`);
  return found;
}

const openConsole = (options: Parameters<Browser['newContext']>[0], path = '/console') => open(browser, options, path);

/** The check-in's card in the queue, by its reference. */
const card = (page: Page, reference: string) => app(page).locator('article').filter({ hasText: reference });

async function signedOutOnServer(context: BrowserContext) {
  return (await context.request.get(`${apiUrl}/v1/me`)).status();
}

describe('the staff console', () => {
  it('is served at /console/ (and /console) under a strict CSP, scripts from files only', async () => {
    const redirect = await fetch(`${apiUrl}/console`, { redirect: 'manual' });
    expect([301, 307, 308]).toContain(redirect.status);
    expect(redirect.headers.get('Location')).toMatch(/\/console\/$/);
    const res = await fetch(`${apiUrl}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    const html = await res.text();
    expect(html.match(/<script\b[^>]*>/g)?.filter((tag) => !/\ssrc=/.test(tag)) ?? []).toEqual([]);
    expect(html).not.toMatch(/\s(on[a-z]+|style)=/i);
    const chunk = html.match(/src="(\/console\/assets\/main-[A-Z0-9]+\.js)"/)![1]!;
    expect((await fetch(`${apiUrl}${chunk}`)).headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('branch secretary, 360 px: first screen in budget; sign in; search; confirm, reject, a 409, return; a handover agreed; sign out everywhere', async () => {
    const toReturn = await pendingCheckIn(`${RUN}退回`);
    const oldest = await pendingCheckIn(`${RUN}他人`);
    const toReject = await pendingCheckIn(`${RUN}驳回`);
    const toConfirm = await pendingCheckIn(`${RUN}确认`);
    // 郑浩, hosted by Lingjiatang, checks in to Suzhou unverified: Lingjiatang's agreement is needed too.
    const leaving = await pendingCheckIn('郑浩', { branchId: 'br_sz_sip', mobile: '13800000009' });
    const { context, page, errors, responses, violations } = await openConsole({ locale: 'zh-CN', ...phone });

    // The first screen: the sign-in screen, every byte of HTML, CSS and JS the browser fetched for it.
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(page.url()).toBe(`${apiUrl}/console/#/sign-in`);
    const assets = responses.filter((r) => ['document', 'script', 'stylesheet'].includes(r.request().resourceType()) && r.status() === 200);
    const sizes = await Promise.all(assets.map(async (r) => [new URL(r.url()).pathname, gzipSync(await r.body(), { level: 9 }).length] as const));
    const firstScreen = sizes.reduce((n, [, bytes]) => n + bytes, 0);
    console.log(`console first screen: ${firstScreen} B gzipped in ${sizes.length} files`, Object.fromEntries(sizes));
    expect(firstScreen).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
    expect(sizes.map(([path]) => path)).toContain('/console/');
    expect(sizes.some(([path]) => /\/sign-in-[A-Z0-9]+\.js$/.test(path))).toBe(true);
    // The queue and the other screens are chunks of their own, not fetched before sign-in; nor are the import's file readers.
    expect(sizes.filter(([path]) => /\/(queue|roster|not-reported|lost-contact|staff|import|browser|papaparse\.min)-[A-Z0-9]+\.js$/.test(path))).toEqual([]);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-sign-in-360');

    // A number that is not 11 digits is refused before anything is sent.
    await app(page).getByLabel('手机号', { exact: true }).fill('1390000');
    await app(page).getByRole('button', { name: '获取验证码' }).click();
    await app(page).getByRole('alert').filter({ hasText: '请输入 11 位中国大陆手机号' }).waitFor();

    const me = await signIn(page, STAFF.branchSecretary, { wrongFirst: true });
    expect(me.grants.map((g) => g.role)).toEqual(['branch_secretary']);
    await poll(() => page.evaluate(() => location.hash)).toBe('#/queue');
    const header = app(page).locator('console-account .account');
    await poll(() => header.textContent()).toContain(me.user.name);
    expect(await header.textContent()).toContain('流动党支部书记 · 凌家塘市场流动党员党支部');
    await app(page).getByRole('link', { name: /^待确认 \(\d+\+?\)$/ }).waitFor();

    // This run's four, newest first, found by the server's search (the start of the name).
    await app(page).getByLabel('搜索待确认的报到').fill(RUN);
    await poll(() => app(page).locator('article h2 .ref').allTextContents()).toEqual([toConfirm, toReject, oldest, toReturn]);
    const first = card(page, toConfirm);
    expect(await first.textContent()).toContain('未验证手机');
    expect(await first.textContent()).toContain('凌家塘市场流动党员党支部');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-queue-360');

    // Confirm: the check-in leaves the list, focus moves to the next one.
    await first.getByRole('button', { name: '确认', exact: true }).click();
    await app(page).getByRole('status').filter({ hasText: `已确认 ${toConfirm}` }).waitFor();
    await poll(() => card(page, toConfirm).count()).toBe(0);
    await poll(() => focusedText(page)).toMatch(new RegExp(`^article [\\s\\S]*${toReject}`));

    // Reject with a reason.
    const reason = `不是本党支部的流动党员（${RUN}）`;
    await card(page, toReject).getByRole('button', { name: '驳回', exact: true }).click();
    await card(page, toReject).getByLabel('驳回理由').fill(reason);
    await card(page, toReject).screenshot({ path: '.tmp/screens/console-reject-360.png' });
    await card(page, toReject).getByRole('button', { name: '确认驳回' }).click();
    await app(page).getByRole('status').filter({ hasText: `已驳回 ${toReject}` }).waitFor();
    await poll(() => focusedText(page)).toMatch(new RegExp(`^article [\\s\\S]*${oldest}`));

    // Someone else decides the last one first: 409, and it leaves the list all the same.
    const other = await onServer(oldest);
    await admin.checkIns.confirm(other.id);
    await card(page, oldest).getByRole('button', { name: '确认', exact: true }).click();
    await app(page).getByRole('status').filter({ hasText: `${oldest} 已由他人处理` }).waitFor();
    await poll(() => card(page, oldest).count()).toBe(0);

    // Returned for changes, with a ready-made note: the member's receipt says what to correct.
    await card(page, toReturn).getByRole('button', { name: '退回修改' }).click();
    await card(page, toReturn).getByRole('button', { name: '请填写工作单位' }).click();
    expect(await card(page, toReturn).getByLabel('请报到人修改什么').inputValue()).toBe('请填写工作单位');
    await card(page, toReturn).screenshot({ path: '.tmp/screens/console-return-360.png' });
    await card(page, toReturn).getByRole('button', { name: '确认退回' }).click();
    await app(page).getByRole('status').filter({ hasText: `已退回 ${toReturn}` }).waitFor();
    await app(page).getByText('没有匹配的待确认报到。').waitFor();
    const returned = await onServer(toReturn);
    expect([returned.status, returned.rejectReason]).toEqual(['returned', '请填写工作单位']);
    const receipt = await admin.checkIns.status({ reference: toReturn, mobileLast4: returned.mobile.slice(-4) });
    expect([receipt.status, receipt.rejectReason]).toEqual(['returned', '请填写工作单位']);

    // A member of this branch checks in elsewhere: this side agrees to let them go; the history says who did.
    await app(page).getByLabel('搜索待确认的报到').fill('郑浩');
    await poll(() => app(page).locator('article h2 .ref').allTextContents()).toEqual([leaving]);
    expect(await card(page, leaving).textContent()).toContain('需接收方和原所在方都确认');
    await card(page, leaving).getByRole('button', { name: '确认', exact: true }).click();
    await app(page).getByRole('status').filter({ hasText: `已记录本方同意 ${leaving}` }).waitFor();
    await app(page).getByRole('button', { name: '刷新' }).click();
    await card(page, leaving).getByRole('button', { name: '处理记录' }).click();
    await card(page, leaving).getByText(`原所在方同意 · ${me.user.name}`).waitFor();
    await card(page, leaving).screenshot({ path: '.tmp/screens/console-history-360.png' });
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);

    // The server has the decisions.
    expect((await onServer(toConfirm)).status).toBe('confirmed');
    const rejected = await onServer(toReject);
    expect([rejected.status, rejected.rejectReason]).toEqual(['rejected', reason]);

    // Sign out everywhere: back to the sign-in screen, and the cookie no longer signs anything in.
    await header.getByRole('button', { name: '退出所有设备' }).click();
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    expect(page.url()).toBe(`${apiUrl}/console/#/sign-in`);
    expect(await signedOutOnServer(context)).toBe(401);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('home admin, 1280 px: batch confirm, English, sign out', async () => {
    const references = [];
    for (const i of [1, 2, 3]) references.push(await pendingCheckIn(`${RUN}批量-${i}`));
    const { context, page, errors, violations } = await openConsole({ locale: 'zh-CN', ...desktop }, '/console/');
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    const me = await signIn(page, STAFF.admin);
    expect(me.grants.map((g) => g.role)).toEqual(['home_admin']);
    const header = app(page).locator('console-account .account');
    await poll(() => header.textContent()).toContain('县委组织部（管理员）');

    await app(page).getByLabel('搜索待确认的报到').fill(`${RUN}批量`);
    await poll(() => app(page).locator('article').count()).toBe(3);
    await screenshot(page, 'console-queue-1280');
    await app(page).getByLabel('全选').check();
    await app(page).getByRole('region', { name: '已选 3 项' }).waitFor();
    await screenshot(page, 'console-batch-1280');

    // English (the selection stays), at 1280 and 360 px for a look with Latin fonts; then the batch.
    await app(page).getByRole('button', { name: 'English' }).click();
    await app(page).getByRole('link', { name: /^Pending \(\d+\+?\)$/ }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['en', 'Staff console · Ginkgo']);
    await screenshot(page, 'console-batch-1280-en');
    await page.setViewportSize(phone.viewport);
    await screenshot(page, 'console-batch-360-en');
    await page.setViewportSize(desktop.viewport);
    const bar = app(page).getByRole('region', { name: '3 selected' });
    await bar.getByRole('button', { name: 'Confirm selected' }).click();
    await app(page).getByRole('status').filter({ hasText: '3 confirmed.' }).waitFor();
    await poll(() => app(page).locator('article').count()).toBe(0);
    for (const reference of references) expect((await onServer(reference)).status).toBe('confirmed');

    await header.getByRole('button', { name: 'Sign out', exact: true }).click();
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    expect(await signedOutOnServer(context)).toBe(401);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await page.setViewportSize(phone.viewport);
    await screenshot(page, 'console-sign-in-360-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('an invitation link: the invitee signs in with the invited mobile and acts in the new role; the link works once', async () => {
    const mobile = `1398${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const name = `受邀书记${RUN}`;
    const res = await fetch(`${apiUrl}/v1/staff/invitations`, {
      method: 'POST', headers: { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, mobile, role: 'branch_secretary', scopeNodeId: BRANCH }),
    });
    expect(res.status).toBe(201);
    const link = new URL(((await res.json()) as { link: string }).link);
    expect(link.hash).toMatch(/^#\/invite\/[A-Za-z0-9_-]{43}$/);
    const { context, page, errors, violations } = await openConsole({ locale: 'zh-CN', ...phone }, `${link.pathname}${link.hash}`);
    await app(page).getByRole('status').filter({ hasText: '请使用受邀的手机号登录' }).waitFor();
    // The token left the address bar (and the history): it waits in this tab's sessionStorage.
    expect(page.url()).toBe(`${apiUrl}/console/#/sign-in`);

    const me = await signIn(page, mobile);
    expect([me.user.name, me.grants.map((g) => g.role)]).toEqual([name, ['branch_secretary']]);
    await app(page).getByRole('status').filter({ hasText: '已接受邀请，新的身份已生效。' }).waitFor();
    const header = app(page).locator('console-account .account');
    await poll(() => header.textContent()).toContain('流动党支部书记 · 凌家塘市场流动党员党支部');
    await app(page).getByRole('link', { name: /^待确认 \(\d+\+?\)$/ }).waitFor();

    // Opened again, the spent link is refused; the session stays.
    await page.goto(`${apiUrl}${link.pathname}${link.hash}`);
    await app(page).getByRole('status').filter({ hasText: '邀请链接无效' }).waitFor();
    await app(page).getByRole('link', { name: /^待确认 \(\d+\+?\)$/ }).waitFor();
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('counts down when the server refuses a code for now (429 with Retry-After), and says when a code is used up', async () => {
    const { context, page, errors } = await openConsole({ locale: 'zh-CN', ...phone });
    await page.route('**/auth/phone-number/send-otp', (route) => route.fulfill({
      status: 429, contentType: 'application/json', headers: { 'Retry-After': '42' },
      body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many sign-in codes for this number; try again later.', requestId: 'req_test' } }),
    }));
    await app(page).getByLabel('手机号', { exact: true }).fill('139 0000 0099');
    await app(page).getByRole('button', { name: '获取验证码' }).click();
    await app(page).getByRole('alert').filter({ hasText: '请求过于频繁，请稍后再试。' }).waitFor();
    const button = app(page).getByRole('button', { name: /^\d+ 秒后可重新获取$/ });
    expect(Number((await button.textContent())!.trim().split(' ')[0])).toBeGreaterThan(38);
    expect(await button.isDisabled()).toBe(true);

    // Another number has its own wait; three wrong codes use a code up (the server's 403 code_exhausted).
    await page.unroute('**/auth/phone-number/send-otp');
    await page.route('**/auth/phone-number/send-otp', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"message":"code sent"}' }));
    await page.route('**/auth/phone-number/verify', (route) => route.fulfill({
      status: 403, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'code_exhausted', message: 'Too many attempts', requestId: 'req_test' } }),
    }));
    await app(page).getByLabel('手机号', { exact: true }).fill('13900000098');
    await app(page).getByRole('button', { name: '获取验证码' }).click();
    await app(page).getByLabel('短信验证码', { exact: true }).fill('123456');
    await app(page).getByRole('button', { name: '登录', exact: true }).click();
    await app(page).getByRole('alert').filter({ hasText: '验证码错误次数过多，请重新获取验证码。' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
