// <ginkgo-branch-finder> on the demo portal, in real Chromium against the real worker.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, finder, focusedDescription, launchChromium, openPage, resultNames, statusSays } from './support/browser.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

const apiUrl = inject('apiUrl');
const CHANGZHOU_ZH = ['凌家塘市场流动党员党支部', '常州新北区流动党员党支部', '常州钟楼邳商流动党员党支部'];
const CHANGZHOU_EN = ['Lingjiatang Market Branch', 'Changzhou Xinbei Branch', 'Changzhou Zhonglou Pizhou Traders Branch'];
/** Between the Changzhou branches (WGS-84). */
const inChangzhou = { permissions: ['geolocation'], geolocation: { latitude: 31.78, longitude: 119.95 } };

let browser: Browser;
/** A host portal of its own: /?city=… → <ginkgo-branch-finder city="…">. */
let portal: PartnerServer;
beforeAll(async () => {
  browser = await launchChromium();
  portal = await servePartnerPages((url) => ({
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>常州</title><script src="${apiUrl}/widgets.js"></script></head>
      <body><ginkgo-branch-finder key="pk_test_pizhou" city="${(url.searchParams.get('city') ?? '').replace(/["<>&]/g, '')}"></ginkgo-branch-finder></body></html>`,
  }));
});
afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('on the demo portal', () => {
  it('renders the finder with every branch and the city picker', async () => {
    const { page, errors, close } = await openPage(browser, `${apiUrl}/`);
    expect(await statusSays(page, /找到 \d+ 个党支部/)).toMatch(/找到 \d+ 个党支部/);
    await expect.poll(() => resultNames(page)).toEqual(expect.arrayContaining(CHANGZHOU_ZH));
    const cities = await finder(page).getByLabel('城市').locator('option').allTextContents();
    expect(cities).toEqual(expect.arrayContaining(['全部城市', '常州', '苏州', '西安']));
    const first = finder(page).getByRole('listitem').first();
    await expect.poll(() => first.textContent()).toMatch(/地址.*所属党委.*服务党员/s);
    expect(await finder(page).locator('a[part="phone"]').first().getAttribute('href')).toMatch(/^tel:[\d+]+$/);
    expect(errors).toEqual([]);
    await close();
  });

  it('searches by text and by city, and designs the empty state', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`);
    await statusSays(page, '找到');
    await finder(page).getByLabel('搜索党支部').fill('凌家塘');
    await finder(page).getByRole('button', { name: '搜索', exact: true }).click();
    await statusSays(page, '找到 1 个党支部');
    expect(await resultNames(page)).toEqual(['凌家塘市场流动党员党支部']);

    await finder(page).getByLabel('搜索党支部').fill('');
    await finder(page).getByLabel('城市').selectOption({ label: '苏州' });
    await statusSays(page, '找到 2 个党支部');
    expect(await resultNames(page)).toEqual(expect.arrayContaining(['苏州工业园区流动党员党支部', '苏州吴中区流动党员党支部']));

    await finder(page).getByLabel('搜索党支部').fill('没有这个支部');
    await finder(page).getByLabel('搜索党支部').press('Enter');
    await statusSays(page, '找到 0 个党支部');
    await expect.poll(() => finder(page).locator('[part="message"]').textContent()).toContain('没有找到符合条件的党支部');
    await finder(page).getByRole('button', { name: '查看全部党支部' }).click();
    await expect.poll(async () => (await resultNames(page)).length).toBeGreaterThanOrEqual(10);
    await close();
  });

  it('puts the three Changzhou branches first with distances when location is granted (zh-CN)', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, inChangzhou);
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: '使用我的位置' }).click();
    await statusSays(page, '按距离由近到远排列');
    expect((await resultNames(page)).slice(0, 3).sort()).toEqual([...CHANGZHOU_ZH].sort());
    const distances = await finder(page).locator('[part="distance"]').allTextContents();
    expect(distances.slice(0, 3)).toEqual(distances.slice(0, 3).map(() => expect.stringMatching(/^距您 [\d.]+ ?(米|公里)$/)));
    await close();
  });

  it('does the same in English', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/?lang=en`, { ...inChangzhou, locale: 'en-GB' });
    await statusSays(page, 'Found');
    await finder(page).getByRole('button', { name: 'Use my location' }).click();
    await statusSays(page, 'nearest first');
    expect((await resultNames(page)).slice(0, 3).sort()).toEqual([...CHANGZHOU_EN].sort());
    const distances = await finder(page).locator('[part="distance"]').allTextContents();
    expect(distances[0]).toMatch(/^[\d.]+ (m|km) away$/);
    await close();
  });

  it('says clearly when location is denied, and the list keeps working', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, { permissions: [] });
    await statusSays(page, '找到');
    await finder(page).getByRole('button', { name: '使用我的位置' }).click();
    const notice = finder(page).getByRole('alert');
    await expect.poll(() => notice.textContent()).toContain('定位权限已被拒绝');
    expect((await resultNames(page)).length).toBeGreaterThan(0);
    await close();
  });

  it('works with the keyboard alone, and the host page receives the selection', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, inChangzhou);
    await statusSays(page, '找到');
    await page.evaluate(() => {
      const w = window as unknown as { selections: unknown[] };
      w.selections = [];
      document.addEventListener('ginkgo-branch-select', (e) => {
        const { detail, bubbles, composed } = e as CustomEvent;
        w.selections.push({ detail, bubbles, composed, target: (e.target as Element).tagName });
      });
    });
    // Tab from the top of the page to the location button.
    for (let i = 0; i < 20 && !(await focusedDescription(page)).includes('locate-button'); i++) await page.keyboard.press('Tab');
    expect(await focusedDescription(page)).toContain('使用我的位置');
    await page.keyboard.press('Enter');
    await statusSays(page, '按距离');
    // On to the first result's select button, past the phone link.
    for (let i = 0; i < 20 && !(await focusedDescription(page)).includes('select-button'); i++) await page.keyboard.press('Tab');
    const focused = await focusedDescription(page);
    expect(focused).toMatch(/^button\|select-button\|选择/);
    await page.keyboard.press('Enter');
    const selections = await page.evaluate(() => (window as unknown as { selections: { detail: { id: string; name: { zh: string } } }[] }).selections);
    expect(selections).toHaveLength(1);
    expect(selections[0]).toMatchObject({ bubbles: true, composed: true, target: 'GINKGO-BRANCH-FINDER' });
    expect(CHANGZHOU_ZH).toContain(selections[0]!.detail.name.zh);
    expect(selections[0]!.detail).toHaveProperty('address');
    expect(focused).toContain(selections[0]!.detail.name.zh);
    // The demo page shows it, and the button says so.
    await expect.poll(() => page.locator('#selection').textContent()).toContain(selections[0]!.detail.name.zh);
    expect(await focusedDescription(page)).toMatch(/select-button\|已选择/);
    await close();
  });

  it('switches language with the portal', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`);
    await statusSays(page, '找到');
    await page.getByRole('button', { name: 'English' }).click();
    await statusSays(page, /Found \d+ branches/);
    expect(await finder(page).getByRole('heading', { level: 2 }).textContent()).toBe('Find a branch');
    expect(await finder(page).getAttribute('lang')).toBe('en');
    expect(await finder(page).getByLabel('City').locator('option').first().textContent()).toBe('All cities');
    await page.getByRole('button', { name: '中文' }).click();
    await statusSays(page, '找到');
    await close();
  });

  it('has no axe violations with results, in both languages, and when empty', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`, inChangzhou);
    await finder(page).getByRole('button', { name: '使用我的位置' }).click();
    await statusSays(page, '按距离');
    await finder(page).getByRole('button', { name: /^选择/ }).first().click();
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(page, 'html')).toEqual([]); // the demo portal around it too
    await page.getByRole('button', { name: 'English' }).click();
    await statusSays(page, 'Found');
    expect(await axeViolations(page)).toEqual([]);
    await finder(page).getByLabel('Search branches').fill('zzzz');
    await finder(page).getByLabel('Search branches').press('Enter');
    await statusSays(page, 'Found 0');
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });
});

describe('on a host city portal', () => {
  it('lists the portal\'s own city first (the city attribute), and the visitor can widen it', async () => {
    const { page, errors, close } = await openPage(browser, `${portal.url}/?city=pizhou_changzhou`);
    await statusSays(page, '找到 3 个党支部');
    expect((await resultNames(page)).sort()).toEqual([...CHANGZHOU_ZH].sort());
    await expect.poll(() => finder(page).getByLabel('城市').inputValue()).toBe('pizhou_changzhou');
    await finder(page).getByLabel('城市').selectOption({ label: '全部城市' });
    await expect.poll(async () => (await resultNames(page)).length).toBeGreaterThanOrEqual(10);
    expect(errors).toEqual([]);
    await close();
  });

  it('takes the city by its name too, and lists every branch for a city it does not know', async () => {
    const { page, close } = await openPage(browser, `${portal.url}/?city=${encodeURIComponent('常州')}`);
    await statusSays(page, '找到 3 个党支部');
    await expect.poll(() => finder(page).getByLabel('城市').inputValue()).toBe('pizhou_changzhou');
    await page.goto(`${portal.url}/?city=nowhere`);
    await expect.poll(async () => (await resultNames(page)).length).toBeGreaterThanOrEqual(10);
    expect(await finder(page).getByLabel('城市').inputValue()).toBe('');
    await close();
  });

  it('shows light cards on a phone: name, distance and address, the rest one tap away', async () => {
    const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
    const { page, close } = await openPage(browser, `${portal.url}/`, { ...phone, ...inChangzhou });
    await finder(page).getByRole('button', { name: '使用我的位置' }).click();
    await statusSays(page, '按距离');
    const first = finder(page).locator('[part="result"]').first();
    expect(await first.locator('dt').filter({ visible: true }).allTextContents()).toEqual(['地址']);
    // Ten results fit in little more than four phone screens (they took more than eight before).
    const listHeight = await finder(page).locator('[part="results"]').evaluate((el) => el.getBoundingClientRect().height);
    expect(listHeight).toBeLessThan(4.5 * 740);
    const details = first.getByRole('button', { name: '详情' });
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    await details.click();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => first.locator('dt').filter({ visible: true }).allTextContents())
      .toEqual(expect.arrayContaining(['地址', '所属党委', '服务党员']));
    expect(await first.locator('a[part="phone"]').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // On a wide screen every card shows everything, and there is nothing to open.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => finder(page).locator('[part="details-button"]').filter({ visible: true }).count()).toBe(0);
    expect(await finder(page).locator('[part="result"]').nth(1).locator('dt').filter({ visible: true }).allTextContents())
      .toEqual(expect.arrayContaining(['地址', '所属党委', '服务党员']));
    await close();
  });

  it('gives up on a location prompt the visitor never answers, and says so', async () => {
    const { page, close } = await openPage(browser, `${portal.url}/`);
    await statusSays(page, '找到');
    // The visitor neither allows nor blocks: the browser keeps its prompt open and never calls back.
    await page.evaluate(() => { navigator.geolocation.getCurrentPosition = () => {}; });
    await page.clock.install();
    await finder(page).getByRole('button', { name: '使用我的位置' }).click();
    await expect.poll(() => finder(page).locator('[part="locate-button"]').textContent()).toContain('正在定位');
    await page.clock.runFor(21_000);
    await expect.poll(() => finder(page).getByRole('alert').textContent()).toContain('暂时无法获取您的位置');
    expect(await finder(page).locator('[part="locate-button"]').textContent()).toContain('使用我的位置');
    await close();
  });
});

describe('error states', () => {
  it('explains a refused key without offering a pointless retry', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`);
    await page.evaluate(() => document.querySelector('ginkgo-branch-finder')!.setAttribute('key', 'pk_test_unknown'));
    await statusSays(page, '接入密钥无效');
    expect(await finder(page).getByRole('button', { name: '重试' }).count()).toBe(0);
    await close();
  });

  it('offers a retry when the API cannot be reached', async () => {
    const { page, close } = await openPage(browser, `${apiUrl}/`);
    await statusSays(page, '找到');
    await page.evaluate(() => document.querySelector('ginkgo-branch-finder')!.setAttribute('api', 'http://127.0.0.1:9'));
    await statusSays(page, '网络连接不稳定');
    await page.evaluate((url) => document.querySelector('ginkgo-branch-finder')!.setAttribute('api', url), apiUrl);
    await statusSays(page, '找到');
    await close();
  });
});
