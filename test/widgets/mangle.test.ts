// The embed's shortened property names (widgets/build.ts: our `_` members and some message keys)
// are safe only if no name anything else uses collides with them: esbuild renames a property name
// everywhere in the build, and the browser and the API know nothing of the new names. Checked
// against every property name of the API's OpenAPI document and of Chromium's DOM.
import { readFileSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { EMBED_REPORT, MANGLED, messageKeys, type Embed } from '../../widgets/build.ts';
import { launchChromium } from './support/browser.ts';

const { mangled } = JSON.parse(readFileSync(EMBED_REPORT, 'utf8')) as Pick<Embed, 'mangled'>;

/** Every property name of every schema in the OpenAPI document, and every parameter's name. */
function apiNames(document: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    if (object.properties && typeof object.properties === 'object') Object.keys(object.properties).forEach((name) => names.add(name));
    if (typeof object.name === 'string' && typeof object.in === 'string') names.add(object.name);
    Object.values(object).forEach(walk);
  };
  walk(document);
  return names;
}

/**
 * Property names along the prototype chains of what the widgets' code touches in a browser: a
 * custom element (HTMLElement, Element, Node, EventTarget, Object), its shadow root and
 * ElementInternals, events, the document and window, stylesheets, and fetch's objects.
 */
async function domNames(): Promise<{ all: Set<string>; element: Set<string> }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const names = await page.evaluate(() => {
      const chain = (object: object | null) => {
        const found: string[] = [];
        for (let o = object; o; o = Object.getPrototypeOf(o)) found.push(...Object.getOwnPropertyNames(o));
        return found;
      };
      class Probe extends HTMLElement {}
      customElements.define('probe-element', Probe);
      const element = new Probe();
      const root = element.attachShadow({ mode: 'open' });
      const internals = element.attachInternals();
      const objects: object[] = [
        root, internals, new Event('x'), new CustomEvent('x'), new ErrorEvent('x'), new PromiseRejectionEvent('x', { promise: Promise.resolve() }),
        document, window, location, navigator, new CSSStyleSheet(), new URL('http://x.test/'), new URLSearchParams(),
        new Headers(), new Request('http://x.test/'), new Response(''), new AbortController(), new DOMException(),
        document.createElement('style'), document.createElement('input'), document.createElement('select'),
        document.createElement('form'), document.createElement('button'), document.createElement('a'),
      ];
      return { element: chain(element), all: [...chain(element), ...objects.flatMap(chain)] };
    });
    return { all: new Set(names.all), element: new Set(names.element) };
  } finally {
    await browser.close();
  }
}

it('shortens only names that no API field and no DOM property has, to names no element has', { timeout: 60_000 }, async () => {
  const res = await fetch(`${inject('apiUrl')}/v1/openapi.json`);
  expect(res.status).toBe(200);
  const api = apiNames(await res.json());
  expect(api.size).toBeGreaterThan(50);
  const dom = await domNames();
  expect(dom.all.has('attachShadow') && dom.all.has('composedPath') && dom.element.has('lang')).toBe(true);

  // Every name the build shortened is one the pattern covers: a `_` member or a listed message key.
  const originals = Object.keys(mangled);
  expect(originals.length).toBeGreaterThan(50);
  expect(originals.filter((name) => !MANGLED.test(name))).toEqual([]);
  expect(originals.filter((name) => name.startsWith('_$'))).toEqual([]); // lit-html's own, left alone
  // No API field and no DOM property would be renamed: none matches the pattern.
  expect([...api].filter((name) => MANGLED.test(name))).toEqual([]);
  expect([...dom.all].filter((name) => MANGLED.test(name))).toEqual([]);
  // Every listed message key is safe by the same test (the build also checks each is a real key).
  expect(messageKeys.filter((key) => api.has(key) || dom.all.has(key))).toEqual([]);
  // And the new names: `_` members live on our elements (and on our own plain objects), message
  // keys on our message tables; none of the new names is a member an element already has.
  const shortNames = Object.values(mangled);
  expect(shortNames.filter((name) => dom.element.has(name))).toEqual([]);
  expect(new Set(shortNames).size).toBe(shortNames.length);
});
