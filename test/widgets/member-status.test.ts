// 我的报到 (/status, and the check-in form's status view) in real Chromium against the real worker:
// a member checks in on a phone asking to be told, the branch secretary confirms it in the console
// and the station resolves the need it raised; the outbox holds one SMS for each, and the member's
// phone shows both, the resolution text included, without typing anything. Another phone finds it
// by reference and the mobile's last four digits, and remembers it from then on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Ginkgo } from '../../sdk/src/index.ts';
import { app, openConsole, signIn, STAFF } from '../support/console.ts';
import { outboxLines } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from './support/browser.ts';
import { checkIn, fillForm, freshMobile, LABELS, visitor } from './support/check-in.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 5_000) => expect.poll(read, { timeout });
const phone = { viewport: { width: 360, height: 780 } };
const STATUS_PAGE = `${apiUrl}/status?k=pk_test_pizhou`;
const RESOLUTION = '已为您报名 12 月 8 日的电工技能培训，地点：常州服务驿站。';

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const admin = () => new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
const text = async (locator: { textContent(): Promise<string | null> }) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');

it('shows a phone its own check-ins as staff decide them, with the resolution of its request, and forgets one on request', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const mobile = freshMobile();
  await page.goto(`${apiUrl}/check-in?k=pk_test_pizhou&b=br_cz_lingjiatang`);
  await checkIn(page).getByLabel(LABELS['zh-CN'].town).waitFor();
  await fillForm(page, mobile);
  const name = `通知${mobile.slice(-6)}`;
  await checkIn(page).getByLabel(LABELS['zh-CN'].name, { exact: true }).fill(name);
  await checkIn(page).getByLabel(LABELS['zh-CN'].consent).check();
  await checkIn(page).getByLabel('审核结果和服务需求的办理结果，用短信通知我（可不选）').check();
  await checkIn(page).getByRole('button', { name: LABELS['zh-CN'].submit }).click();
  await checkIn(page).locator('[part="reference"]').waitFor();
  const reference = (await checkIn(page).locator('[part="reference"]').textContent())!.trim();

  // The branch secretary confirms it in the console, on a phone.
  const secretary = await openConsole(browser, { locale: 'zh-CN', ...phone });
  await signIn(secretary.page, STAFF.branchSecretary);
  await app(secretary.page).getByLabel('搜索待确认的报到').fill(name);
  const card = app(secretary.page).locator('article').filter({ hasText: reference });
  await card.waitFor();
  await card.getByRole('button', { name: '确认', exact: true }).click();
  // It leaves the list once confirmed.
  await poll(() => card.count(), 15_000).toBe(0);
  await secretary.context.close();
  // The station takes on the need and resolves it with a text for the member.
  const staff = admin();
  const receipt = await staff.checkIns.status({ reference, mobileLast4: mobile.slice(-4) });
  expect(receipt.status).toBe('confirmed');
  const sr = receipt.serviceRequests[0]!;
  const [request] = (await staff.serviceRequests.list({ reference: sr.reference })).data;
  await staff.serviceRequests.assign(request!.id, { assignee: '技能培训志愿队' });
  await staff.serviceRequests.resolve(request!.id, RESOLUTION);

  // One SMS for each, through the queue; each names only its reference and the status page.
  const sent = async () => (await outboxLines()).filter((l) => l.to === mobile && l.template !== 'verification_code');
  await poll(async () => (await sent()).map((l) => l.template).sort(), 15_000).toEqual(['check_in_confirmed', 'service_request_resolved']);
  for (const line of await sent()) expect(line.text).not.toContain(RESOLUTION);

  // Days later, on the same phone: 我的报到 lists it with no typing.
  const status = await context.newPage();
  status.on('pageerror', (e) => errors.push(e.message));
  await status.goto(STATUS_PAGE);
  expect(await status.title()).toBe('我的报到 · 流动党员');
  const item = checkIn(status).locator('[part="remembered-item"]').filter({ hasText: reference });
  await poll(() => text(item)).toContain('党支部已确认');
  expect(await text(item)).toContain(`技能培训 · ${sr.reference} · 已解决`);
  expect(await text(item.locator('[part="resolution"]'))).toBe(`处理结果：${RESOLUTION}`);
  expect(await axeViolations(status, 'ginkgo-check-in')).toEqual([]);
  await screenshot(status, 'member-status-360');
  await status.setViewportSize({ width: 1280, height: 800 });
  await screenshot(status, 'member-status-1280');

  // A shared phone: the member removes it; it stays gone after a reload.
  await item.locator('[part="forget-button"]').click();
  await poll(() => item.count()).toBe(0);
  await status.reload();
  await poll(() => text(checkIn(status).locator('[part="status-view"]'))).toContain('这台手机上还没有报到记录');
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

it('finds a check-in on another phone by reference and the last four digits, then remembers it there; the form links to it and back', async () => {
  const mobile = freshMobile();
  const member = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl: apiUrl });
  const form = await member.checkIns.form();
  const sent = await member.checkIns.create({
    branchId: 'br_cz_lingjiatang', name: '测试党员', mobile, homeUnitId: 'hu_gangshang_bei', currentCity: '常州市武进区', category: 'worker',
    consent: { version: form.consent.version, granted: true },
  });

  const context = await browser.newContext({ locale: 'en-GB', ...phone, ...visitor() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${apiUrl}/check-in?k=pk_test_pizhou&lang=en`);
  await checkIn(page).getByLabel(LABELS.en.town).waitFor();
  await checkIn(page).getByRole('button', { name: 'My check-ins' }).click();
  const view = checkIn(page).locator('[part="status-view"]');
  await poll(() => text(view)).toContain('No check-ins on this phone yet');
  expect(await page.evaluate(() => document.querySelector('ginkgo-check-in')!.shadowRoot!.activeElement?.id)).toBe('status-title');

  // A wrong last four digits: not found, nothing remembered.
  await view.getByLabel('Reference').fill(reference(sent.reference));
  await view.getByLabel('Last four digits of your mobile').fill(mobile.endsWith('0000') ? '1111' : '0000');
  await view.getByRole('button', { name: 'Look up', exact: true }).click();
  await poll(() => text(view.locator('[part="lookup-result"]'))).toContain('Not found');
  // Full-width digits, as a Chinese keyboard may type them, are the same digits.
  await view.getByLabel('Last four digits of your mobile').fill(fullWidth(mobile.slice(-4)));
  await view.getByRole('button', { name: 'Look up', exact: true }).click();
  await poll(() => text(view.locator('[part="lookup-result"]'))).toContain('Waiting for the branch to confirm');

  await view.getByRole('button', { name: 'Back to the form' }).click();
  await checkIn(page).getByLabel(LABELS.en.town).waitFor();
  await checkIn(page).getByRole('button', { name: 'My check-ins' }).click();
  await poll(() => text(checkIn(page).locator('[part="remembered-item"]'))).toContain(sent.reference);
  expect(await text(checkIn(page).locator('[part="remembered-item"]'))).toContain('Waiting for the branch to confirm');
  expect(errors).toEqual([]);
  await context.close();
});

/** As typed: lower case, which the lookup accepts. */
const reference = (r: string) => r.toLowerCase();
const fullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
