// Filling in <ginkgo-check-in> the way a member does, in either language (the SMS code too, read
// from the local outbox), and counting on the server.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { normaliseMobile } from '../../../schema/mobile.ts';
import { Ginkgo, type CheckIn } from '../../../sdk/src/index.ts';
import { waitForSmsCode } from '../../support/sms-outbox.ts';
import { SCREENS_DIR } from './browser.ts';

export const checkIn = (page: Page): Locator => page.locator('ginkgo-check-in');

/**
 * Context options for a visitor of an address of its own. The API sends at most 10 SMS codes an
 * hour per client address, which wrangler dev takes from CF-Connecting-IP as sent (Cloudflare's
 * edge sets it in production); every test would otherwise be 127.0.0.1. Same-origin pages only:
 * on another origin the header would need CORS.
 */
export const visitor = () => ({
  extraHTTPHeaders: { 'CF-Connecting-IP': `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}` },
});

/** A mobile number no other test uses, so each test's check-ins are its own. */
export const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const LABELS = {
  'zh-CN': {
    name: '姓名', mobile: '手机号', town: '家乡所在镇（街道）', village: '家乡所在村（社区）党支部', city: '现居城市和区县',
    category: '类别', consent: '我已阅读并同意上述内容', submit: '提交报到', worker: '务工', training: '技能培训',
    sendCode: '获取验证码', code: '短信验证码', verified: '手机号已验证',
  },
  en: {
    name: 'Name', mobile: 'Mobile number', town: 'Home town or subdistrict', village: 'Home village or community branch',
    city: 'City and district you live in', category: 'Category', consent: 'I have read and agree to the above', submit: 'Check in',
    worker: 'Worker', training: 'Skills training',
    sendCode: 'Send code', code: 'Code from the text message', verified: 'Mobile number verified',
  },
} as const;

/**
 * Everything but the consent and the submit; the mobile verified with its SMS code unless
 * `verify` is false. One code a minute per number: use a fresh mobile each time.
 */
export async function fillForm(page: Page, mobile: string, lang: keyof typeof LABELS = 'zh-CN', { verify = true } = {}): Promise<void> {
  const l = LABELS[lang];
  const form = checkIn(page);
  await form.getByLabel(l.name, { exact: true }).fill(lang === 'en' ? 'Test Member' : '测试党员');
  await form.getByLabel(l.mobile, { exact: true }).fill(mobile);
  if (verify) await verifyMobile(page, mobile, lang);
  await form.getByLabel(l.town).selectOption('hu_gangshang');
  await form.getByLabel(l.village).selectOption('hu_gangshang_bei');
  await form.getByLabel(l.city).fill(lang === 'en' ? 'Wujin, Changzhou' : '常州市武进区');
  await form.getByLabel(l.category, { exact: true }).selectOption({ label: l.worker });
  await form.getByLabel(l.training).check();
}

/** Presses "send code" and waits until the server has sent one; its code, as the outbox has it. */
export async function askForCode(page: Page, mobile: string, lang: keyof typeof LABELS = 'zh-CN'): Promise<string> {
  const asked = Date.now() - 1000; // the worker's clock, on this machine
  await checkIn(page).locator('[part="code-send-button"]').filter({ hasText: LABELS[lang].sendCode }).click();
  return waitForSmsCode(normaliseMobile(mobile)!, { after: asked });
}

/** Asks for the code and types it, as the member does: then the form says the mobile is verified. */
export async function verifyMobile(page: Page, mobile: string, lang: keyof typeof LABELS = 'zh-CN'): Promise<void> {
  const code = await askForCode(page, mobile, lang);
  await checkIn(page).getByLabel(LABELS[lang].code).fill(code);
  await checkIn(page).locator('[part="code-verified"]').filter({ hasText: LABELS[lang].verified }).waitFor();
}

/** The check-ins the server holds for one mobile at one branch, through the SDK with the admin key. */
export async function serverCheckIns(apiUrl: string, branch: string, mobile: string, since: number): Promise<CheckIn[]> {
  const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
  const found: CheckIn[] = [];
  for await (const c of admin.checkIns.list({ branch, from: since })) if (c.mobile === mobile) found.push(c);
  return found;
}

/** Records every ginkgo-check-in-success that reaches the document, from the first moment. */
export const recordSuccessEvents = (page: Page) => page.addInitScript(() => {
  const w = window as unknown as { successes: string[] };
  w.successes = [];
  document.addEventListener('ginkgo-check-in-success', (e) => w.successes.push((e as CustomEvent<{ reference: string }>).detail.reference));
});
export const successEvents = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { successes: string[] }).successes);

/** The form alone (the demo page above it is long at 360 px), for a human look in .tmp/screens/. */
export async function shootForm(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await checkIn(page).screenshot({ path: `${SCREENS_DIR}/${name}.png` });
}
