// A letter from home end to end, in Chromium against the real worker and its local queue, on the
// demo data: the home admin writes a campaign to 港上镇 in the console and sends it; the CAMPAIGNS
// queue makes the letters and the outbox holds the SMS with the member's personal code; the member
// types it at the fixed address on a 360 px phone, proves the mobile, checks in; the branch
// secretary confirms it in the console; and the admin watches the funnel count it at each stage.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { rosterMember } from '../support/campaign-letter.ts';
import { app, desktop, openConsole, phone, signIn, STAFF } from '../support/console.ts';
import { outboxLines } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';
import { checkIn, fillForm, freshMobile, LABELS, visitor } from '../widgets/support/check-in.ts';

const apiUrl = inject('apiUrl');
const poll = <T>(read: () => Promise<T>, timeout = 20_000) => expect.poll(read, { timeout });

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const funnel = (page: Page) => app(page).locator('console-campaign-funnel');
/** The names listed behind one count of the funnel shown (e.g. 已报到（短信）). */
async function peopleBehind(page: Page, stage: string): Promise<string[]> {
  await funnel(page).getByRole('button', { name: new RegExp(`^${stage}：\\d+ 人，查看名单$`) }).click();
  const people = funnel(page).locator('console-campaign-people');
  await people.getByRole('heading', { name: new RegExp(stage) }).waitFor();
  await poll(() => people.locator('.row strong').count(), 5_000).toBeGreaterThan(0);
  return people.locator('.row strong').allTextContents();
}

it('a campaign written and sent in the console reaches the member, who checks in on a phone, and the funnel counts it', async () => {
  const mobile = freshMobile();
  const name = `来信${mobile.slice(-4)}`;
  await rosterMember(name, mobile);
  const title = `家乡来信 ${mobile.slice(-6)}`;

  // The home admin writes the letter to 港上镇 and sends it by SMS.
  const office = await openConsole(browser, { locale: 'zh-CN', ...desktop });
  const page = office.page;
  await signIn(page, STAFF.admin);
  await app(page).getByRole('navigation').getByRole('link', { name: '家乡来信' }).click();
  const screen = app(page).locator('console-campaigns');
  await screen.getByRole('button', { name: '撰写新来信' }).click();
  const draft = screen.locator('console-campaign-draft');
  await draft.getByLabel('标题', { exact: true }).fill(title);
  await draft.getByLabel('正文', { exact: true }).fill('同志们：\n\n家乡的发展离不开你们。请在现居住地主动报到。');
  await draft.getByLabel('落款').fill('中共邳州市委组织部');
  await draft.getByRole('button', { name: '选择组织' }).click();
  await draft.locator('console-tree button.node[data-id="hu_gangshang"]').click();
  await draft.getByRole('checkbox', { name: /短信/ }).check();
  await draft.getByRole('button', { name: '统计人数' }).click();
  await draft.getByRole('status').filter({ hasText: /共 \d+ 名党员/ }).waitFor();
  await draft.getByRole('button', { name: '保存草稿' }).click();
  const card = screen.locator('li, article').filter({ hasText: title }).first();
  await card.waitFor();
  page.once('dialog', (d) => void d.accept());
  await card.getByRole('button', { name: '发送' }).click();
  await poll(() => card.textContent()).toContain('已发送');

  // The queue made the member's letter and the outbox holds one SMS: the fixed address and a code.
  const letters = async () => (await outboxLines()).filter((l) => l.to === mobile && l.template === 'campaign_letter');
  await poll(async () => (await letters()).length).toBe(1);
  const [sms] = await letters();
  const code = (sms!.params as { code: string }).code;
  expect(sms!.text).toContain(code);
  expect(sms!.text).not.toMatch(/https?:/);

  // The member types the code at the fixed address on a phone, proves the mobile, and checks in.
  const member = await browser.newContext({ locale: 'zh-CN', ...phone, ...visitor() });
  const phonePage = await member.newPage();
  const errors: string[] = [];
  phonePage.on('pageerror', (e) => errors.push(e.message));
  await phonePage.goto(`${apiUrl}/l`);
  await phonePage.getByLabel('个人码').fill(code);
  await phonePage.getByRole('button', { name: '打开来信' }).click();
  await phonePage.getByRole('heading', { name: title }).waitFor();
  await checkIn(phonePage).getByLabel(LABELS['zh-CN'].town).waitFor();
  await fillForm(phonePage, mobile);
  await checkIn(phonePage).getByLabel(LABELS['zh-CN'].name, { exact: true }).fill(name);
  await checkIn(phonePage).getByLabel(LABELS['zh-CN'].consent).check();
  await checkIn(phonePage).getByRole('button', { name: LABELS['zh-CN'].submit }).click();
  await checkIn(phonePage).locator('[part="reference"]').waitFor();
  const reference = (await checkIn(phonePage).locator('[part="reference"]').textContent())!.trim();
  expect(await axeViolations(phonePage, 'main')).toEqual([]);
  await screenshot(phonePage, 'campaign-journey-member-360');
  expect(errors).toEqual([]);
  await member.close();

  // The funnel has it opened and reported through the SMS, not yet confirmed.
  await card.getByRole('link', { name: '查看漏斗' }).click();
  await funnel(page).getByRole('heading', { name: title }).waitFor();
  expect(await peopleBehind(page, '已打开（短信）')).toContain(name);
  expect(await peopleBehind(page, '已报到（短信）')).toContain(name);
  expect(await funnel(page).getByRole('button', { name: /^已确认（短信）：0 人/ }).count()).toBe(1);

  // The branch secretary confirms it on a phone.
  const secretary = await openConsole(browser, { locale: 'zh-CN', ...phone });
  await signIn(secretary.page, STAFF.branchSecretary);
  await app(secretary.page).getByLabel('搜索待确认的报到').fill(name);
  const pending = app(secretary.page).locator('article').filter({ hasText: reference });
  await pending.getByRole('button', { name: '确认', exact: true }).click();
  await poll(() => pending.count()).toBe(0);
  await secretary.context.close();

  // The admin's funnel moves: confirmed, through the SMS.
  await page.reload();
  await funnel(page).getByRole('heading', { name: title }).waitFor();
  expect(await peopleBehind(page, '已确认（短信）')).toEqual([name]);
  expect(await axeViolations(page, 'ginkgo-console')).toEqual([]);
  await screenshot(page, 'campaign-journey-funnel-1280');
  expect(office.errors).toEqual([]);
  expect(await office.violations()).toEqual([]);
  await office.context.close();
});
