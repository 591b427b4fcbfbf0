// Debian's Chromium driven by playwright-core (Playwright cannot download browsers here).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

export type Opened = { page: Page; errors: string[]; close: () => Promise<void> };

/** A page in its own context; uncaught errors and console errors are collected so tests can assert none. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

export const finder = (page: Page): Locator => page.locator('ginkgo-branch-finder');

/** Result names in list order (Playwright's locators reach into open shadow roots). */
export const resultNames = (page: Page): Promise<string[]> =>
  finder(page).locator('[part="result-name"]').allTextContents();

/** Waits until the live region (role=status) says `text`, and returns all it says. */
export async function statusSays(page: Page, text: string | RegExp): Promise<string> {
  const status = finder(page).getByRole('status').filter({ hasText: text });
  await status.waitFor();
  return (await status.textContent()) ?? '';
}

/** The focused element, looking through shadow roots: what a keyboard user is on. */
export const focusedDescription = (page: Page): Promise<string> => page.evaluate(() => {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el ? `${el.tagName.toLowerCase()}|${el.getAttribute('part') ?? ''}|${el.textContent?.trim() ?? ''}` : '';
});

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * axe-core on the widget host (it reaches into the shadow root) or another element; the violations,
 * briefly. Evaluated, not added as a <script>: our pages' CSP refuses inline scripts.
 */
export async function axeViolations(page: Page, selector = 'ginkgo-branch-finder'): Promise<string[]> {
  await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (context: Element) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document.querySelector(selector)!);
    return result.violations.map((v) => `${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }, selector);
}

export const SCREENS_DIR = '.tmp/screens';
/** The whole page, and the first screen (what a visitor sees before scrolling). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}/${name}.png`, fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENS_DIR}/${name}-screen.png` });
}
