// The console's 审计日志 (audit log) screen in Chromium against the real worker: the home admin at
// 1280 px creates a key, then finds its key.create entry by action (read as words), opens its
// details, narrows by day (Beijing time) and by the staff user, and meets a start after the end;
// at 360 px in Chinese the filters and entries fit the phone. axe on each state; screenshots in
// .tmp/screens/console-audit-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const RUN = Date.now().toString(36).slice(-5);
const DAY_MS = 24 * 60 * 60 * 1000;
/** `YYYY-MM-DD` in Beijing, `days` from today. */
const beijingDay = (days = 0) => new Date(Date.now() + 8 * 60 * 60 * 1000 + days * DAY_MS).toISOString().slice(0, 10);

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const screen = (page: Page) => app(page).locator('console-audit');
const entries = (page: Page) => screen(page).getByRole('list', { name: /Audit log|审计日志/ }).locator(':scope > li');

/** A key made through the console session, as the keys screen makes it: its id. */
async function createKey(page: Page, label: string): Promise<string> {
  return page.evaluate(async (body) => {
    const res = await fetch('/v1/keys', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return ((await res.json()) as { id: string }).id;
  }, { kind: 'publishable', label, allowedOrigins: [`https://audit-${RUN}.example.org`] });
}

/** Applies the filters; waits for the page they ask for (`asks`: a parameter it must carry), not one asked before. */
async function apply(page: Page, asks = '') {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/audit' && new URL(r.url()).search.includes(asks));
  await screen(page).getByRole('button', { name: /^(Apply filters|筛选)$/ }).click();
  expect((await answer).status()).toBe(200);
}

describe('审计日志 (audit log)', () => {
  it('home admin, 1280 px: the key.create just made, by action, by day and by user; details open', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...desktop });
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    const me = await signIn(page, STAFF.admin, { lang: 'en' });
    const label = `Audit e2e ${RUN}`;
    const keyId = await createKey(page, label);
    await tab(page, 'Audit log').click();
    await screen(page).getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await poll(() => entries(page).count()).toBeGreaterThan(0);

    // By action, picked by its words: the entry just made comes first.
    await screen(page).getByLabel('Action').selectOption({ label: 'Created a key' });
    await apply(page, 'action=key.create');
    const first = entries(page).first();
    await poll(() => first.textContent()).toContain(keyId);
    expect(await first.textContent()).toMatch(/Created a key\s*key\.create/);
    expect(await first.textContent()).toContain(`Staff ${me.user.id} · County organisation department (admin)`);
    const actions = await entries(page).locator('.code').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['key.create']));
    // Its details: the request and what was recorded.
    await first.getByText('Details').click();
    await poll(() => first.locator('pre').textContent()).toContain(`"label": "${label}"`);
    expect(await first.locator('dd').first().textContent()).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-audit-1280');

    // By day: today holds it; from tomorrow nothing; a start after the end is refused before asking.
    await screen(page).getByLabel('From').fill(beijingDay());
    await screen(page).getByLabel('To').fill(beijingDay());
    await apply(page, 'from=');
    await poll(() => entries(page).first().textContent()).toContain(keyId);
    await screen(page).getByLabel('From').fill(beijingDay(1));
    await screen(page).getByLabel('To').fill('');
    await apply(page, 'from=');
    await screen(page).getByRole('status').filter({ hasText: 'No entries match.' }).waitFor();
    expect(await entries(page).count()).toBe(0);
    await screen(page).getByLabel('To').fill(beijingDay());
    await screen(page).getByRole('button', { name: 'Apply filters' }).click();
    await screen(page).getByRole('alert').filter({ hasText: 'The start date is after the end date.' }).waitFor();
    expect(await screen(page).getByLabel('From').getAttribute('aria-invalid')).toBe('true');

    // By the staff user, every action: all of them this admin's.
    await screen(page).getByRole('button', { name: 'Clear filters' }).click();
    await screen(page).getByLabel('Staff user id').fill(me.user.id);
    await apply(page, `userId=${me.user.id}`);
    await poll(() => entries(page).count()).toBeGreaterThan(1);
    const actors = await entries(page).locator('p.meta').filter({ hasText: 'By: ' }).allTextContents();
    expect(actors.every((a) => a.includes(`Staff ${me.user.id}`))).toBe(true);
    // This very screen's reads are in the log too.
    expect(await entries(page).locator('.code').allTextContents()).toContain('audit.list');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-audit-user-1280');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('home admin, 360 px, Chinese: filters and entries fit the phone', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    const keyId = await createKey(page, `审计测试 ${RUN}`);
    await tab(page, '审计日志').click();
    await screen(page).getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
    await screen(page).getByLabel('操作').selectOption({ label: '新建密钥' });
    await screen(page).getByLabel('对象类型').selectOption({ label: '密钥' });
    await apply(page, 'subjectType=key');
    await poll(() => entries(page).first().textContent()).toContain(keyId);
    await entries(page).first().getByText('详情').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-audit-360');
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'console-audit-360-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
