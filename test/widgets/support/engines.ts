// The widgets in every browser engine through one code path: a Tab is a page driven the same way
// in Firefox (Debian's firefox-esr over WebDriver BiDi, puppeteer-core), Chromium (Debian's, over
// CDP, puppeteer-core) and WebKit (WebKitGTK's MiniBrowser through Debian's WebKitWebDriver under
// xvfb-run, WebDriver classic over plain HTTP). Selectors reach into the widgets' open shadow roots
// with `>>>`: `ginkgo-check-in >>> #town` is #town in the check-in's shadow root.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS } from './browser.ts';

export interface Tab {
  /** The value of a JS expression in the page, where `find(selector)` and `findAll(selector)` are defined. */
  read<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  /** Types into a text input, replacing what it held, key by key. */
  type(selector: string, text: string): Promise<void>;
  /** Focuses `selector` and presses `key` there. */
  press(selector: string, key: Key): Promise<void>;
  /** Uncaught errors in the page (Firefox and Chromium only: WebDriver classic does not report them). */
  errors: string[];
  close(): Promise<void>;
}
export interface EngineSession {
  /** A page on `url`; `headers` go with every request (not in WebKit: WebDriver classic cannot). */
  open(url: string, headers?: Record<string, string>): Promise<Tab>;
  close(): Promise<void>;
}
type Key = 'Enter' | 'ArrowDown' | 'ArrowUp';

/** What every tab evaluates before an expression: the `>>>` queries. */
const PRELUDE = `const find = (s) => s.split(' >>> ').reduce((root, part) => root && (root.shadowRoot || root).querySelector(part), document);
const findAll = (s) => { const parts = s.split(' >>> '); const root = find(parts.slice(0, -1).join(' >>> ') || ':root');
  return root ? [...(parts.length > 1 ? root.shadowRoot : document).querySelectorAll(parts.at(-1))] : []; };`;
const inPage = (expression: string) => `(() => { ${PRELUDE} return (${expression}); })()`;
const q = (selector: string) => JSON.stringify(selector);

function puppeteerTab(page: Page, close: () => Promise<void>): Tab {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${String(error)}`));
  const element = async (selector: string) => {
    const handle = (await page.evaluateHandle(inPage(`find(${q(selector)})`))).asElement() as ElementHandle<HTMLElement> | null;
    if (!handle) throw new Error(`nothing matches ${selector}`);
    return handle;
  };
  return {
    read: <T>(expression: string) => page.evaluate(inPage(expression)) as Promise<T>,
    click: async (selector) => (await element(selector)).click(),
    type: async (selector, text) => {
      const input = await element(selector);
      await input.click({ count: 3 });
      await page.keyboard.press('Backspace');
      await input.type(text);
    },
    press: async (selector, key) => {
      await (await element(selector)).focus();
      await page.keyboard.press(key);
    },
    errors, close,
  };
}

const puppeteerSession = (browser: Browser): EngineSession => ({
  open: async (url, headers = {}) => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1024, height: 900 });
    if (Object.keys(headers).length) await page.setExtraHTTPHeaders(headers);
    const tab = puppeteerTab(page, () => context.close());
    await page.goto(url);
    return tab;
  },
  close: () => browser.close(),
});

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

/** Debian's library directory for this machine (libwebkit2gtk-4.1-0 puts MiniBrowser there). */
const MULTIARCH = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
const WEBDRIVER_KEYS: Record<Key, string> = { Enter: '\uE007', ArrowDown: '\uE015', ArrowUp: '\uE013' };
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** WebKitWebDriver under xvfb-run, one MiniBrowser session for the file; a tab is that window, navigated. */
async function webkitSession(): Promise<EngineSession> {
  const port = await freePort();
  const driver = spawn('xvfb-run', ['-a', process.env.WEBKIT_DRIVER_PATH ?? 'WebKitWebDriver', `--port=${port}`],
    { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const { value } = (await res.json()) as { value: T };
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(value)}`);
    return value;
  };
  for (let tries = 0; !(await fetch(`${base}/status`).then((r) => r.ok, () => false)); tries++) {
    if (tries === 100) throw new Error('WebKitWebDriver did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { sessionId } = await call<{ sessionId: string }>('POST', '/session', { capabilities: { alwaysMatch: {
    'webkitgtk:browserOptions': { binary: process.env.WEBKIT_BROWSER_PATH ?? `/usr/lib/${MULTIARCH}/webkit2gtk-4.1/MiniBrowser`, args: ['--automation'] },
  } } });
  const session = `/session/${sessionId}`;
  const read = <T>(expression: string) => call<T>('POST', `${session}/execute/sync`, { script: `return ${inPage(expression)}`, args: [] });
  const element = async (selector: string) => {
    const found = await read<Record<string, string> | null>(`find(${q(selector)})`);
    if (!found) throw new Error(`nothing matches ${selector}`);
    return `${session}/element/${found[ELEMENT]}`;
  };
  const tab: Tab = {
    read,
    click: async (selector) => { await call('POST', `${await element(selector)}/click`, {}); },
    type: async (selector, text) => {
      const input = await element(selector);
      await call('POST', `${input}/clear`, {});
      await call('POST', `${input}/value`, { text });
    },
    press: async (selector, key) => {
      await read(`find(${q(selector)}).focus()`);
      const value = WEBDRIVER_KEYS[key];
      await call('POST', `${session}/actions`, { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value }, { type: 'keyUp', value }] }] });
    },
    errors: [],
    close: async () => { await call('POST', `${session}/url`, { url: 'about:blank' }); },
  };
  return {
    open: async (url) => {
      await call('POST', `${session}/url`, { url });
      return tab;
    },
    close: async () => {
      await call('DELETE', session).catch(() => undefined);
      process.kill(-driver.pid!);
    },
  };
}

export const ENGINES = {
  firefox: async () => puppeteerSession(await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', headless: true,
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    extraPrefsFirefox: { 'intl.accept_languages': 'zh-CN' },
  })),
  chromium: async () => puppeteerSession(await puppeteer.launch({
    browser: 'chrome', headless: true, executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--lang=zh-CN'],
  })),
  webkit: webkitSession,
} satisfies Record<string, () => Promise<EngineSession>>;

/** Network and rendering take their time on a loaded machine: wait up to 10 s. */
export const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** `selector` inside the shadow root of `host`. */
export const deep = (host: string, selector: string) => `${host} >>> ${selector}`;

export const exists = (tab: Tab, selector: string) => tab.read<boolean>(`!!find(${q(selector)})`);
export const waitFor = (tab: Tab, selector: string) => poll(() => exists(tab, selector)).toBe(true);

/** The text of the first match, or '' while there is none. */
export const textOf = (tab: Tab, selector: string) => tab.read<string>(`find(${q(selector)})?.textContent ?? ''`);
/** The texts of all matches. */
export const textsOf = (tab: Tab, selector: string) => tab.read<string[]>(`findAll(${q(selector)}).map((e) => e.textContent)`);
/** Waits until the first match's text contains `text`. */
export const waitText = (tab: Tab, selector: string, text: string) => poll(() => textOf(tab, selector)).toContain(text);

/** What a select shows: its value and the text of the option the browser has selected. */
export const shown = (tab: Tab, select: string) =>
  tab.read<{ value: string; text: string }>(`((s) => ({ value: s.value, text: s.selectedOptions[0]?.textContent ?? '' }))(find(${q(select)}))`);

/** The options' labels, in order. */
export const optionLabels = (tab: Tab, select: string) => textsOf(tab, `${select} option`);

/**
 * Chooses the option labelled `label` as a person does with the keyboard: the arrow keys from the
 * option the picker shows, which fire the select's input and change events in every engine.
 */
export async function choose(tab: Tab, select: string, label: string): Promise<void> {
  const labels = await optionLabels(tab, select);
  const index = labels.indexOf(label);
  if (index < 0) throw new Error(`${select} has no option ${label}: ${labels.join(', ')}`);
  const from = await tab.read<number>(`find(${q(select)}).selectedIndex`);
  for (let i = from; i !== index; i += Math.sign(index - from)) await tab.press(select, index > from ? 'ArrowDown' : 'ArrowUp');
  await poll(() => shown(tab, select).then((s) => s.text)).toBe(label);
}
