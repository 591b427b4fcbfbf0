// The console's 密钥与合作方 (keys & partners) screen in Chromium against the real worker: the home
// admin at 1280 px sees the demo partners' consent counts and consents, creates a publishable key
// for an origin (checked as it is added), copies its token, which works from that origin and is
// refused from another; rotates it (the old token 401, the new one works), revokes it, and creates
// a read-only secret key that cannot write. At 360 px the screen is usable; town staff get neither
// tab and the API refuses them. axe on each state; screenshots in .tmp/screens/console-keys-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { app, desktop, openConsole, phone, signIn, STAFF, tab } from '../support/console.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { timeout });
const RUN = Date.now().toString(36).slice(-5);
const ORIGIN = `https://portal-${RUN}.example.org`;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const screen = (page: Page) => app(page).locator('console-keys');
/** GET /v1/branches with a key, as a page at `origin` would send it. */
const fromOrigin = async (token: string, origin: string) =>
  (await fetch(`${apiUrl}/v1/branches?limit=1`, { headers: { Authorization: `Bearer ${token}`, Origin: origin }, cache: 'no-store' })).status;
const tokenShown = (page: Page) => screen(page).getByLabel('Key', { exact: true }).inputValue();
/** A key's row in the list, by its name. */
const keyRow = (page: Page, label: string) => screen(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: label, exact: true }) });

describe('密钥与合作方 (keys & partners)', () => {
  it('home admin, 1280 px: partners and consents; a publishable key made, used, rotated and revoked; a read-only secret key', async () => {
    const { context, page, errors, violations } = await openConsole(browser, {
      locale: 'en', ...desktop, permissions: ['clipboard-read', 'clipboard-write'],
    });
    await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
    await signIn(page, STAFF.admin, { lang: 'en' });
    await tab(page, 'Keys & partners').click();
    await screen(page).getByRole('heading', { name: 'Keys & partners', level: 1 }).waitFor();

    // The demo seed's chambers: 常州 has two consents in force and one withdrawn.
    const chamber = screen(page).locator('console-partners').getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Pizhou Chamber of Commerce in Changzhou' }) });
    await chamber.getByText('2 consented').waitFor();
    await chamber.getByText('1 withdrew').waitFor();
    await chamber.getByRole('button', { name: 'Show consents' }).click();
    const consents = chamber.getByRole('table', { name: 'Consents given to Pizhou Chamber of Commerce in Changzhou' });
    await poll(() => consents.getByRole('row').count()).toBe(4);
    expect(await consents.getByRole('row').filter({ hasText: '陈静' }).textContent()).toMatch(/partner-share-v1\s*Withdrawn Mar 1, 2025/);
    expect(await consents.getByRole('row').filter({ hasText: '张伟' }).textContent()).toContain('In force');
    expect(await chamber.getByRole('button', { name: 'Hide consents' }).getAttribute('aria-expanded')).toBe('true');

    // A publishable key: origins checked as they are added, listed, and one taken out again.
    const label = `E2E widget ${RUN}`;
    await screen(page).getByLabel('Name', { exact: true }).fill(label);
    const origin = screen(page).getByLabel('Allowed origins');
    await origin.fill('portal.example.org/path');
    await screen(page).getByRole('button', { name: 'Add origin' }).click();
    await screen(page).getByText('Not an origin: like https://portal.example.org (lower case, no path).').waitFor();
    expect(await origin.getAttribute('aria-invalid')).toBe('true');
    await origin.fill(`${ORIGIN.replace('https://portal', 'https://Portal')}/`);
    await origin.press('Enter');
    await origin.fill('http://localhost:8080');
    await screen(page).getByRole('button', { name: 'Add origin' }).click();
    const listed = screen(page).getByRole('list', { name: 'Origins added' });
    await poll(() => listed.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(ORIGIN), expect.stringContaining('http://localhost:8080')]);
    await screen(page).getByRole('button', { name: 'Remove http://localhost:8080' }).click();
    await poll(() => listed.getByRole('listitem').count()).toBe(1);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-keys-form-1280');
    await screen(page).getByRole('button', { name: 'Create key' }).click();

    // The token, once, with its warning; copied; it works from its origin only.
    await screen(page).getByRole('heading', { name: `Key "${label}" created` }).waitFor();
    const token = await tokenShown(page);
    expect(token).toMatch(/^pk_(live|test)_/);
    expect(await screen(page).locator('.warning').textContent()).toContain('The key is shown this once');
    await screen(page).getByRole('button', { name: 'Copy key' }).click();
    await screen(page).getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-keys-token-1280');
    expect(await fromOrigin(token, ORIGIN)).toBe(200);
    expect(await fromOrigin(token, 'https://elsewhere.example.org')).toBe(403);
    await screen(page).getByRole('button', { name: 'I have saved it: close' }).click();

    // Rotated after the dialog: the old token stops, the new one works from the same origin.
    const row = keyRow(page, label);
    expect(await row.textContent()).toContain(ORIGIN);
    await row.getByRole('button', { name: `Rotate · ${label}` }).click();
    const dialog = screen(page).getByRole('dialog', { name: `Rotate the key "${label}"?` });
    await dialog.waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-keys-rotate-1280');
    await dialog.getByRole('button', { name: 'Rotate' }).click();
    await screen(page).getByRole('heading', { name: `Key "${label}" rotated` }).waitFor();
    const rotated = await tokenShown(page);
    expect(rotated).not.toBe(token);
    expect(await fromOrigin(token, ORIGIN)).toBe(401);
    expect(await fromOrigin(rotated, ORIGIN)).toBe(200);
    await screen(page).getByRole('button', { name: 'I have saved it: close' }).click();

    // Revoked: gone from the list, back with the revoked ones, and its token refused.
    await poll(() => keyRow(page, label).count()).toBe(1);
    await keyRow(page, label).getByRole('button', { name: `Revoke · ${label}` }).click();
    await screen(page).getByRole('dialog', { name: `Revoke the key "${label}"?` }).getByRole('button', { name: 'Revoke' }).click();
    await screen(page).getByRole('status').filter({ hasText: `The key "${label}" is revoked.` }).waitFor();
    await poll(() => keyRow(page, label).count()).toBe(0);
    expect(await fromOrigin(rotated, ORIGIN)).toBe(401);
    await screen(page).getByLabel('Show revoked keys').check();
    // The key rotated away and the one revoked, each marked and with nothing left to do.
    await poll(() => keyRow(page, label).count()).toBe(2);
    expect(await keyRow(page, label).locator('.badge.bad').allTextContents()).toEqual(['Revoked', 'Revoked']);
    expect(await keyRow(page, label).getByRole('button').count()).toBe(0);
    await screenshot(page, 'console-keys-revoked-1280');

    // A read-only home-admin secret key: it reads members, and cannot write.
    await screen(page).getByLabel('Secret (servers)').check();
    await screen(page).getByLabel('Name', { exact: true }).fill(`E2E read-only ${RUN}`);
    await screen(page).getByLabel('Role').selectOption({ label: 'County organisation department (admin)' });
    await screen(page).getByLabel('Read only').check();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-keys-secret-1280');
    await screen(page).getByRole('button', { name: 'Create key' }).click();
    await screen(page).getByRole('heading', { name: `Key "E2E read-only ${RUN}" created` }).waitFor();
    const secret = await tokenShown(page);
    expect(secret).toMatch(/^sk_(live|test)_/);
    const asSecret = { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' };
    expect((await fetch(`${apiUrl}/v1/members?limit=1`, { headers: asSecret })).status).toBe(200);
    const write = await fetch(`${apiUrl}/v1/keys`, { method: 'POST', headers: asSecret, body: JSON.stringify({ kind: 'secret', label: 'nope', role: 'home_admin' }) });
    expect(write.status).toBe(403);
    expect((await fetch(`${apiUrl}/v1/members/mb_demo_01`, { method: 'POST', headers: asSecret, body: JSON.stringify({ hasActivityCard: true }) })).status).toBe(403);
    expect(await keyRow(page, `E2E read-only ${RUN}`).textContent()).toContain('Read only');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('home admin at 360 px; town staff get neither tab, and the API refuses them', async () => {
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone });
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(page, STAFF.admin);
    await tab(page, '密钥与合作方').click();
    await screen(page).getByRole('heading', { name: '密钥与合作方', level: 1 }).waitFor();
    await screen(page).getByText('2 人同意').waitFor();
    await app(page).getByRole('button', { name: 'English' }).click();
    await screen(page).getByRole('heading', { name: 'Keys & partners', level: 1 }).waitFor();
    await screen(page).getByText('1 withdrew').first().waitFor();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-keys-360-en');
    await screen(page).getByLabel('Secret (servers)').check();
    await screen(page).getByLabel('Role').selectOption({ label: 'Partner organisation' });
    await screen(page).getByLabel('Service category (partners)').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'console-keys-secret-360-en');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    const town = await openConsole(browser, { locale: 'zh-CN', ...phone }, '/console/#/keys');
    await app(town.page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await signIn(town.page, STAFF.town);
    await poll(() => app(town.page).getByRole('navigation').getByRole('link').allTextContents())
      .toEqual([expect.stringMatching(/^待确认/), '花名册', '未报到', '失联', '组织架构', '导入', '家乡来信']);
    // Asked for by its address, the screen is not shown: the role's first screen is.
    await poll(() => town.page.evaluate(() => location.hash)).toBe('#/queue');
    expect(await app(town.page).locator('console-keys, console-audit').count()).toBe(0);
    const statuses = await town.page.evaluate(async () => Promise.all(['/v1/keys', '/v1/partners', '/v1/partners/pt_cz_chamber/consents', '/v1/audit']
      .map(async (path) => (await fetch(path, { credentials: 'same-origin' })).status)));
    expect(statuses).toEqual([403, 403, 403, 403]);
    expect(town.errors).toEqual([]);
    await town.context.close();
  }, 180_000);
});
