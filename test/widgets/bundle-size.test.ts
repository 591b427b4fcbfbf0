// The embed must stay small for mid-range phones on slow connections. Measured as a member gets
// it: Chromium opens a page with the widgets against the local server, and every script it fetches
// is gzipped (level 9, so the figure depends on the bytes only) and summed. The files are the ones
// the suite built once (global setup); nothing is rebuilt here.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { CHUNK_DIR, EMBED_REPORT, gzipBytes, type Embed } from '../../widgets/build.ts';
import { launchChromium, statusSays } from './support/browser.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

/**
 * Budgets, gzipped. The loader is all a page pays before it shows a widget. The finder alone (its
 * chunk with lit-html, the SDK and the shared code, and the loader) and all three widgets (the
 * page's first load, without the check-in's mobile verification, which arrives only once a member
 * asks for an SMS code) stay within what a mid-range phone on a slow connection loads quickly.
 */
const LOADER_BUDGET = 2048;
const FINDER_PAGE_BUDGET = 14 * 1024;
/** The directory's nearest-first search and directions, then 我的报到 in the check-in form, took it past 25 KB. */
const ALL_THREE_BUDGET = 26_624;

const apiUrl = inject('apiUrl');
const embed = JSON.parse(readFileSync(EMBED_REPORT, 'utf8')) as Omit<Embed, 'chunks'>;
const chunkUrl = (file: string) => `${apiUrl}/${CHUNK_DIR}/${file}`;
const verificationChunk = Object.keys(embed.imports).find((file) => file.startsWith('mobile-verification-'))!;

let browser: Browser;
/** A partner's server on another origin: GET /?body=… answers a page with that body and /widgets.js. */
let partner: PartnerServer;
let partnerUrl: string;
beforeAll(async () => {
  browser = await launchChromium();
  partner = await servePartnerPages((url) => ({
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Partner</title>
      <script src="${apiUrl}/widgets.js" defer></script></head><body>${url.searchParams.get('body') ?? ''}</body></html>`,
  }));
  partnerUrl = partner.url;
});
afterAll(async () => {
  await browser?.close();
  await partner?.close();
});

/**
 * Opens a partner page (another origin) with these elements and /widgets.js, waits until `ready`,
 * and returns every script it fetched with its gzipped size.
 */
async function scriptsFetched(body: string, ready: (page: Page) => Promise<unknown>): Promise<Map<string, number>> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(response.body().then((bytes) => { sizes.set(response.url(), gzipBytes(bytes)); }));
  });
  await page.goto(`${partnerUrl}/?body=${encodeURIComponent(body)}`);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await context.close();
  return sizes;
}

const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);
const describe = (sizes: Map<string, number>) => [...sizes].map(([url, bytes]) => `${url.replace(`${apiUrl}/`, '')} ${bytes} B`).join(', ');

it(`serves /widgets.js, the loader, within ${LOADER_BUDGET} bytes gzipped: a classic script, no eval, ASCII only`, async () => {
  const res = await fetch(`${apiUrl}/widgets.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/javascript/);
  expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  const text = await res.text();
  console.log(`/widgets.js: ${text.length} B, ${gzipBytes(text)} B gzipped (budget ${LOADER_BUDGET} B)`);
  expect(gzipBytes(text)).toBeLessThanOrEqual(LOADER_BUDGET);
  expect(text).not.toMatch(/\beval\(|new Function\(/);
  // A partner's page may be GBK: the script must read the same in any ASCII-compatible encoding.
  expect(text).toMatch(/^[\x00-\x7f]*$/);
  // A classic script: no static import or export (import() is allowed there).
  expect(text).not.toMatch(/(^|[;}])\s*(import\s*[{"'*\w]|export\s)/);
});

it('serves each chunk for any origin to import, cached for good, without eval, ASCII only, with one lit-html', async () => {
  const texts = new Map<string, string>();
  for (const file of Object.keys(embed.imports)) {
    const res = await fetch(chunkUrl(file));
    expect(res.status, file).toBe(200);
    expect(res.headers.get('content-type'), file).toMatch(/javascript/);
    // Modules imported from partners' pages: loaded in CORS mode.
    expect(res.headers.get('access-control-allow-origin'), file).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy'), file).toBe('cross-origin');
    // The name carries a hash of the bytes.
    expect(res.headers.get('cache-control'), file).toBe('public, max-age=31536000, immutable');
    expect(file).toMatch(/-[0-9a-f]{8}\.js$/);
    texts.set(file, await res.text());
  }
  console.log(`chunks, gzipped: ${[...texts].map(([file, text]) => `${file} ${gzipBytes(text)} B`).join(', ')}`);
  for (const [file, text] of texts) {
    expect(text, file).not.toMatch(/\beval\(|new Function\(/);
    expect(text, file).toMatch(/^[\x00-\x7f]*$/);
    // lit-html only: the widgets' own base class stands in for LitElement and ReactiveElement.
    expect(text, file).not.toMatch(/litElementVersions|reactiveElementVersions/);
  }
  // One copy of lit-html, shared; the ALTCHA solver only in the mobile verification.
  expect([...texts].filter(([, text]) => text.includes('litHtmlVersions')).map(([file]) => file)).toEqual([embed.entries['ginkgo-branch-finder']]);
  expect([...texts].filter(([, text]) => text.includes('PBKDF2')).map(([file]) => file)).toEqual([verificationChunk]);
});

it(`loads the finder alone within ${FINDER_PAGE_BUDGET} bytes gzipped, fetching no other widget's chunk`, async () => {
  const sizes = await scriptsFetched('<ginkgo-branch-finder key="pk_test_pizhou"></ginkgo-branch-finder>',
    (page) => statusSays(page, /找到 \d+ 个党支部/));
  console.log(`finder page: ${total(sizes)} B gzipped (budget ${FINDER_PAGE_BUDGET} B): ${describe(sizes)}`);
  expect([...sizes.keys()].sort()).toEqual([`${apiUrl}/widgets.js`, chunkUrl(embed.entries['ginkgo-branch-finder'])].sort());
  expect(total(sizes)).toBeLessThanOrEqual(FINDER_PAGE_BUDGET);
});

it(`loads all three widgets within ${ALL_THREE_BUDGET} bytes gzipped, the mobile verification only on demand`, async () => {
  const sizes = await scriptsFetched(`<ginkgo-branch-finder key="pk_test_pizhou"></ginkgo-branch-finder>
    <ginkgo-check-in key="pk_test_pizhou"></ginkgo-check-in>
    <ginkgo-station-directory key="pk_test_pizhou"></ginkgo-station-directory>`, async (page) => {
    // The page's finder, not the one the check-in nests.
    await page.locator('body > ginkgo-branch-finder').getByRole('status').filter({ hasText: /找到 \d+ 个党支部/ }).waitFor();
    await page.locator('ginkgo-check-in').locator('form.main').waitFor();
    await page.locator('ginkgo-station-directory').getByRole('status').filter({ hasText: /找到 \d+ 个服务驿站/ }).waitFor();
  });
  const verification = gzipBytes(readFileSync(`dist/assets/${CHUNK_DIR}/${verificationChunk}`));
  console.log(`all three: ${total(sizes)} B gzipped (budget ${ALL_THREE_BUDGET} B); with the mobile verification `
    + `(${verification} B) ${total(sizes) + verification} B: ${describe(sizes)}`);
  const expected = new Set([`${apiUrl}/widgets.js`]);
  const add = (file: string) => { expected.add(chunkUrl(file)); embed.imports[file]!.static.forEach(add); };
  Object.values(embed.entries).forEach(add);
  expect([...sizes.keys()].sort()).toEqual([...expected].sort());
  expect(sizes.has(chunkUrl(verificationChunk))).toBe(false);
  expect(total(sizes)).toBeLessThanOrEqual(ALL_THREE_BUDGET);
});

it('builds the npm ESM entry with lit left to the user, and a manifest naming the elements', () => {
  // globalSetup ran the build; these are its outputs.
  const esm = readFileSync('widgets/dist/index.js', 'utf8');
  expect(esm).toMatch(/from ["']lit["']/);
  expect(esm).not.toContain('litElementVersions');
  const manifest = JSON.parse(readFileSync('widgets/custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[] }[] }[];
  };
  const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
  const finderDeclaration = declarations.find((d) => d.tagName === 'ginkgo-branch-finder');
  expect(finderDeclaration?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'city', 'lang']);
  expect(finderDeclaration?.events?.map((e) => e.name)).toEqual(['ginkgo-branch-select']);
  // Private state is no attribute (the analyzer reads `attribute: false`, not `state: true`).
  const checkIn = declarations.find((d) => d.tagName === 'ginkgo-check-in');
  expect(checkIn?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'lang', 'branch', 'home', 'view']);
  const directory = declarations.find((d) => d.tagName === 'ginkgo-station-directory');
  expect(directory?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'city', 'category', 'lang']);
});


