// QR posters against the real worker, in real Chromium: the code read from the rendered poster
// opens the hosted check-in page, which at 360 px presets the branch (or lists the branches near
// the station) and sends a check-in; the poster prints to exactly one A4 page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_PATTERN } from '../../schema/check-ins.ts';
import { decodePoster } from '../support/qr-decode.ts';
import { scanQrCodes } from '../support/qr-screenshot.ts';
import { axeViolations, launchChromium, openPage } from '../widgets/support/browser.ts';
import { checkIn, fillForm, freshMobile, LABELS } from '../widgets/support/check-in.ts';

const apiUrl = inject('apiUrl');
const PK = 'pk_test_pizhou';
const phone = { viewport: { width: 360, height: 780 } };
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 5_000 });
const LINGJIATANG = { zh: '凌家塘市场流动党员党支部', en: 'Lingjiatang Market Branch' };

let browser: Browser;
beforeAll(async () => { browser = await launchChromium(); });
afterAll(async () => { await browser?.close(); });

const posterUrl = (kind: 'branches' | 'stations', id: string) => `${apiUrl}/v1/${kind}/${id}/poster?key=${PK}`;
const branchName = (page: Page) => checkIn(page).locator('[part="branch-name"]').textContent();
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the poster', () => {
  it('renders a QR code that scans to the hosted check-in page, and prints to one A4 page', async () => {
    const { page, errors, close } = await openPage(browser, posterUrl('branches', 'br_cz_lingjiatang'));
    const target = `${apiUrl}/check-in?k=${PK}&b=br_cz_lingjiatang`;
    expect(await scanQrCodes(browser, page, '.qr svg')).toEqual([target]);
    expect(decodePoster(await page.content())).toBe(target);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(LINGJIATANG.zh);
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    const [width, height] = pdf.match(/\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/)!.slice(1).map(Number);
    expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]); // A4 in points
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the hosted check-in page a branch poster opens, at 360 px', () => {
  it.each([
    { lang: 'zh-CN' as const, suffix: '', name: LINGJIATANG.zh, heading: '扫码报到', locale: 'zh-CN' },
    { lang: 'en' as const, suffix: '&lang=en', name: LINGJIATANG.en, heading: 'Check in', locale: 'en-GB' },
  ])('presets the branch and sends a check-in ($lang)', async ({ lang, suffix, name, heading, locale }) => {
    const url = decodePoster(await (await fetch(posterUrl('branches', 'br_cz_lingjiatang'))).text());
    const { page, errors, close } = await openPage(browser, `${url}${suffix}`, { ...phone, locale });
    await poll(() => branchName(page)).toContain(name);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await fillForm(page, freshMobile(), lang);
    await checkIn(page).getByLabel(LABELS[lang].consent).check();
    await checkIn(page).getByRole('button', { name: LABELS[lang].submit }).click();
    const reference = checkIn(page).locator('[part="reference"]');
    await reference.waitFor();
    expect((await reference.textContent())!.trim()).toMatch(REFERENCE_PATTERN);
    expect(await axeViolations(page, 'body')).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the hosted check-in page a station poster opens, at 360 px', () => {
  it('names the station, lists the branches nearest it, and choosing one presets the form', async () => {
    const url = decodePoster(await (await fetch(posterUrl('stations', 'st_changzhou'))).text());
    expect(url).toBe(`${apiUrl}/check-in?k=${PK}&s=st_changzhou`);
    const { page, errors, close } = await openPage(browser, url!, phone);
    await poll(() => page.locator('#station-name').textContent()).toBe('邳州流动党员常州服务驿站');
    await poll(() => page.locator('#nearby li strong').allTextContents()).toEqual(expect.arrayContaining([LINGJIATANG.zh]));
    const names = await page.locator('#nearby li strong').allTextContents();
    expect(names[0]).toBe(LINGJIATANG.zh); // 370 m from the station; the other Changzhou branches are kilometres away
    expect(names.slice(0, 3)).toEqual(expect.arrayContaining(['常州钟楼邳商流动党员党支部', '常州新北区流动党员党支部']));
    expect(await page.locator('#nearby-status').textContent()).toMatch(/离驿站最近的 \d 个党支部/);
    await page.getByRole('button', { name: `选择：${LINGJIATANG.zh}` }).click();
    await poll(() => branchName(page)).toContain(LINGJIATANG.zh);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'body')).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it("keeps a branch chosen before the form's own code has arrived", async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...phone });
    const page = await context.newPage();
    // The form's chunk held back until the choice is made, as on a slow connection.
    let release = () => {};
    const released = new Promise<void>((resolve) => { release = resolve; });
    await page.route(/\/widgets\/check-in-[0-9a-f]+\.js$/, async (route) => { await released; await route.continue(); });
    await page.goto(`${apiUrl}/check-in?k=${PK}&s=st_changzhou`);
    await page.getByRole('button', { name: `选择：${LINGJIATANG.zh}` }).click();
    release();
    await poll(() => branchName(page)).toContain(LINGJIATANG.zh);
    await context.close();
  });

  it('lists no branch hundreds of kilometres away as nearby (Beijing has none), and says so (en)', async () => {
    const { page, errors, close } = await openPage(browser, `${apiUrl}/check-in?k=${PK}&s=st_beijing&lang=en`, { ...phone, locale: 'en-GB' });
    await poll(() => page.locator('#station-name').textContent()).toBe('Pizhou Service Station, Beijing');
    await poll(() => page.locator('#nearby-status').textContent()).toBe('No branch within 50 km of the station; find one in the form below.');
    expect(await page.locator('#nearby li').count()).toBe(0);
    await poll(() => branchName(page)).toBe('None chosen yet'); // the form's own finder is one tap away
    expect(errors).toEqual([]);
    await close();
  });

  it('says so when the link has no key', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/check-in?b=br_cz_lingjiatang`, phone);
    expect(await page.getByRole('alert').textContent()).toContain('二维码链接不完整');
    await close();
  });
});
