// The letter from home on a 360 px phone, in Chromium against the real worker: a member opens
// their printed letter's QR link (/l/<token>), reads it, verifies the mobile with the SMS code from
// the local outbox in the check-in form below it, checks in, and the letter is reported. A tampered
// link and the code page (/l?c=…) say what is wrong, Chinese first. A member stops campaign SMS
// from the letter (不再接收短信), and a number not the letter's is refused. Screenshots in
// .tmp/screens/letter-*.png, and the opt-out screen's in /tmp/optout-*.png.
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditPage } from '../../schema/audit.ts';
import type { Campaign, Letter } from '../../schema/campaigns.ts';
import { letterWhen, rosterMember, sentLetterTo } from '../support/campaign-letter.ts';
import { outboxLines, waitForSmsCode } from '../support/sms-outbox.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';
import { checkIn, fillForm, freshMobile, LABELS, visitor } from '../widgets/support/check-in.ts';

const apiUrl = inject('apiUrl');
const phone = { viewport: { width: 360, height: 780 } };
const admin = { Authorization: 'Bearer sk_test_pizhou_admin', 'Content-Type': 'application/json' };
/** The letter page's own script, gzipped, on a phone's first load: the opt-out screen is a chunk it loads when asked for. */
const LETTER_JS_BUDGET = 4096;

/** A member on the roster, hosted by 凌家塘: their fresh mobile. */
async function hostedMember(name: string): Promise<string> {
  const mobile = freshMobile();
  await rosterMember(name, mobile);
  return mobile;
}
const reopen = async (token: string) => (await fetch(`${apiUrl}/v1/letters/open?key=pk_test_pizhou`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '10.9.9.9' }, body: JSON.stringify({ token }),
})).json() as Promise<Letter>;

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

async function phonePage(locale = 'zh-CN'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, ...phone, ...visitor() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors, close: () => context.close() };
}

describe('家乡来信 (/l)', () => {
  it('a member opens the QR link at 360 px, verifies the mobile, checks in, and the letter is reported', async () => {
    const name = `来信${Date.now().toString(36).slice(-4)}`;
    const mobile = await hostedMember(name);
    const letter = await sentLetterTo(mobile);
    const { page, errors, close } = await phonePage();
    await page.goto(`${apiUrl}/l/${letter.token}`);
    await page.getByRole('heading', { name: '致全市流动党员的一封信' }).waitFor();
    // The token stays out of the query (and so out of logs); the name and mobile are masked.
    expect(new URL(page.url()).search).toBe('?k=pk_test_pizhou');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`);
    expect(text).toContain(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);
    expect(text).not.toContain(mobile);
    expect(text).toContain('凌家塘');
    // The member's host branch is preset in the form.
    await checkIn(page).locator('[part="branch-name"]').filter({ hasText: '凌家塘' }).waitFor();
    expect(await axeViolations(page, 'main')).toEqual([]);
    await screenshot(page, 'letter-360');
    // The English version of the letter, and back.
    await page.getByRole('button', { name: 'English version' }).click();
    await page.getByRole('heading', { name: 'A letter to all our mobile members' }).waitFor();
    await page.getByRole('button', { name: '中文原文' }).click();

    // The form below it: the branch and home preset, the mobile verified by the SMS code, then sent.
    await expect.poll(() => checkIn(page).getByLabel(LABELS['zh-CN'].town).inputValue()).toBe('hu_gangshang');
    expect(await checkIn(page).getByLabel(LABELS['zh-CN'].village).inputValue()).toBe('hu_gangshang_bei');
    await fillForm(page, mobile);
    await checkIn(page).getByLabel(LABELS['zh-CN'].name, { exact: true }).fill(name);
    await checkIn(page).getByLabel(LABELS['zh-CN'].consent).check();
    await screenshot(page, 'letter-360-form');
    await checkIn(page).getByRole('button', { name: LABELS['zh-CN'].submit }).click();
    await checkIn(page).locator('[part="reference"]').waitFor();
    const reported = await reopen(letter.token);
    expect(reported.reportedAt).toEqual(expect.any(Number));
    expect(reported.openedAt).toBeLessThanOrEqual(reported.reportedAt!);
    expect(errors).toEqual([]);
    await close();
  });

  it('says what is wrong with a tampered link, and opens the letter by its typed code instead', async () => {
    const mobile = await hostedMember(`改链${Date.now().toString(36).slice(-4)}`);
    const letter = await sentLetterTo(mobile);
    const { page, errors, close } = await phonePage();
    const [id, expiry, sig] = letter.token.split('.');
    await page.goto(`${apiUrl}/l/${id}.${Number(expiry) + 86_400}.${sig}`);
    await page.getByRole('alert').filter({ hasText: '这个链接无效' }).waitFor();
    expect(await axeViolations(page, 'main')).toEqual([]);
    await screenshot(page, 'letter-360-invalid');
    await page.getByLabel('个人码').fill(`${letter.code.slice(0, 5).toLowerCase()}-${letter.code.slice(5)}`);
    await page.getByRole('button', { name: '打开来信' }).click();
    await page.getByRole('heading', { name: '致全市流动党员的一封信' }).waitFor();

    // The SMS's address, with the code prefilled; a wrong code is told as such.
    await page.goto(`${apiUrl}/l?c=ABCDE-FGHJK&lang=en`);
    expect(await page.getByLabel('Personal code').inputValue()).toBe('ABCDE-FGHJK');
    await page.getByRole('button', { name: 'Open the letter' }).click();
    await page.getByRole('alert').filter({ hasText: 'No letter has this code' }).waitFor();
    await screenshot(page, 'letter-360-code-en');
    expect(errors).toEqual([]);
    await close();
  });

  it('tells a member the campaign has ended', async () => {
    const mobile = await hostedMember(`过期${Date.now().toString(36).slice(-4)}`);
    const letter = await sentLetterTo(mobile, { endsAt: Date.now() + 2000 });
    await new Promise((r) => setTimeout(r, 2500));
    const { page, close } = await phonePage();
    await page.goto(`${apiUrl}/l/${letter.token}`);
    await page.getByRole('alert').filter({ hasText: '本次活动已经结束' }).waitFor();
    expect(await page.getByLabel('个人码').count()).toBe(0);
    await screenshot(page, 'letter-360-expired');
    await close();
  });
});

describe('不再接收短信 (stopping campaign SMS from the letter)', () => {
  /** The audit log's opt-outs of one member, as the home admin reads them. */
  const optOutsOf = async (memberId: string) => ((await (await fetch(
    `${apiUrl}/v1/audit?action=member.sms_opt_out&subjectType=member&subjectId=${memberId}`, { headers: admin },
  )).json()) as AuditPage).data;
  const headingFocused = (page: Page) => page.evaluate(() => document.activeElement?.tagName === 'H2' && document.activeElement.textContent);

  it('a member stops them at 360 px: the mobile proved by SMS code, the date confirmed, and the next campaign texts them nothing', async () => {
    const tag = Date.now().toString(36).slice(-4);
    const mobile = freshMobile();
    const other = freshMobile();
    // Business owners of 港上北村, so that the campaign below texts none of the other tests' members.
    await rosterMember(`退订${tag}`, mobile, 'business_owner');
    await rosterMember(`照收${tag}`, other, 'business_owner');
    const letter = await sentLetterTo(mobile);
    const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
    const { page, errors, close } = await phonePage();
    const scripts = new Map<string, number>();
    const pending: Promise<void>[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() !== 'script' || !r.url().startsWith(apiUrl)) return;
      pending.push(r.body().then((body) => { scripts.set(new URL(r.url()).pathname, gzipSync(body, { level: 9 }).length); }));
    });
    await page.goto(`${apiUrl}/l/${letter.token}`);
    await page.getByRole('heading', { name: '致全市流动党员的一封信' }).waitFor();
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const chunks = () => [...scripts.keys()].filter((path) => path.startsWith('/pages/'));
    console.log(`/letter.js: ${scripts.get('/letter.js')} B gzipped (budget ${LETTER_JS_BUDGET} B)`);
    expect(scripts.get('/letter.js')).toBeLessThanOrEqual(LETTER_JS_BUDGET);
    expect(chunks()).toEqual([]);

    // The modest line under the letter opens the screen in its place, its heading focused.
    await page.getByRole('button', { name: '不再接收短信' }).click();
    const screen = page.locator('#opt-out');
    await screen.getByRole('heading', { name: '不再接收家乡来信短信' }).waitFor();
    expect(await headingFocused(page)).toBe('不再接收家乡来信短信');
    await Promise.all(pending);
    console.log(`opt-out screen: ${chunks().map((path) => `${path} ${scripts.get(path)} B`).join(', ')} gzipped, on demand`);
    expect(chunks()).toHaveLength(1);
    // Named by a hash of its bytes, so cached for good.
    expect((await fetch(`${apiUrl}${chunks()[0]}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await page.getByRole('heading', { name: '致全市流动党员的一封信' }).count()).toBe(0);
    const said = (await screen.textContent()) ?? '';
    expect(said).toContain('今后每一次家乡来信活动都不再发送');
    expect(said).toContain('不受影响：您报到或提出服务需求时选择接收的通知');
    expect(said).toContain(masked);
    expect(said).not.toContain(mobile);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: '/tmp/optout-screen.png', fullPage: true });
    await screenshot(page, 'letter-360-opt-out');

    const asked = Date.now() - 1000;
    await screen.getByLabel('手机号').fill(mobile);
    await screen.getByRole('button', { name: '发送验证码' }).click();
    await screen.getByLabel('短信验证码').fill(await waitForSmsCode(mobile, { after: asked }));
    await page.screenshot({ path: '/tmp/optout-code.png', fullPage: true });
    await screen.getByRole('button', { name: '验证', exact: true }).click();
    await screen.getByRole('heading', { name: '已停止发送短信' }).waitFor();
    expect(await headingFocused(page)).toBe('已停止发送短信');
    const today = new Date().toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long' });
    expect(await screen.locator('.status').textContent()).toBe(`自${today}起，家乡来信和报到提醒短信不再发送到 ${masked}。`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: '/tmp/optout-done.png', fullPage: true });
    await screenshot(page, 'letter-360-opt-out-done');

    // Back to the letter, which now says so; the API and the audit log say so too.
    await screen.getByRole('button', { name: '返回来信' }).click();
    await page.getByRole('heading', { name: '致全市流动党员的一封信' }).waitFor();
    await page.getByText('已停止向您发送家乡来信短信。').waitFor();
    expect(await page.getByRole('button', { name: '不再接收短信' }).count()).toBe(0);
    expect((await reopen(letter.token)).member.smsOptedOut).toBe(true);
    const optOuts = await optOutsOf(letter.memberId);
    expect(optOuts).toEqual([expect.objectContaining({ detail: { letter: letter.id } })]);
    const optedOutAt = Date.parse(optOuts[0]!.at);

    // The next campaign to their village: the letters step makes their letter, the SMS step claims
    // it and sends nothing; the other member is texted.
    const sentAt = Date.now() - 1000;
    const created = await fetch(`${apiUrl}/v1/campaigns`, {
      method: 'POST', headers: admin, body: JSON.stringify({
        titleZh: `退订之后 ${tag}`, bodyZh: '同志们：\n\n请在现居住地主动报到。', signatory: '中共邳州市委组织部',
        startsAt: Date.now(), endsAt: Date.now() + 30 * 86_400_000,
        audience: { homeUnitIds: ['hu_gangshang_bei'], categories: ['business_owner'] }, channels: ['sms'],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const campaign = await created.json() as Campaign;
    expect((await fetch(`${apiUrl}/v1/campaigns/${campaign.id}/send`, { method: 'POST', headers: admin })).status).toBe(202);
    const texted = async (to: string) => (await outboxLines()).filter((l) => l.to === to && l.template === 'campaign_letter' && l.at >= sentAt);
    await expect.poll(async () => (await texted(other)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const theirs = await letterWhen(campaign.id, letter.memberId, (l) => l.smsClaimedAt !== null);
    expect(theirs.smsSentAt).toBeNull();
    expect((await outboxLines()).filter((l) => l.to === mobile && l.template.startsWith('campaign_') && l.at >= optedOutAt)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('refuses a number that is not the letter\'s, in plain words, and changes nothing', async () => {
    const mobile = freshMobile();
    await rosterMember(`错号${Date.now().toString(36).slice(-4)}`, mobile);
    const letter = await sentLetterTo(mobile);
    const { page, errors, close } = await phonePage('en');
    await page.goto(`${apiUrl}/l?c=${letter.code}&lang=en`);
    await page.getByRole('button', { name: 'Open the letter' }).click();
    await page.getByRole('heading', { name: 'A letter to all our mobile members' }).waitFor();
    await page.getByRole('button', { name: 'Stop these text messages' }).click();
    const screen = page.locator('#opt-out');
    await screen.getByRole('heading', { name: 'Stop letters from home by text message' }).waitFor();
    expect(await headingFocused(page)).toBe('Stop letters from home by text message');
    const refused = 'This is not the mobile this letter was sent to, so it cannot stop the messages.';

    // A number that cannot be the one the letter shows (137****1234): refused before any code is sent.
    const stranger = `158${mobile.slice(3)}`;
    await screen.getByLabel('Mobile').fill(stranger);
    await screen.getByRole('button', { name: 'Send code' }).click();
    await screen.getByRole('alert').filter({ hasText: refused }).waitFor();
    expect((await outboxLines()).filter((l) => l.to === stranger)).toEqual([]);

    // One that could be (the same first three and last four digits), proved by its own code: the
    // API refuses it, and the page says so without naming the letter's number. A wrong code first.
    const lookalike = `${mobile.slice(0, 3)}${String((Number(mobile.slice(3, 7)) + 1) % 10_000).padStart(4, '0')}${mobile.slice(-4)}`;
    const asked = Date.now() - 1000;
    await screen.getByLabel('Mobile').fill(lookalike);
    await screen.getByRole('button', { name: 'Send code' }).click();
    const code = await waitForSmsCode(lookalike, { after: asked });
    await screen.getByLabel('Code from the text message').fill(code === '000000' ? '111111' : '000000');
    await screen.getByRole('button', { name: 'Verify', exact: true }).click();
    await screen.getByRole('alert').filter({ hasText: 'That code is not right; 4 tries left.' }).waitFor();
    await screen.getByLabel('Code from the text message').fill(code);
    await screen.getByRole('button', { name: 'Verify', exact: true }).click();
    await screen.getByRole('alert').filter({ hasText: refused }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('proof-mobile');
    expect(await screen.textContent()).not.toContain(mobile);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'main')).toEqual([]);
    await page.screenshot({ path: '/tmp/optout-refused.png', fullPage: true });
    await screenshot(page, 'letter-360-opt-out-refused');

    // Nothing changed: still texted, no opt-out on record.
    expect((await reopen(letter.token)).member.smsOptedOut).toBe(false);
    expect(await optOutsOf(letter.memberId)).toEqual([]);
    await screen.getByRole('button', { name: 'Back to the letter' }).click();
    await page.getByRole('button', { name: 'Stop these text messages' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stop these text messages');
    expect(errors).toEqual([]);
    await close();
  });
});
