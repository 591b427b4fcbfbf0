// The widgets' base class (widgets/src/shared/element.ts), which stands in for LitElement, on a tiny
// element of its own in Chromium: attributes and properties, values a page sets before the element
// is defined (the usual case now that the loader imports the widgets' chunks after the page's
// own scripts may have run), and an update that throws.
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';

const fixture = `
import { html } from 'lit';
import { GinkgoElement } from './widgets/src/shared/element.ts';

class TestElement extends GinkgoElement {
  static properties = {
    label: { type: String, reflect: true },
    lang: { type: String, reflect: true },
    mode: { type: String },
    count: { attribute: false },
    fail: { attribute: false },
  };
  constructor() {
    super();
    this.label = 'initial';
    this.lang = 'zh-CN';
    this.mode = 'plain';
    this.count = 0;
    this.fail = false;
    this.renders = 0;
  }
  render() {
    if (this.fail) throw new Error('render failed');
    this.renders++;
    return html\`<p part="out">\${this.label}|\${this.lang}|\${this.mode}|\${this.count}</p>\`;
  }
}
window.defineTestElement = () => customElements.define('test-element', TestElement);
`;

let browser: Browser;
let script: string;
beforeAll(async () => {
  const result = await build({
    stdin: { contents: fixture, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'iife', target: 'es2021',
    write: false, alias: { lit: 'lit-html' },
  });
  script = result.outputFiles[0]!.text;
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); });

/** A page with `body`, the fixture's class loaded but not yet defined. */
async function open(body: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('http://fixture.test/**', (route) => route.request().url().endsWith('.js')
    ? route.fulfill({ contentType: 'text/javascript', body: script })
    : route.fulfill({ contentType: 'text/html', body: `<!doctype html><script src="/element.js"></script><body>${body}</body>` }));
  await page.goto('http://fixture.test/');
  return { page, errors, close: () => context.close() };
}

const out = (page: Page) => page.evaluate(async () => {
  const el = document.querySelector('test-element') as HTMLElement & { updateComplete: Promise<boolean> };
  await el.updateComplete;
  return el.shadowRoot!.querySelector('[part="out"]')?.textContent;
});

it('reflects attributes to properties, and reflected properties back to attributes', async () => {
  const { page, errors, close } = await open('<test-element label="from attribute" mode="loud"></test-element>');
  await page.evaluate(() => (window as unknown as { defineTestElement: () => void }).defineTestElement());
  expect(await out(page)).toBe('from attribute|zh-CN|loud|0');
  const state = await page.evaluate(async () => {
    const el = document.querySelector('test-element') as HTMLElement & Record<string, unknown> & { updateComplete: Promise<boolean> };
    el.setAttribute('label', 'changed');
    const property = el.label;
    el.label = 'set as property';
    el.mode = 'quiet';
    el.count = 3;
    await el.updateComplete;
    return {
      property, label: el.getAttribute('label'), mode: el.getAttribute('mode'), count: el.getAttribute('count'),
      text: el.shadowRoot!.textContent,
    };
  });
  // `label` reflects; `mode` is read from its attribute only; `count` has no attribute.
  expect(state).toEqual({ property: 'changed', label: 'set as property', mode: 'loud', count: null, text: 'set as property|zh-CN|quiet|3' });
  // Removing the attribute sets the property to null, and a null reflected property removes it.
  expect(await page.evaluate(async () => {
    const el = document.querySelector('test-element') as HTMLElement & Record<string, unknown> & { updateComplete: Promise<boolean> };
    el.removeAttribute('label');
    await el.updateComplete;
    return [el.label, el.hasAttribute('label')];
  })).toEqual([null, false]);
  expect(errors).toEqual([]);
  await close();
});

it('takes values a page set before the element was defined', async () => {
  const { page, errors, close } = await open('<test-element></test-element>');
  await page.evaluate(() => {
    const el = document.querySelector('test-element') as HTMLElement & Record<string, unknown>;
    // Not upgraded yet: own properties on a plain HTMLElement (`lang` is HTMLElement's own, and sets the attribute).
    el.label = 'early';
    el.count = 7;
    el.lang = 'en';
    (window as unknown as { defineTestElement: () => void }).defineTestElement();
  });
  expect(await out(page)).toBe('early|en|plain|7');
  expect(await page.evaluate(async () => {
    const el = document.querySelector('test-element') as HTMLElement & Record<string, unknown> & { updateComplete: Promise<boolean> };
    // The values went through the accessors: no own property hides them, and the change renders.
    const own = Object.prototype.hasOwnProperty.call(el, 'label') || Object.prototype.hasOwnProperty.call(el, 'count');
    el.count = 8;
    await el.updateComplete;
    return [own, el.getAttribute('label'), el.shadowRoot!.textContent];
  })).toEqual([false, 'early', 'early|en|plain|8']);
  expect(errors).toEqual([]);
  await close();
});

it('takes values set on an element created before the definition and connected after it', async () => {
  const { page, close } = await open('');
  await page.evaluate(() => {
    const el = document.createElement('test-element');
    (el as unknown as Record<string, unknown>).count = 2;
    (window as unknown as { defineTestElement: () => void }).defineTestElement();
    customElements.upgrade(el);
    document.body.appendChild(el);
  });
  expect(await out(page)).toBe('initial|zh-CN|plain|2');
  await close();
});

it('renders the next update after one that threw', async () => {
  const { page, close } = await open('<test-element></test-element>');
  await page.evaluate(() => (window as unknown as { defineTestElement: () => void }).defineTestElement());
  expect(await out(page)).toBe('initial|zh-CN|plain|0');
  const result = await page.evaluate(async () => {
    const el = document.querySelector('test-element') as HTMLElement & Record<string, unknown> & { updateComplete: Promise<boolean> };
    el.fail = true;
    el.count = 1;
    const failed = await el.updateComplete.then(() => 'resolved', (error: Error) => error.message);
    const shown = el.shadowRoot!.textContent;
    el.fail = false;
    await el.updateComplete;
    return { failed, shown, after: el.shadowRoot!.textContent, renders: el.renders };
  });
  expect(result).toEqual({ failed: 'render failed', shown: 'initial|zh-CN|plain|0', after: 'initial|zh-CN|plain|1', renders: 2 });
  await close();
});
