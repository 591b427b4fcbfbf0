// Filling in <ginkgo-check-in> the way a member does, in either language, and counting on the server.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { Ginkgo, type CheckIn } from '../../../sdk/src/index.ts';
import { SCREENS_DIR } from './browser.ts';

export const checkIn = (page: Page): Locator => page.locator('ginkgo-check-in');

/** A mobile number no other test uses, so each test's check-ins are its own. */
export const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const LABELS = {
  'zh-CN': {
    name: '姓名', mobile: '手机号', town: '家乡所在镇（街道）', village: '家乡所在村（社区）党支部', city: '现居城市和区县',
    category: '类别', consent: '我已阅读并同意上述内容', submit: '提交报到', worker: '务工', training: '技能培训',
  },
  en: {
    name: 'Name', mobile: 'Mobile number', town: 'Home town or subdistrict', village: 'Home village or community branch',
    city: 'City and district you live in', category: 'Category', consent: 'I have read and agree to the above', submit: 'Check in',
    worker: 'Worker', training: 'Skills training',
  },
} as const;

/** Everything but the consent and the submit. */
export async function fillForm(page: Page, mobile: string, lang: keyof typeof LABELS = 'zh-CN'): Promise<void> {
  const l = LABELS[lang];
  const form = checkIn(page);
  await form.getByLabel(l.name, { exact: true }).fill(lang === 'en' ? 'Test Member' : '测试党员');
  await form.getByLabel(l.mobile, { exact: true }).fill(mobile);
  await form.getByLabel(l.town).selectOption('hu_gangshang');
  await form.getByLabel(l.village).selectOption('hu_gangshang_bei');
  await form.getByLabel(l.city).fill(lang === 'en' ? 'Wujin, Changzhou' : '常州市武进区');
  await form.getByLabel(l.category, { exact: true }).selectOption({ label: l.worker });
  await form.getByLabel(l.training).check();
}

/** The check-ins the server holds for one mobile at one branch, through the SDK with the admin key. */
export async function serverCheckIns(apiUrl: string, branch: string, mobile: string, since: number): Promise<CheckIn[]> {
  const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
  const found: CheckIn[] = [];
  for await (const c of admin.checkIns.list({ branch, from: since })) if (c.member.mobile === mobile) found.push(c);
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
