// The optional password in Chromium against the real worker: a freshly invited staffer, signed in
// with a code on a phone (360 px), sets a password in the header's 设置密码 dialog with a code from
// the outbox, signs out, and signs in again by 密码登录 (a wrong password first). The English
// screen at 360 and 1280 px for the eye. axe on each; screenshots in .tmp/screens/console-password-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { app, desktop, openConsole, phone, signIn } from '../support/console.ts';
import { waitForSmsCode } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';

const apiUrl = inject('apiUrl');
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
const PASSWORD = `ginkgo-${RUN}-pass`;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

/** A new branch secretary, invited by the home admin's key: a number no other test signs in. */
async function invitee(): Promise<{ mobile: string; name: string; path: string }> {
  const mobile = `1397${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const name = `密码书记${RUN}`;
  const res = await fetch(`${apiUrl}/v1/staff/invitations`, {
    method: 'POST', headers: { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, mobile, role: 'branch_secretary', scopeNodeId: 'br_cz_lingjiatang' }),
  });
  expect(res.status).toBe(201);
  const link = new URL(((await res.json()) as { link: string }).link);
  return { mobile, name, path: `${link.pathname}${link.hash}` };
}

const dialog = (page: Page) => app(page).locator('console-password').getByRole('dialog');

describe('密码登录 (the optional password)', () => {
  it('360 px: set in the header with a code, then sign in with it after signing out', async () => {
    const staffer = await invitee();
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'zh-CN', ...phone }, staffer.path);
    await signIn(page, staffer.mobile);
    await app(page).getByRole('status').filter({ hasText: '已接受邀请，新的身份已生效。' }).waitFor();

    await app(page).getByRole('button', { name: '设置密码' }).click();
    await dialog(page).getByRole('heading', { name: '设置密码' }).waitFor();
    expect(await dialog(page).getByText(staffer.mobile, { exact: false }).count()).toBe(1);
    const asked = Date.now() - 1000;
    await dialog(page).getByRole('button', { name: '获取验证码' }).click();
    await dialog(page).getByRole('status').filter({ hasText: '验证码已发送。' }).waitFor();
    const code = await waitForSmsCode(staffer.mobile, { after: asked });
    await dialog(page).getByLabel('短信验证码').fill(code);
    // Too short: said before anything is sent.
    await dialog(page).getByLabel('新密码').fill('short');
    await dialog(page).getByRole('button', { name: '保存密码' }).click();
    await dialog(page).getByRole('alert').filter({ hasText: '密码至少需要 10 个字符。' }).waitFor();
    await dialog(page).getByLabel('新密码').fill(PASSWORD);
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/phone-number/reset-password');
    await dialog(page).getByRole('button', { name: '保存密码' }).click();
    expect((await saved).status()).toBe(200);
    await dialog(page).getByRole('status').filter({ hasText: '密码已设置。' }).waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-password-set-360');
    await dialog(page).getByRole('button', { name: '关闭' }).click();

    await app(page).getByRole('button', { name: '退出登录' }).click();
    await app(page).getByRole('heading', { name: '登录管理台' }).waitFor();
    await app(page).getByRole('button', { name: '密码登录' }).click();
    await app(page).getByLabel('手机号', { exact: true }).fill(staffer.mobile);
    await app(page).getByLabel('密码', { exact: true }).fill(`${PASSWORD}-wrong`);
    await app(page).getByRole('button', { name: '登录', exact: true }).click();
    await app(page).getByRole('alert').filter({ hasText: '手机号或密码错误。' }).waitFor();
    expect(await app(page).getByLabel('密码', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-password-wrong-360');

    await app(page).getByLabel('密码', { exact: true }).fill(PASSWORD);
    const me = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/me' && r.status() === 200);
    await app(page).getByRole('button', { name: '登录', exact: true }).click();
    expect(((await (await me).json()) as { user: { name: string } }).user.name).toBe(staffer.name);
    await app(page).getByText(staffer.name).waitFor();
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('English, 1280 and 360 px: the 设置密码 dialog once a code is sent', async () => {
    const staffer = await invitee();
    const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...desktop }, staffer.path);
    await signIn(page, staffer.mobile, { lang: 'en' });
    await app(page).getByRole('button', { name: 'Set password' }).click();
    await dialog(page).getByRole('button', { name: 'Send code' }).click();
    await dialog(page).getByRole('status').filter({ hasText: 'The code has been sent.' }).waitFor();
    await dialog(page).getByRole('button', { name: 'Save password' }).click();
    await dialog(page).getByRole('alert').filter({ hasText: 'Enter the 6-digit code.' }).waitFor();
    expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
    await screenshot(page, 'console-password-dialog-1280-en');
    await page.setViewportSize(phone.viewport);
    await screenshot(page, 'console-password-dialog-360-en');
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  for (const [width, viewport] of [[360, phone], [1280, desktop]] as const) {
    it(`English, ${width} px: the password form in place of the code's`, async () => {
      const { context, page, errors, violations } = await openConsole(browser, { locale: 'en', ...viewport });
      await app(page).getByRole('heading', { name: 'Sign in to the staff console' }).waitFor();
      await app(page).getByRole('button', { name: 'Sign in with a password' }).click();
      await app(page).getByLabel('Password', { exact: true }).waitFor();
      expect(await app(page).getByRole('button', { name: 'Send code' }).count()).toBe(0);
      await app(page).getByRole('button', { name: 'Sign in', exact: true }).click();
      await app(page).getByRole('alert').filter({ hasText: 'Enter an 11-digit mainland China mobile number.' }).waitFor();
      expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
      await screenshot(page, `console-password-sign-in-${width}-en`);
      await app(page).getByRole('button', { name: 'Sign in with a code' }).click();
      await app(page).getByRole('button', { name: 'Send code' }).waitFor();
      expect(errors).toEqual([]);
      expect(await violations()).toEqual([]);
      await context.close();
    });
  }
});
