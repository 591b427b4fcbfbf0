// The letter from home on a 360 px phone, in Chromium against the real worker: a member opens
// their printed letter's QR link (/l/<token>), reads it, verifies the mobile with the SMS code from
// the local outbox in the check-in form below it, checks in, and the letter is reported. A tampered
// link and the code page (/l?c=…) say what is wrong, Chinese first. Screenshots in .tmp/screens/letter-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Letter } from '../../schema/campaigns.ts';
import { rosterMember, sentLetterTo } from '../support/campaign-letter.ts';
import { axeViolations, launchChromium, screenshot } from '../widgets/support/browser.ts';
import { checkIn, fillForm, freshMobile, LABELS, visitor } from '../widgets/support/check-in.ts';

const apiUrl = inject('apiUrl');
const phone = { viewport: { width: 360, height: 780 } };

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

    // The form below it: the branch preset, the mobile verified by the SMS code, then sent.
    await checkIn(page).getByLabel(LABELS['zh-CN'].town).waitFor();
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
