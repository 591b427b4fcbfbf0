// The staff console (/console/) in Chromium, for the e2e tests: a page with its errors and CSP
// violations recorded, and sign-in as the sign-in screen asks (the code from the SMS outbox).
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { expect, inject } from 'vitest';
import { waitForSmsCode } from './sms-outbox.ts';

/** The demo staff (worker/src/seed/pizhou-staff.ts): local only. */
export const STAFF = {
  admin: '13900000001', town: '13900000002', village: '13900000003', committee: '13900000004', branchSecretary: '13900000005',
  station: '13900000006',
} as const;
export const phone = { viewport: { width: 360, height: 780 } };
export const desktop = { viewport: { width: 1280, height: 900 } };

export const app = (page: Page): Locator => page.locator('ginkgo-console');

/** A browser context and page on /console, with page errors and CSP violations recorded. */
export async function openConsole(browser: Browser, options: Parameters<Browser['newContext']>[0], path = '/console') {
  const apiUrl = inject('apiUrl');
  // A client address of its own, as each visitor has: only the per-number limits are shared.
  const client = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
  const context = await browser.newContext({ ...options, extraHTTPHeaders: { 'CF-Connecting-IP': client, ...options?.extraHTTPHeaders } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(`${apiUrl}${path}`);
  const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
  return { context, page, errors, responses, violations };
}

/**
 * Runs `act` (a click that POSTs to `path`) and returns the answer. A 429 (one code a minute per
 * number: test files running at once may sign the same demo staff in) is waited out as its
 * Retry-After says, and `act` runs again.
 */
async function past429(page: Page, path: string, act: () => Promise<void>): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST');
    await act();
    const res = await answer;
    if (res.status() !== 429 || attempt >= 3) return res;
    await page.waitForTimeout((Number(res.headers()['retry-after'] ?? '60') + 1) * 1000);
  }
}

/** Signs in as the sign-in screen asks: mobile, 获取验证码, the code from the outbox (a wrong one first if asked), 登录. */
export async function signIn(page: Page, mobile: string, { lang = 'zh-CN', wrongFirst = false }: { lang?: 'zh-CN' | 'en'; wrongFirst?: boolean } = {}) {
  const t = lang === 'en'
    ? { mobile: 'Mobile number', send: 'Send code', code: 'Code from the text message', signIn: 'Sign in', sent: 'If this number has a console account, a code has been sent.', wrong: 'The code is wrong or has expired' }
    : { mobile: '手机号', send: '获取验证码', code: '短信验证码', signIn: '登录', sent: '如果该号码已开通管理台账号，验证码已发送。', wrong: '验证码错误或已过期' };
  await app(page).getByLabel(t.mobile, { exact: true }).fill(mobile);
  const asked = Date.now() - 1000;
  await past429(page, '/auth/phone-number/send-otp', () => app(page).getByRole('button', { name: t.send }).click());
  await expect.poll(() => app(page).getByRole('status').filter({ hasText: t.sent }).count()).toBe(1);
  const code = await waitForSmsCode(mobile, { after: asked });
  const codeInput = app(page).getByLabel(t.code, { exact: true });
  const verify = () => past429(page, '/auth/phone-number/verify', () => app(page).getByRole('button', { name: t.signIn, exact: true }).click());
  if (wrongFirst) {
    await codeInput.fill(code === '000000' ? '111111' : '000000');
    await verify();
    await app(page).getByRole('alert').filter({ hasText: t.wrong }).waitFor();
  }
  await codeInput.fill(code);
  const me: Response[] = [];
  const onResponse = (r: Response) => { if (new URL(r.url()).pathname === '/v1/me' && r.status() === 200) me.push(r); };
  page.on('response', onResponse);
  try {
    expect((await verify()).status()).toBe(200);
    await expect.poll(() => me.length, { timeout: 30_000 }).toBeGreaterThan(0);
  } finally {
    page.off('response', onResponse);
  }
  return (await me[0]!.json()) as { user: { id: string; name: string }; grants: { role: string }[] };
}

/** The section tabs of the shell (花名册, 未报到…), by their words. */
export const tab = (page: Page, name: string | RegExp) => app(page).getByRole('navigation').getByRole('link', { name });

/** The text of the element focused, looking through shadow roots. */
export const focusedText = (page: Page) => page.evaluate(() => {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return `${el?.tagName.toLowerCase()} ${el?.textContent ?? ''}`;
});
