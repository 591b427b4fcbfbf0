// The widgets in more than one browser engine through one code path: puppeteer-core drives
// Debian's firefox-esr over WebDriver BiDi and Debian's Chromium over CDP. Selectors reach into the
// widgets' open shadow roots with puppeteer's `>>>` (deep) combinator.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS } from './browser.ts';

export type Engine = 'firefox' | 'chromium';

export const ENGINES: Record<Engine, () => Promise<Browser>> = {
  firefox: () => puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', headless: true,
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    // The widgets pick their language from the page; the browser's own is Chinese, as a member's is.
    extraPrefsFirefox: { 'intl.accept_languages': 'zh-CN', 'intl.locale.requested': 'zh-CN' },
  }),
  chromium: () => puppeteer.launch({
    browser: 'chrome', headless: true, executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--lang=zh-CN'],
  }),
};

/** Network and rendering take their time on a loaded machine (Firefox more so): wait up to 10 s. */
export const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** `selector` inside the shadow root of `host`. */
export const deep = (host: string, selector: string) => `${host} >>> ${selector}`;

/** A page of its own (a fresh browser context); page errors are collected so tests can assert none. */
export async function openPage(browser: Browser, url: string, headers: Record<string, string> = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1024, height: 900 });
  if (Object.keys(headers).length) await page.setExtraHTTPHeaders(headers);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`));
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** The text of the first match, or '' while there is none. */
export const textOf = (page: Page, selector: string): Promise<string> =>
  page.$(selector).then((el) => el ? el.evaluate((e) => e.textContent ?? '') : '');

/**
 * Waits until `selector` matches. Not page.waitForSelector: in Chromium it waits for mutations of
 * the document, which changes inside a shadow root are not.
 */
export const waitFor = (page: Page, selector: string) => poll(() => page.$(selector).then(Boolean)).toBe(true);

/** Waits until the first match's text contains `text`. */
export const waitText = (page: Page, selector: string, text: string) => poll(() => textOf(page, selector)).toContain(text);

/** What a select shows: its value and the text of the option the browser has selected. */
export const shown = (page: Page, select: string): Promise<{ value: string; text: string }> =>
  page.$eval(select, (el) => {
    const s = el as unknown as HTMLSelectElement;
    return { value: s.value, text: s.selectedOptions[0]?.textContent ?? '' };
  });

/** The options' labels, in order. */
export const optionLabels = (page: Page, select: string): Promise<string[]> =>
  page.$$eval(select + ' option', (options) => options.map((o) => o.textContent ?? ''));

/**
 * Chooses the option labelled `label` as a person does: focus, then the arrow keys from the option
 * the picker shows, which fire the select's input and change events in every engine.
 */
export async function choose(page: Page, select: string, label: string): Promise<void> {
  const labels = await optionLabels(page, select);
  const index = labels.indexOf(label);
  if (index < 0) throw new Error(`${select} has no option ${label}: ${labels.join(', ')}`);
  const from = await page.$eval(select, (s) => (s as unknown as HTMLSelectElement).selectedIndex);
  await page.focus(select);
  for (let i = from; i !== index; i += Math.sign(index - from)) await page.keyboard.press(index > from ? 'ArrowDown' : 'ArrowUp');
  await poll(() => shown(page, select).then((s) => s.text)).toBe(label);
}

/** Types into a text input, replacing what it held, key by key. */
export async function type(page: Page, input: string, text: string): Promise<void> {
  await page.click(input, { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type(input, text);
}
