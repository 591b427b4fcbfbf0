// The one-script embed must stay small for mid-range phones on slow connections (DESIGN.md).
import { readFileSync } from 'node:fs';
import { expect, inject, it } from 'vitest';
import { bundleEmbed, gzipBytes, widgetEntries } from '../../widgets/build.ts';

/**
 * Budgets, gzipped at level 9 so the figure depends on the bytes only. Issue #2: the finder alone
 * at most 20 KB. Issue #6 asks for 20 KB with all three widgets: 26,799 B before it, 22,099 B now.
 * What got it there, in order, the whole bundle measured after each step: CSS minified and HTML
 * template whitespace collapsed at build time (26,178 B); the widgets' private members as `_` names
 * that esbuild mangles, instead of #private fields compiled to WeakMap helpers at es2021 (25,352 B);
 * terser as a second pass, 3 passes, ASCII-only output, and the lists' error, empty, loading and
 * "more" boxes shared by the finder and the directory (24,448 B); styles and message tables side
 * by side in the bundle, within gzip's 32 KB window (24,206 B); a small base class of our own
 * (widgets/src/shared/element.ts) instead of LitElement, the embed build taking lit-html alone, so
 * lit-element and @lit/reactive-element are gone (22,153 B); updateComplete a field, and
 * `attribute: false` on the check-in's private state, which the manifest listed as attributes
 * (22,145 B); the directory defined first in index.ts, its code then nearer the finder's (22,080 B);
 * the base class recovering from an error in an update, as Lit does (22,099 B). Still 1,619 B over
 * the goal. What is left: lit-html (~3.1 KB), the zh+en copy (~4.7 KB; its
 * Chinese as \u escapes, which gzip better than UTF-8 here), CSS (~2.3 KB), the SDK (~2.1 KB) and
 * the widgets' own code; sharing more of the finder's and the directory's list code measured larger.
 * So this ceiling is that figure rounded up to the next 256 B: it keeps the bundle from growing
 * unnoticed while issue #6 stays open.
 */
const BUDGET_GZIP_BYTES = 22_272;
const FINDER_ALONE_BUDGET_GZIP_BYTES = 20 * 1024;

/**
 * Each widget bundled alone (its define.ts, with lit-html and the SDK), as measured with the figure
 * above, rounded up to the next 256 B: a widget that grows shows here, not only in the total.
 * The check-in includes the finder (it nests one); the directory reuses the finder's styles and copy.
 */
const WIDGET_ALONE_CEILINGS: Record<keyof typeof widgetEntries, number> = {
  'branch-finder': 12_288,
  'check-in': 16_384,
  'station-directory': 15_872,
};

it(`bundles the finder alone within ${FINDER_ALONE_BUDGET_GZIP_BYTES} bytes gzipped`, { timeout: 60_000 }, async () => {
  const code = await bundleEmbed(widgetEntries['branch-finder']);
  const gzipped = gzipBytes(code);
  console.log(`finder alone: ${code.length} B, ${gzipped} B gzipped (budget ${FINDER_ALONE_BUDGET_GZIP_BYTES} B)`);
  expect(gzipped).toBeLessThanOrEqual(FINDER_ALONE_BUDGET_GZIP_BYTES);
});

it('bundles each widget alone within its own ceiling', { timeout: 120_000 }, async () => {
  const sizes: Record<string, number> = {};
  for (const [name, entry] of Object.entries(widgetEntries)) sizes[name] = gzipBytes(await bundleEmbed(entry));
  console.log(`each widget alone, gzipped: ${Object.entries(sizes).map(([name, bytes]) =>
    `${name} ${bytes} B (ceiling ${WIDGET_ALONE_CEILINGS[name as keyof typeof widgetEntries]} B)`).join(', ')}`);
  for (const [name, ceiling] of Object.entries(WIDGET_ALONE_CEILINGS)) {
    expect(sizes[name], name).toBeLessThanOrEqual(ceiling);
  }
});

it(`serves /widgets.js within ${BUDGET_GZIP_BYTES} bytes gzipped, without eval, ASCII only`, async () => {
  const res = await fetch(`${inject('apiUrl')}/widgets.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/javascript/);
  const body = Buffer.from(await res.arrayBuffer());
  const gzipped = gzipBytes(body);
  console.log(`/widgets.js: ${body.length} B, ${gzipped} B gzipped (budget ${BUDGET_GZIP_BYTES} B)`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  const text = body.toString('utf8');
  expect(text).not.toMatch(/\beval\(|new Function\(/);
  // lit-html only: the widgets' own base class stands in for LitElement and ReactiveElement.
  expect(text).not.toMatch(/litElementVersions|reactiveElementVersions/);
  expect(text).toContain('litHtmlVersions');
  // A partner's page may be GBK: the script must read the same in any ASCII-compatible encoding.
  expect(text).toMatch(/^[\x00-\x7f]*$/);
});

it('builds the npm ESM entry with lit left to the user, and a manifest naming the elements', () => {
  // globalSetup ran the build; these are its outputs.
  const esm = readFileSync('widgets/dist/index.js', 'utf8');
  expect(esm).toMatch(/from ["']lit["']/);
  expect(esm).not.toContain('litElementVersions');
  const manifest = JSON.parse(readFileSync('widgets/custom-elements.json', 'utf8')) as {
    modules: { declarations?: { tagName?: string; attributes?: { name: string }[]; events?: { name: string }[] }[] }[];
  };
  const finder = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'ginkgo-branch-finder');
  expect(finder?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'lang']);
  expect(finder?.events?.map((e) => e.name)).toEqual(['ginkgo-branch-select']);
  // Private state is no attribute (the analyzer reads `attribute: false`, not `state: true`).
  const checkIn = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'ginkgo-check-in');
  expect(checkIn?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'lang', 'branch']);
  const directory = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'ginkgo-station-directory');
  expect(directory?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'city', 'category', 'lang']);
});
