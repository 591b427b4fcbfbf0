// <ginkgo-station-directory>: the opening-time wording (pure functions, here in Node), then the
// element in real Chromium against the real worker: on a page of its own (two requests a load: the
// per-address rate limit is shared by every widget test) and on the demo portal.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Station, StationPage } from '../../schema/stations.ts';
import { changeAt, exceptionLines, nextChange, weekLines } from '../../widgets/src/station-directory/hours.ts';
import { directoryMessages } from '../../widgets/src/station-directory/messages.ts';
import { axeViolations, launchChromium, openPage } from './support/browser.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

const zh = directoryMessages['zh-CN'];
const en = directoryMessages.en;
const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);
/** The word joiners that keep "09:00–18:00" on one line are invisible; compare without them. */
const plain = (rows: [string, string][]) => rows.map((row) => row.map((s) => s.replaceAll('\u2060', '')));
const closed = (nextOpening: string, timeZone = SHANGHAI) => ({ openNow: false, closesAt: null, nextOpening, timeZone });
const open = (closesAt: string, timeZone = SHANGHAI) => ({ openNow: true, closesAt, nextOpening: null, timeZone });

describe('opening times, in the station\'s time zone', () => {
  it('says today or tomorrow by the station\'s calendar, around its midnight', () => {
    // Friday 27 November 2026, 10:00 in Shanghai.
    expect(nextChange(open('2026-11-27T10:00:00Z'), at('2026-11-27T02:00:00Z'), 'zh-CN', zh, SHANGHAI)).toBe('今天 18:00 关门');
    // 23:30 on Friday in Shanghai: Saturday 09:00 is tomorrow, though it is the same UTC day.
    expect(nextChange(closed('2026-11-28T01:00:00Z'), at('2026-11-27T15:30:00Z'), 'zh-CN', zh, SHANGHAI)).toBe('明天 09:00 开门');
    // 00:30 on Saturday in Shanghai (still Friday in UTC): the same opening is today.
    expect(nextChange(closed('2026-11-28T01:00:00Z'), at('2026-11-27T16:30:00Z'), 'zh-CN', zh, SHANGHAI)).toBe('今天 09:00 开门');
    // Open at 22:00 until 02:00: it closes tomorrow by the calendar.
    expect(nextChange(open('2026-11-27T18:00:00Z'), at('2026-11-27T14:00:00Z'), 'zh-CN', zh, SHANGHAI)).toBe('明天 02:00 关门');
    expect(nextChange(closed('2026-11-28T01:00:00Z'), at('2026-11-27T15:30:00Z'), 'en', en, SHANGHAI)).toBe('Opens tomorrow at 09:00');
    expect(nextChange(open('2026-11-27T10:00:00Z'), at('2026-11-27T02:00:00Z'), 'en', en, SHANGHAI)).toBe('Closes today at 18:00');
  });

  it('names the weekday within a week and the date after that (a long holiday closure)', () => {
    const friday = at('2026-11-27T02:00:00Z');
    expect(nextChange(closed('2026-11-30T01:00:00Z'), friday, 'zh-CN', zh, SHANGHAI)).toBe('周一 09:00 开门');
    expect(nextChange(closed('2026-11-30T01:00:00Z'), friday, 'en', en, SHANGHAI)).toBe('Opens Mon at 09:00');
    expect(nextChange(closed('2027-01-04T01:00:00Z'), friday, 'zh-CN', zh, SHANGHAI)).toBe('1月4日 09:00 开门');
    expect(nextChange(closed('2027-01-04T01:00:00Z'), friday, 'en', en, SHANGHAI)).toBe('Opens Jan 4 at 09:00');
  });

  it('shows the station\'s wall time, naming its zone when the visitor\'s differs, also across a DST change', () => {
    // A visitor in New York at 10:30 on Friday there: still "tomorrow" and 09:00, in the station's terms.
    expect(nextChange(closed('2026-11-28T01:00:00Z'), at('2026-11-27T15:30:00Z'), 'zh-CN', zh, 'America/New_York'))
      .toBe('明天 GMT+8 09:00 开门');
    expect(nextChange(closed('2026-11-28T01:00:00Z'), at('2026-11-27T15:30:00Z'), 'en', en, 'America/New_York'))
      .toBe('Opens tomorrow at 09:00 GMT+8');
    // London at 23:30 GMT on Saturday 27 March 2027; clocks go forward that night, Sunday opens 09:00 BST.
    const london = closed('2027-03-28T08:00:00Z', 'Europe/London');
    expect(nextChange(london, at('2027-03-27T23:30:00Z'), 'en', en, 'Europe/London')).toBe('Opens tomorrow at 09:00');
  });

  it('names when the server\'s answer stops being true, and never guesses past it (the widget asks again)', () => {
    const station = open('2026-11-27T10:00:00Z');
    expect(changeAt(station)).toBe(at('2026-11-27T10:00:00Z'));
    expect(changeAt(closed('2026-11-28T01:00:00Z'))).toBe(at('2026-11-28T01:00:00Z'));
    // Past it, nothing is said about the next change: it is for the server to tell (a holiday may follow).
    expect(nextChange(station, at('2026-11-27T10:01:00Z'), 'zh-CN', zh, SHANGHAI)).toBe('');
    // Open round the clock (no closing known) and closed for good (no opening known).
    expect(changeAt({ openNow: true, closesAt: null, nextOpening: null, timeZone: SHANGHAI })).toBeNaN();
    expect(changeAt({ openNow: false, closesAt: null, nextOpening: null, timeZone: SHANGHAI })).toBeNaN();
  });

  it('writes the week Monday first, merging days with the same hours, with hours past midnight', () => {
    const nineToSix = [0, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' }));
    expect(plain(weekLines(nineToSix, 'zh-CN', zh))).toEqual([['周一', '休息'], ['周二至周日', '09:00–18:00']]);
    expect(plain(weekLines(nineToSix, 'en', en))).toEqual([['Mon', 'Closed'], ['Tue–Sun', '09:00–18:00']]);
    const market = [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) =>
      [{ weekday, opens: '05:30', closes: '11:30' }, { weekday, opens: '18:30', closes: '21:00' }]);
    expect(plain(weekLines(market, 'zh-CN', zh))).toEqual([['周一至周日', '05:30–11:30、18:30–21:00']]);
    const late = [{ weekday: 5, opens: '20:00', closes: '02:00' }, { weekday: 6, opens: '20:00', closes: '02:00' }];
    expect(plain(weekLines(late, 'zh-CN', zh))).toEqual([['周一至周四', '休息'], ['周五至周六', '20:00–次日02:00'], ['周日', '休息']]);
    expect(plain(weekLines(late, 'en', en))[1]).toEqual(['Fri–Sat', '20:00–02:00 next day']);
  });

  it('lists exceptions from the station\'s today on', () => {
    const station = {
      timeZone: SHANGHAI,
      exceptions: [
        { date: '2026-11-26', closed: true, opens: null, closes: null, note: { zh: '已过', en: 'Past' } },
        { date: '2027-01-01', closed: true, opens: null, closes: null, note: { zh: '元旦闭站', en: "Closed for New Year's Day" } },
        { date: '2027-01-02', closed: false, opens: '10:00', closes: '14:00', note: { zh: '', en: '' } },
        { date: '2027-01-03', closed: true, opens: null, closes: null, note: { zh: '', en: '' } },
      ],
    };
    // 00:30 on 27 November in Shanghai, still the 26th in UTC: the 26th is over for the station.
    expect(plain(exceptionLines(station, at('2026-11-26T16:30:00Z'), 'zh-CN', zh))).toEqual([
      ['1月1日周五', '元旦闭站'], ['1月2日周六', '10:00–14:00'], ['1月3日周日', '闭站'],
    ]);
    expect(plain(exceptionLines(station, at('2026-11-26T16:30:00Z'), 'en', en))[0]).toEqual(['Fri, Jan 1', "Closed for New Year's Day"]);
  });
});

const apiUrl = inject('apiUrl');
const NAMES_ZH = ['邳州流动党员北京服务驿站', '邳州流动党员常州服务驿站', '邳州流动党员苏州服务驿站'];
const NAMES_EN = ['Pizhou Service Station, Beijing', 'Pizhou Service Station, Changzhou', 'Pizhou Service Station, Suzhou'];

/** What careless portal CSS does (as in embedding.test.ts): resets, giant fonts, everything hidden or floated. */
const hostileCss = `<style>html { font-size: 10px; } * { color: red !important; font: 40px/5 serif; text-align: right; }
  button, select, h2, h3, ol, li, details, summary, dl, a { display: none; } div { float: left; width: 50px; }</style>`;

const hostPage = (attributes: string, css = '') => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>驿站</title>${css}<script src="${apiUrl}/widgets.js"></script></head>
<body><main><h1>服务驿站</h1><ginkgo-station-directory key="pk_test_pizhou" ${attributes}></ginkgo-station-directory></main></body></html>`;

let browser: Browser;
let host: PartnerServer;
let hostUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  // Attributes come from the query string: /?category=credit → <ginkgo-station-directory category="credit">;
  // /hostile adds the careless CSS.
  host = await servePartnerPages((url) => {
    const attributes = [...url.searchParams].map(([name, value]) => `${name.replace(/\W/g, '')}="${value.replace(/["<>&]/g, '')}"`).join(' ');
    return { body: hostPage(attributes, url.pathname === '/hostile' ? hostileCss : '') };
  });
  hostUrl = host.url;
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const directory = (page: Page) => page.locator('ginkgo-station-directory');
const names = (page: Page) => directory(page).locator('[part="station-name"]').allTextContents();
const card = (page: Page, name: string) => directory(page).locator('[part="station"]').filter({ hasText: name });
async function says(page: Page, text: string | RegExp): Promise<void> {
  await directory(page).getByRole('status').filter({ hasText: text }).waitFor();
}
/** The page of stations the widget itself received: what it shows must agree with it. */
const stationsResponse = (page: Page): Promise<Response> =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/stations' && r.status() === 200);
const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The seeded 2027 New Year closure of the Suzhou station, if the API sent it (it sends 60 days ahead, from today). */
const newYear = (data: Station[]) =>
  data.find((s) => s.name.zh === '邳州流动党员苏州服务驿站')!.exceptions.some((e) => e.date === '2027-01-01');

/** What the card must say about open-now, derived from the API's answer without the widget's code. */
function expectedState(station: Station, lang: 'zh-CN' | 'en') {
  const instant = station.openNow ? station.closesAt : station.nextOpening;
  const time = instant
    ? new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: station.timeZone }).format(new Date(instant))
    : null;
  const badge = station.openNow ? (lang === 'en' ? 'Open now' : '开放中') : (lang === 'en' ? 'Closed' : '已关闭');
  return { badge, time, verb: station.openNow ? (lang === 'en' ? 'Closes' : '关门') : (lang === 'en' ? 'Opens' : '开门') };
}

describe('on a page of its own, in a visitor time zone other than the stations\'', () => {
  const newYork = { timezoneId: 'America/New_York' };

  it('lists the Beijing, Suzhou and Changzhou stations with open-now and the next time in the station\'s zone, and its facts', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', ...newYork });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const received = stationsResponse(page);
    await page.goto(hostUrl);
    const { data } = (await (await received).json()) as StationPage;
    await says(page, '找到 3 个服务驿站');
    expect(await names(page)).toEqual(NAMES_ZH);
    for (const station of data) {
      const { badge, time, verb } = expectedState(station, 'zh-CN');
      const c = card(page, station.name.zh);
      expect(await c.locator('[part="open-badge"]').textContent()).toBe(badge);
      const next = (await c.locator('[part="next-change"]').textContent())!.trim();
      // The station's own wall time, marked with its zone since the visitor is in New York.
      if (time) expect(next).toMatch(new RegExp(`^(今天|明天|周.|\\d+月\\d+日) GMT\\+8 ${time} ${verb}$`));
      else expect(next).toBe('');
    }
    const beijing = card(page, '邳州流动党员北京服务驿站');
    expect(await beijing.locator('[part="alert"]').textContent()).toContain('临时迁至综合楼二层205室');
    expect(await beijing.locator('a[part="phone"]').getAttribute('href')).toBe('tel:01083700000');
    expect((await beijing.locator('article > dl > .fact').filter({ hasText: '开放时间' }).textContent())!.replaceAll('\u2060', ''))
      .toMatch(/周一\s*休息\s*周二至周日\s*09:00–18:00/);
    expect(await beijing.locator('[part="service-group"] summary').allTextContents()).toEqual(['政策解读', '法律维权', '困难救助']);
    expect(await beijing.textContent()).toContain('银杏法律志愿服务队');
    // The Suzhou station's New Year closure is listed while the API sends it (from 60 days before
    // until the day itself); the services open on a tap and say who and how.
    const suzhou = await card(page, '邳州流动党员苏州服务驿站').textContent();
    if (newYear(data)) expect(suzhou).toMatch(/特殊安排.*1月1日周五.*元旦闭站/);
    else expect(suzhou).not.toContain('元旦闭站');
    const policy = beijing.locator('[part="service-group"]').filter({ hasText: '政策解读' });
    await policy.locator('summary').click();
    await expect.poll(() => policy.textContent()).toMatch(/服务对象.*办理方式.*费用\s*免费.*服务语言\s*中文、英语/s);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters by service category and city, designs the empty state, and honours the attributes', async () => {
    const { page, errors, close } = await openPage(browser, `${hostUrl}/?category=credit`);
    // category="credit": only the Changzhou station offers credit referrals, and that group is open.
    await says(page, '找到 1 个服务驿站');
    expect(await names(page)).toEqual(['邳州流动党员常州服务驿站']);
    expect(await directory(page).getByLabel('服务类别').inputValue()).toBe('credit');
    const credit = directory(page).locator('[part="service-group"][open]');
    expect(await credit.locator('summary').textContent()).toBe('金融授信');
    expect(await credit.textContent()).toContain('邳州农商银行');

    await directory(page).getByLabel('服务类别').selectOption({ label: '技能培训' });
    await says(page, '找到 2 个服务驿站');
    expect(await names(page)).toEqual(['邳州流动党员常州服务驿站', '邳州流动党员苏州服务驿站']);
    await directory(page).getByLabel('城市').selectOption({ label: '苏州' });
    await says(page, '找到 1 个服务驿站');
    expect(await names(page)).toEqual(['邳州流动党员苏州服务驿站']);

    await directory(page).getByLabel('城市').selectOption({ label: '青岛' }); // a host city without a station
    await says(page, '找到 0 个服务驿站');
    expect(await directory(page).locator('[part="message"]').textContent()).toContain('没有符合条件的服务驿站');
    expect(await axeViolations(page, 'ginkgo-station-directory')).toEqual([]);
    await directory(page).getByRole('button', { name: '查看全部驿站' }).click();
    await says(page, '找到 3 个服务驿站');
    expect(await directory(page).getByLabel('城市').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await close();
  });

  it('puts the nearest station first where the visitor shares location, with distances and Amap directions', async () => {
    const inSuzhou = { permissions: ['geolocation'], geolocation: { latitude: 31.30, longitude: 120.58 } };
    const { page, errors, close } = await openPage(browser, `${hostUrl}/?city=pizhou_changzhou`, inSuzhou);
    await says(page, '找到 1 个服务驿站');
    await directory(page).getByRole('button', { name: '离我最近' }).click();
    // Across cities: the Changzhou filter the page set gives way to the nearest stations.
    await says(page, '找到 3 个服务驿站，按距离由近到远排列');
    expect(await names(page)).toEqual(['邳州流动党员苏州服务驿站', '邳州流动党员常州服务驿站', '邳州流动党员北京服务驿站']);
    expect(await directory(page).getByLabel('城市').inputValue()).toBe('');
    const distances = await directory(page).locator('[part="distance"]').allTextContents();
    expect(distances).toEqual([/^距您 [\d.]+ ?公里$/, /^距您 \d+ ?公里$/, /^距您 [\d,]+ ?公里$/].map((d) => expect.stringMatching(d)));
    const link = card(page, '邳州流动党员苏州服务驿站').locator('[part="navigate-link"]');
    expect(await link.textContent()).toContain('导航');
    const href = new URL((await link.getAttribute('href'))!);
    expect(`${href.origin}${href.pathname}`).toBe('https://uri.amap.com/marker');
    expect(Object.fromEntries(href.searchParams)).toMatchObject({
      position: '120.6166,31.325', name: '邳州流动党员苏州服务驿站', coordinate: 'wgs84', callnative: '1',
    });
    expect([await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual(['_blank', 'noopener']);

    // The category applies to the nearest stations too; a city lists that city, distances still shown.
    // Asked of the server (the nearest of those offering it), not filtered from the nearest 20 here.
    const asked = page.waitForRequest((r) => /\/v1\/stations\/near\?.*category=training/.test(r.url()));
    await directory(page).getByLabel('服务类别').selectOption({ label: '技能培训' });
    await asked;
    await says(page, '找到 2 个服务驿站，按距离由近到远排列');
    expect(await names(page)).toEqual(['邳州流动党员苏州服务驿站', '邳州流动党员常州服务驿站']);
    await directory(page).getByLabel('城市').selectOption({ label: '常州' });
    await says(page, '找到 1 个服务驿站');
    expect(await directory(page).locator('[part="distance"]').count()).toBe(1);
    expect(await axeViolations(page, 'ginkgo-station-directory')).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('copies an address with the keyboard and says so; in English too; 360 px wide without sideways scrolling; axe clean', async () => {
    const context = await browser.newContext({
      locale: 'zh-CN', ...newYork, viewport: { width: 360, height: 780 }, permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const received = stationsResponse(page);
    await page.goto(hostUrl);
    const { data } = (await (await received).json()) as StationPage;
    await says(page, '找到 3 个服务驿站');
    expect(await horizontalOverflow(page)).toBe(0);
    expect((await directory(page).boundingBox())!.width).toBeLessThanOrEqual(360);
    expect(await axeViolations(page, 'ginkgo-station-directory')).toEqual([]);

    const copy = card(page, '邳州流动党员常州服务驿站').getByRole('button', { name: /复制/ });
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => copy.textContent()).toContain('已复制');
    await expect.poll(() => directory(page).locator('[part="announcement"]').textContent()).toBe('已复制邳州流动党员常州服务驿站的地址');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('江苏省常州市武进区凌家塘市场东门');
    expect(await copy.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true); // focus stays

    // The language changes without a request: the stations carry both.
    await directory(page).evaluate((el) => el.setAttribute('lang', 'en'));
    await says(page, 'Found 3 stations');
    expect(await directory(page).getByRole('heading', { level: 2 }).textContent()).toBe('Service stations');
    expect(await names(page)).toEqual(NAMES_EN);
    for (const station of data) {
      const { badge, time, verb } = expectedState(station, 'en');
      const c = card(page, station.name.en);
      expect(await c.locator('[part="open-badge"]').textContent()).toBe(badge);
      if (time) expect(await c.locator('[part="next-change"]').textContent()).toMatch(new RegExp(`^${verb} \\S+( \\d+)? at ${time} GMT\\+8$`));
    }
    expect(await directory(page).getByLabel('Service', { exact: true }).locator('option').allTextContents()).toEqual([
      'All services', 'Skills training', 'Policy advice', 'Daily-life services', 'Jobs', 'Social insurance', 'Legal help',
      'Credit referral', 'Hardship support',
    ]);
    const suzhou = await card(page, 'Pizhou Service Station, Suzhou').textContent();
    if (newYear(data)) expect(suzhou).toMatch(/Coming up.*Fri, Jan 1.*Closed for New Year's Day/);
    else expect(suzhou).not.toContain("New Year's Day");
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page, 'ginkgo-station-directory')).toEqual([]);
    await context.close();
  });

  it('keeps its look under a host page\'s careless CSS, 360 px wide', async () => {
    const { page, close } = await openPage(browser, `${hostUrl}/hostile`, { viewport: { width: 360, height: 780 } });
    await says(page, '找到 3 个服务驿站');
    const name = directory(page).locator('[part="station-name"]').first();
    expect(await name.isVisible()).toBe(true);
    expect(await name.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
    expect(await directory(page).getByLabel('服务类别').isVisible()).toBe(true);
    expect(await directory(page).locator('a[part="phone"]').first().isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
    await close();
  });

  it('loads the next page with the cursor the API gave', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    // Three stations fit one page; split the real answer in two to see the widget follow the cursor.
    const cursors: (string | null)[] = [];
    let all: Station[] = [];
    await page.route('**/v1/stations?**', async (route) => {
      const cursor = new URL(route.request().url()).searchParams.get('cursor');
      cursors.push(cursor);
      if (!cursor) all = ((await (await route.fetch()).json()) as StationPage).data;
      const body: StationPage = cursor === 'next' ? { data: all.slice(2), nextCursor: null } : { data: all.slice(0, 2), nextCursor: 'next' };
      await route.fulfill({ json: body });
    });
    await page.goto(hostUrl);
    await says(page, '已显示 2 个服务驿站'); // not "found": there are more
    // With the keyboard: the button goes with the last page, and focus goes on to the first new station.
    await directory(page).getByRole('button', { name: '加载更多' }).focus();
    await page.keyboard.press('Enter');
    await says(page, '找到 3 个服务驿站');
    expect(await names(page)).toEqual(NAMES_ZH);
    expect(cursors).toEqual([null, 'next']);
    expect(await directory(page).getByRole('button', { name: '加载更多' }).count()).toBe(0);
    await expect.poll(() => directory(page).evaluate((el) => el.shadowRoot!.activeElement?.textContent)).toBe(NAMES_ZH[2]);
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('ginkgo-station-directory');
    await directory(page).evaluate((el) => el.setAttribute('lang', 'en'));
    await page.route('**/v1/stations?**', (route) => route.fulfill({ json: { data: all.slice(0, 2), nextCursor: 'next' } }));
    await directory(page).evaluate((el) => el.setAttribute('category', 'legal'));
    await says(page, 'Showing 2 stations');
    await context.close();
  });

  it('asks the server again once a station\'s closing time has passed, keeping the filter, once for each such time', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    // Noon in China whatever the real time: 24 h on is still 明天 after the minutes fast-forwarded
    // below (started just before midnight, the page's day would turn and it would read 今天).
    const start = Date.parse('2026-12-01T04:00:00Z');
    await page.clock.install({ time: start });
    // One real request; then the answers a server would give as time goes on. Changzhou closes
    // 30 s after the page opens, Suzhou 90 s after. At the first reload Changzhou is closed until
    // tomorrow and Suzhou still open; at the second the answer has not changed (a server whose clock
    // lags): the widget then shows that answer and does not ask again for the same instant.
    const requests: URLSearchParams[] = [];
    // Answers handed to the page: fast-forwarding the fake clock while a request is still open
    // would fire the SDK's timeout on it (and a failed reload is retried at the next tick).
    let answered = 0;
    let real: Station[] = [];
    const iso = (ms: number) => new Date(start + ms).toISOString();
    const openUntil = (s: Station, ms: number): Station => ({ ...s, openNow: true, closesAt: iso(ms), nextOpening: null });
    await page.route('**/v1/stations?**', async (route) => {
      requests.push(new URL(route.request().url()).searchParams);
      if (requests.length === 1) real = ((await (await route.fetch()).json()) as StationPage).data;
      const [changzhou, suzhou] = real as [Station, Station];
      const data = requests.length === 1
        ? [openUntil(changzhou, 30_000), openUntil(suzhou, 90_000)]
        : [{ ...changzhou, openNow: false, closesAt: null, nextOpening: iso(86_400_000) }, openUntil(suzhou, 90_000)];
      await route.fulfill({ json: { data, nextCursor: null } satisfies StationPage });
      answered++;
    });
    await page.goto(`${hostUrl}/?category=training`);
    await says(page, '找到 2 个服务驿站');
    const badge = (name: string) => card(page, name).locator('[part="open-badge"]');
    expect(await badge('邳州流动党员常州服务驿站').textContent()).toBe('开放中');

    await page.clock.fastForward('01:00'); // the minute's tick: Changzhou's closing has passed
    await expect.poll(() => badge('邳州流动党员常州服务驿站').textContent()).toBe('已关闭');
    expect(await card(page, '邳州流动党员常州服务驿站').locator('[part="next-change"]').textContent()).toMatch(/^明天 .+ 开门$/);
    expect(requests).toHaveLength(2);
    expect(Object.fromEntries(requests[1]!)).toEqual({ category: 'training', limit: '20', key: 'pk_test_pizhou' });

    await page.clock.fastForward('01:00'); // Suzhou's closing has passed: asked once, answered the same
    await expect.poll(() => answered).toBe(3);
    await page.waitForTimeout(300); // real time: the page reads the answer
    for (let i = 0; i < 3; i++) await page.clock.fastForward('01:00');
    await page.waitForTimeout(300);
    expect(requests).toHaveLength(3);
    expect(await badge('邳州流动党员苏州服务驿站').textContent()).toBe('开放中'); // the server's word, not a guess
    expect(await directory(page).locator('[part="status"]').textContent()).toBe('找到 2 个服务驿站'); // no flash of 正在加载
    await context.close();
  });

  it('says when the API cannot be reached and retries on request; explains a missing key without a retry', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.route('**/v1/stations?**', (route) => route.abort('connectionrefused'));
    await page.goto(hostUrl);
    await says(page, '网络连接不稳定');
    expect(await directory(page).locator('[part="message"] h3').textContent()).toBe('暂时无法加载服务驿站');
    expect(await axeViolations(page, 'ginkgo-station-directory')).toEqual([]);
    await page.unroute('**/v1/stations?**');
    await directory(page).getByRole('button', { name: '重试' }).click();
    await says(page, '找到 3 个服务驿站');
    // A server that is not there at all.
    await directory(page).evaluate((el) => el.setAttribute('api', 'http://127.0.0.1:9'));
    await says(page, '网络连接不稳定');
    await directory(page).evaluate((el) => el.removeAttribute('key'));
    await says(page, '组件缺少 key 属性');
    expect(await directory(page).getByRole('button', { name: '重试' }).count()).toBe(0);
    await context.close();
  });
});

describe('on the demo portal', () => {
  it('shows the three stations below the finder and the form, and follows the portal\'s language', async () => {
    const { page, errors, close } = await openPage(browser, `${apiUrl}/`);
    await says(page, '找到 3 个服务驿站');
    expect(await names(page)).toEqual(NAMES_ZH);
    expect(await page.locator('ginkgo-branch-finder, ginkgo-check-in, ginkgo-station-directory').count()).toBe(3);
    await page.getByRole('link', { name: '服务驿站', exact: true }).click();
    expect(new URL(page.url()).hash).toBe('#stations');
    await page.getByRole('button', { name: 'English' }).click();
    await says(page, 'Found 3 stations');
    expect(await names(page)).toEqual(NAMES_EN);
    expect(errors).toEqual([]);
    await close();
  });
});
