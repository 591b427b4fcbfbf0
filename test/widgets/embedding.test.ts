// Embedding on a partner's page: another origin, a strict CSP, the script loaded twice, a phone
// screen. Also the screenshots under .tmp/screens/ for a human look.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { finder, launchChromium, openPage, resultNames, screenshot, SCREENS_DIR, statusSays } from './support/browser.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

const apiUrl = inject('apiUrl');
const csp = `default-src 'none'; script-src ${apiUrl}; connect-src ${apiUrl}; style-src 'self'`;

const partnerPage = (scripts: number, lang = 'zh-CN', widget = true) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Partner</title>
${`<script src="${apiUrl}/widgets.js"></script>\n`.repeat(scripts)}</head>
<body><h1>Partner portal</h1>${widget ? `<ginkgo-branch-finder key="pk_test_pizhou" lang="${lang}"></ginkgo-branch-finder>` : ''}</body></html>`;

/** What careless portal CSS does: global resets, giant fonts, everything hidden or floated. */
const hostileCss = `html { font-size: 10px; } * { color: red !important; font: 40px/5 serif; letter-spacing: 3px; text-align: right; }
  button, select, input, h2, h3, ol, li { display: none; } div { float: left; width: 50px; }`;

let browser: Browser;
let partner: PartnerServer;
let partnerUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  partner = await servePartnerPages(({ pathname }) => pathname === '/hostile'
    ? { body: partnerPage(1).replace('</head>', `<style>${hostileCss}</style></head>`) }
    : { body: partnerPage(pathname.startsWith('/twice') ? 2 : 1, 'zh-CN', !pathname.startsWith('/spa')), headers: { 'Content-Security-Policy': csp } });
  partnerUrl = partner.url;
});
afterAll(async () => {
  await browser?.close();
  await partner?.close();
});

/** Records CSP violations from the first moment (an init script is not subject to the page's CSP). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

describe('on a partner page of another origin', () => {
  it('works under a strict CSP and requests nothing but the API', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) problems.push(message.text()); });
    await page.goto(`${partnerUrl}/`);
    await statusSays(page, /找到 \d+ 个党支部/);
    await finder(page).getByLabel('搜索党支部').fill('苏州');
    await finder(page).getByLabel('搜索党支部').press('Enter');
    await statusSays(page, '找到 2 个党支部');
    expect(await resultNames(page)).toEqual(expect.arrayContaining(['苏州工业园区流动党员党支部']));

    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    const elsewhere = requests.filter((url) => url !== `${partnerUrl}/` && !url.startsWith(`${apiUrl}/`));
    expect(elsewhere).toEqual([]);
    expect(requests.filter((url) => url.startsWith(`${apiUrl}/v1/`)).length).toBeGreaterThanOrEqual(3);
    // Control: the watcher does see a violation (an inline <style>, which this CSP forbids).
    await page.evaluate(() => document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'h1{color:red}' })));
    await expect.poll(violations).toEqual([expect.stringMatching(/^style-src/)]);
    await context.close();
  });

  it('loads a widget the page inserts later, once, and nothing before', async () => {
    const { page, errors, close } = await openPage(browser, `${partnerUrl}/spa`);
    const chunks: string[] = [];
    page.on('request', (request) => { if (request.url().startsWith(`${apiUrl}/widgets/`)) chunks.push(request.url()); });
    await page.waitForLoadState('networkidle');
    expect(chunks).toEqual([]);
    // What a single-page portal does on navigation: its own script inserts the element, sets a
    // property before the element is defined, and later inserts another.
    await page.evaluate(() => {
      const el = Object.assign(document.createElement('ginkgo-branch-finder'), { lang: 'en' });
      el.setAttribute('key', 'pk_test_pizhou');
      document.body.appendChild(Object.assign(document.createElement('section'), { id: 'route' }));
      document.getElementById('route')!.appendChild(el);
    });
    await statusSays(page, /Found \d+ branches/);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div><ginkgo-branch-finder key="pk_test_pizhou"></ginkgo-branch-finder></div>'));
    await expect.poll(() => finder(page).nth(1).locator('[part="result"]').count()).toBeGreaterThan(0);
    expect(chunks).toHaveLength(1);
    expect(errors).toEqual([]);
    await close();
  });

  it('tells the editor of a site not registered for the key, in each widget, without a retry', async () => {
    const unregistered = await servePartnerPages(() => ({
      body: partnerPage(1).replace('</body>', '<ginkgo-station-directory key="pk_test_pizhou"></ginkgo-station-directory><ginkgo-check-in key="pk_test_pizhou"></ginkgo-check-in></body>'),
      headers: { 'Content-Security-Policy': csp },
    }), '127.0.0.2');
    const { page, close } = await openPage(browser, `${unregistered.url}/`);
    const says = '本网站尚未登记使用此接入密钥';
    await statusSays(page, says);
    for (const tag of ['ginkgo-station-directory', 'ginkgo-check-in']) {
      await expect.poll(() => page.locator(tag).getByRole('status').textContent()).toContain(says);
    }
    expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    await close();
    await unregistered.close();
  });

  it('is harmless when the script is loaded twice', async () => {
    const { page, errors, close } = await openPage(browser, `${partnerUrl}/twice`);
    await statusSays(page, /找到 \d+ 个党支部/);
    expect(await page.locator('script[src$="/widgets.js"]').count()).toBe(2);
    expect(await finder(page).locator('[part="base"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});

it('keeps its look on a page with hostile CSS', async () => {
  const { page, close } = await openPage(browser, `${partnerUrl}/hostile`);
  await statusSays(page, /找到 \d+ 个党支部/);
  const style = (selector: string) => finder(page).locator(selector).first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { fontSize: s.fontSize, color: s.color, textAlign: s.textAlign, display: s.display };
  });
  expect(await style('[part="title"]')).toEqual({ fontSize: '20px', color: 'rgb(31, 35, 40)', textAlign: 'start', display: 'block' });
  expect(await finder(page).getByRole('button', { name: '使用我的位置' }).isVisible()).toBe(true);
  expect((await style('[part="result"]')).display).toBe('list-item');
  await close();
});

it('styles itself with <style> elements where constructed stylesheets are missing (iOS before 16.4)', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Before the script runs: the widgets' base class checks once, when it loads.
  await page.addInitScript(() => { delete (Document.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets; });
  await page.goto(`${partnerUrl}/hostile`);
  await statusSays(page, /找到 \d+ 个党支部/);
  expect(await finder(page).evaluate((el) => [el.shadowRoot!.adoptedStyleSheets.length, el.shadowRoot!.querySelectorAll('style').length]))
    .toEqual([0, 2]); // the shared base styles and the finder's own
  const title = await finder(page).locator('[part="title"]').evaluate((el) => {
    const s = getComputedStyle(el);
    return { fontSize: s.fontSize, color: s.color, textAlign: s.textAlign };
  });
  expect(title).toEqual({ fontSize: '20px', color: 'rgb(31, 35, 40)', textAlign: 'start' });
  expect(await finder(page).getByRole('button', { name: '使用我的位置' }).isVisible()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

describe('on a phone', () => {
  const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  const inChangzhou = { permissions: ['geolocation'], geolocation: { latitude: 31.78, longitude: 119.95 } };

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`fits 360 px without horizontal scrolling (${lang})`, async () => {
      const query = lang === 'en' ? '?lang=en' : '';
      const { page, close } = await openPage(browser, `${apiUrl}/${query}`, { ...phone, ...inChangzhou });
      await finder(page).getByRole('button', { name: lang === 'en' ? 'Use my location' : '使用我的位置' }).click();
      await statusSays(page, lang === 'en' ? 'nearest first' : '按距离');
      await finder(page).locator('[part="select-button"]').first().click();
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await screenshot(page, `finder-360-${lang}`);
      await finder(page).locator('[part="result"]').nth(1).screenshot({ path: `${SCREENS_DIR}/finder-360-${lang}-card.png` });
      await close();
    });
  }
});

it('takes desktop screenshots (1280 px): results and the loading-free empty state', async () => {
  const { page, close } = await openPage(browser, `${apiUrl}/`, { viewport: { width: 1280, height: 900 } });
  await statusSays(page, /找到 \d+ 个党支部/);
  await finder(page).locator('[part="select-button"]').nth(1).click();
  await screenshot(page, 'finder-1280-zh-CN');
  await finder(page).getByLabel('搜索党支部').fill('没有这个支部');
  await finder(page).getByLabel('搜索党支部').press('Enter');
  await statusSays(page, '找到 0');
  await screenshot(page, 'finder-1280-empty');
  await close();
});
