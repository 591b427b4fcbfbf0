// The widgets' key flows in every engine (Firefox, Chromium, WebKit), through the same code
// (support/engines.ts), against the real worker: the finder (a city, the results, choosing a
// branch), a whole check-in (town, village, category; a full-width mobile and its SMS code), the
// page's form reset, the station directory's filters. The other widget tests go deeper in Chromium.
//
// Each picker must show what the widget holds after the widget changes it: lit toggled the options'
// `selected` attribute, which Gecko ignores on a select a person has already used.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForSmsCode } from '../support/sms-outbox.ts';
import { freshMobile, serverCheckIns, visitor } from './support/check-in.ts';
import {
  choose, deep, ENGINES, optionLabels, poll, shown, textOf, textsOf, waitFor, waitText, type EngineSession, type Tab,
} from './support/engines.ts';
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

/** The finder's result whose text has `name`, by its place in the list. */
async function result(tab: Tab, name: string): Promise<string> {
  const names = await textsOf(tab, deep(FINDER, '[part="result"]'));
  return deep(FINDER, `[part="result"]:nth-child(${names.findIndex((text) => text?.includes(name)) + 1})`);
}

describe.each(Object.keys(ENGINES) as (keyof typeof ENGINES)[])('in %s', (engine) => {
  let browser: EngineSession;
  beforeAll(async () => { browser = await ENGINES[engine](); }, 60_000);
  afterAll(async () => { await browser?.close(); });

  it('finds branches by city, shows all again, and hands the chosen branch to the form', async () => {
    const tab = await browser.open(`${apiUrl}/`, visitor().extraHTTPHeaders);
    const city = deep(FINDER, '#city');
    const status = deep(FINDER, '[part="status"]');
    const names = () => textsOf(tab, deep(FINDER, '[part="result-name"]'));
    await waitText(tab, status, '找到');
    expect(await optionLabels(tab, city)).toEqual(expect.arrayContaining(['全部城市', '常州', '苏州']));

    await choose(tab, city, '苏州');
    await waitText(tab, status, '找到 2 个党支部');
    expect(await names()).toEqual(expect.arrayContaining(['苏州工业园区流动党员党支部', '苏州吴中区流动党员党支部']));

    // Nothing matches; "show all" clears the city, and the picker says so.
    await tab.type(deep(FINDER, '#q'), '没有这个支部');
    await tab.press(deep(FINDER, '#q'), 'Enter');
    await waitText(tab, status, '找到 0 个党支部');
    await tab.click(deep(FINDER, '[part="message"] button'));
    await poll(async () => (await names()).length).toBeGreaterThanOrEqual(10);
    expect(await shown(tab, city)).toEqual({ value: '', text: '全部城市' });

    await choose(tab, city, '常州');
    await poll(names).toContain(LINGJIATANG.name);
    await tab.click(`${await result(tab, LINGJIATANG.name)} [part="select-button"]`);
    await waitText(tab, deep(FORM, '[part="branch"]'), LINGJIATANG.name);
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  it('checks a member in: town, village, category, a full-width mobile and its SMS code', async () => {
    const tab = await browser.open(`${apiUrl}/check-in?k=pk_test_pizhou&b=${LINGJIATANG.id}`, visitor().extraHTTPHeaders);
    const field = (id: string) => deep(FORM, `#${id}`);
    await waitFor(tab, field('town'));
    await waitText(tab, deep(FORM, '[part="branch"]'), LINGJIATANG.name);
    const mobile = freshMobile();
    const since = Date.now() - 1000;
    await tab.type(field('name'), '测试党员');
    await tab.type(field('mobile'), fullWidth(mobile));
    await tab.click(field('code-send'));
    const code = await waitForSmsCode(mobile, { after: since });
    await waitFor(tab, field('code'));
    await tab.type(field('code'), code); // checked once complete
    await waitFor(tab, deep(FORM, '[part="code-verified"]'));

    // A village of one town; another town empties the village, and its picker says so.
    const towns = (await optionLabels(tab, field('town'))).slice(1);
    await choose(tab, field('town'), towns[0]!);
    await choose(tab, field('village'), (await optionLabels(tab, field('village')))[1]!);
    await choose(tab, field('town'), towns[1]!);
    await poll(() => shown(tab, field('village'))).toEqual({ value: '', text: CHOOSE });
    await choose(tab, field('village'), (await optionLabels(tab, field('village')))[1]!);
    await tab.type(field('currentCity'), '常州市武进区');
    await choose(tab, field('category'), '务工');
    await tab.click(field('consent'));
    await tab.click(deep(FORM, '[part="submit-button"]'));
    await waitFor(tab, deep(FORM, '[part="reference"]'));

    const [saved, ...more] = await serverCheckIns(apiUrl, LINGJIATANG.id, mobile, since);
    expect(more).toEqual([]);
    expect(saved).toMatchObject({ reference: (await textOf(tab, deep(FORM, '[part="reference"]'))).trim(), mobile, category: 'worker' });
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  it('resets every picker with the page\'s form', async () => {
    const tab = await browser.open(`${partner.url}/form`);
    const field = (id: string) => deep(FORM, `#${id}`);
    await waitFor(tab, field('town'));
    await choose(tab, field('town'), (await optionLabels(tab, field('town')))[1]!);
    await choose(tab, field('village'), (await optionLabels(tab, field('village')))[1]!);
    await choose(tab, field('category'), '务工');
    await tab.click('#reset');
    await poll(() => Promise.all(['town', 'category'].map((id) => shown(tab, field(id)))))
      .toEqual([{ value: '', text: CHOOSE }, { value: '', text: CHOOSE }]);
    expect(await textOf(tab, field('village'))).toBe(''); // no town, no villages to choose from
    await tab.close();
  });

  it('filters the station directory by category and city, and shows all again', async () => {
    const tab = await browser.open(`${partner.url}/directory`);
    const status = deep(DIRECTORY, '[part="status"]');
    const [city, category] = [deep(DIRECTORY, '#city'), deep(DIRECTORY, '#category')];
    await waitText(tab, status, '找到 3 个服务驿站');
    await choose(tab, category, '技能培训');
    await waitText(tab, status, '找到 2 个服务驿站');
    await choose(tab, city, '苏州');
    await waitText(tab, status, '找到 1 个服务驿站');
    expect(await textsOf(tab, deep(DIRECTORY, '[part="station-name"]'))).toEqual(['邳州流动党员苏州服务驿站']);
    await choose(tab, city, '青岛');
    await waitText(tab, status, '找到 0 个服务驿站');
    await tab.click(deep(DIRECTORY, '[part="message"] button'));
    await waitText(tab, status, '找到 3 个服务驿站');
    expect(await shown(tab, city)).toEqual({ value: '', text: '全部城市' });
    expect(await shown(tab, category)).toEqual({ value: '', text: '全部服务' });
    expect(tab.errors).toEqual([]);
    await tab.close();
  });
});
