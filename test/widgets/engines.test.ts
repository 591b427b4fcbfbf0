// The widgets' key flows in Firefox (Debian's firefox-esr over WebDriver BiDi) and Chromium,
// through the same code (support/engines.ts), against the real worker: the finder (a city, the
// results, choosing a branch), a whole check-in (town, village, category; the SMS code), the
// station directory's filters. The other widget tests go deeper in Chromium alone.
//
// Each picker must show what the widget holds after the widget changes it: lit toggles the options'
// `selected` attribute, which Gecko ignores on a select a person has already used.
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForSmsCode } from '../support/sms-outbox.ts';
import { freshMobile, serverCheckIns, visitor } from './support/check-in.ts';
import { choose, deep, ENGINES, openPage, optionLabels, poll, shown, textOf, type, waitFor, waitText } from './support/engines.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

const apiUrl = inject('apiUrl');
const FINDER = 'ginkgo-branch-finder';
const FORM = 'ginkgo-check-in';
const DIRECTORY = 'ginkgo-station-directory';
const LINGJIATANG = { id: 'br_cz_lingjiatang', name: '凌家塘市场流动党员党支部' };
const CHOOSE = '请选择';

/** Pages on another origin: /directory, and /form (a check-in inside the page's own form, with a reset button). */
let partner: PartnerServer;
beforeAll(async () => {
  partner = await servePartnerPages((url) => ({
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Partner</title>
      <script src="${apiUrl}/widgets.js"></script></head><body>${url.pathname === '/form'
    ? `<form><${FORM} key="pk_test_pizhou" branch="${LINGJIATANG.id}"></${FORM}><button id="reset" type="reset">重置</button></form>`
    : `<${DIRECTORY} key="pk_test_pizhou"></${DIRECTORY}>`}</body></html>`,
  }));
});
afterAll(async () => { await partner?.close(); });

/** Full-width digits, as a Chinese keyboard types them. */
const fullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe.each(Object.keys(ENGINES) as (keyof typeof ENGINES)[])('in %s', (engine) => {
  let browser: Browser;
  beforeAll(async () => { browser = await ENGINES[engine](); }, 60_000);
  afterAll(async () => { await browser?.close(); });

  it('finds branches by city, shows all again, and hands the chosen branch to the form', async () => {
    const { page, errors, close } = await openPage(browser, `${apiUrl}/`);
    const city = deep(FINDER, '#city');
    const status = deep(FINDER, '[part="status"]');
    await waitText(page, status, '找到');
    expect(await optionLabels(page, city)).toEqual(expect.arrayContaining(['全部城市', '常州', '苏州']));

    await choose(page, city, '苏州');
    await waitText(page, status, '找到 2 个党支部');
    expect(await resultNames(page)).toEqual(expect.arrayContaining(['苏州工业园区流动党员党支部', '苏州吴中区流动党员党支部']));

    // Nothing matches; "show all" clears the city, and the picker says so.
    await type(page, deep(FINDER, '#q'), '没有这个支部');
    await page.keyboard.press('Enter');
    await waitText(page, status, '找到 0 个党支部');
    await page.click(deep(FINDER, '[part="message"] button'));
    await poll(async () => (await resultNames(page)).length).toBeGreaterThanOrEqual(10);
    expect(await shown(page, city)).toEqual({ value: '', text: '全部城市' });

    await choose(page, city, '常州');
    await poll(() => resultNames(page)).toContain(LINGJIATANG.name);
    await page.click(deep(FINDER, `[part="select-button"]::-p-text(${LINGJIATANG.name})`));
    await waitText(page, deep(FORM, '[part="branch"]'), LINGJIATANG.name);
    expect(errors).toEqual([]);
    await close();
  });

  it('checks a member in: town, village, category, a full-width mobile and its SMS code', async () => {
    const { page, errors, close } = await openPage(browser, `${apiUrl}/check-in?k=pk_test_pizhou&b=${LINGJIATANG.id}`, visitor().extraHTTPHeaders);
    const field = (id: string) => deep(FORM, `#${id}`);
    await waitFor(page, field('town'));
    await waitText(page, deep(FORM, '[part="branch"]'), LINGJIATANG.name);
    const mobile = freshMobile();
    const since = Date.now() - 1000;
    await type(page, field('name'), '测试党员');
    await type(page, field('mobile'), fullWidth(mobile));
    await page.click(field('code-send'));
    const code = await waitForSmsCode(mobile, { after: since });
    await waitFor(page, field('code'));
    await type(page, field('code'), code); // checked once complete
    await waitFor(page, deep(FORM, '[part="code-verified"]'));

    // A village of one town; another town empties the village, and its picker says so.
    const towns = (await optionLabels(page, field('town'))).slice(1);
    await choose(page, field('town'), towns[0]!);
    await choose(page, field('village'), (await optionLabels(page, field('village')))[1]!);
    await choose(page, field('town'), towns[1]!);
    await poll(() => shown(page, field('village'))).toEqual({ value: '', text: CHOOSE });
    const village = (await optionLabels(page, field('village')))[1]!;
    await choose(page, field('village'), village);
    await type(page, field('currentCity'), '常州市武进区');
    await choose(page, field('category'), '务工');
    await page.click(field('consent'));
    await page.click(deep(FORM, '[part="submit-button"]'));
    await waitFor(page, deep(FORM, '[part="reference"]'));

    const [saved, ...more] = await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since);
    expect(more).toEqual([]);
    expect(saved).toMatchObject({ reference: (await textOf(page, deep(FORM, '[part="reference"]'))).trim(), mobile, category: 'worker' });
    expect(errors).toEqual([]);
    await close();
  });

  it('resets every picker with the page\'s form', async () => {
    const { page, close } = await openPage(browser, `${partner.url}/form`);
    const field = (id: string) => deep(FORM, `#${id}`);
    await waitFor(page, field('town'));
    await choose(page, field('town'), (await optionLabels(page, field('town')))[1]!);
    await choose(page, field('village'), (await optionLabels(page, field('village')))[1]!);
    await choose(page, field('category'), '务工');
    await page.click('#reset');
    await poll(() => Promise.all(['town', 'category'].map((id) => shown(page, field(id)))))
      .toEqual([{ value: '', text: CHOOSE }, { value: '', text: CHOOSE }]);
    expect(await page.$(field('village'))).toBeNull(); // no town, no villages to choose from
    await close();
  });

  it('filters the station directory by category and city, and shows all again', async () => {
    const { page, errors, close } = await openPage(browser, `${partner.url}/directory`);
    const status = deep(DIRECTORY, '[part="status"]');
    const [city, category] = [deep(DIRECTORY, '#city'), deep(DIRECTORY, '#category')];
    await waitText(page, status, '找到 3 个服务驿站');
    await choose(page, category, '技能培训');
    await waitText(page, status, '找到 2 个服务驿站');
    await choose(page, city, '苏州');
    await waitText(page, status, '找到 1 个服务驿站');
    expect(await page.$$eval(deep(DIRECTORY, '[part="station-name"]'), (names) => names.map((n) => n.textContent)))
      .toEqual(['邳州流动党员苏州服务驿站']);
    await choose(page, city, '青岛');
    await waitText(page, status, '找到 0 个服务驿站');
    await page.click(deep(DIRECTORY, '[part="message"] button'));
    await waitText(page, status, '找到 3 个服务驿站');
    expect(await shown(page, city)).toEqual({ value: '', text: '全部城市' });
    expect(await shown(page, category)).toEqual({ value: '', text: '全部服务' });
    expect(errors).toEqual([]);
    await close();
  });
});

const resultNames = (page: Page): Promise<string[]> =>
  page.$$eval(deep(FINDER, '[part="result-name"]'), (names) => names.map((n) => n.textContent ?? ''));
