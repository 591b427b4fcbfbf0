// The one-script embed must stay small for mid-range phones on slow connections (DESIGN.md).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { expect, inject, it } from 'vitest';
import { embedOptions } from '../../widgets/build.ts';

/**
 * Budgets, gzipped at level 9 so the figure depends on the bytes only. Issue #2: the finder alone
 * at most 20 KB. All three widgets measured 26,799 B after issue #5 (the station directory added
 * 3,910 B; the check-in receipt's service-request codes 300 B; the directory's reload when open-now
 * expires and its focus handling 241 B). This interim ceiling, that figure rounded up to the next
 * KiB, keeps it from growing unnoticed. Issue #6 asks for 20 KB with all three widgets, which needs
 * a real reduction, not a higher ceiling.
 */
const BUDGET_GZIP_BYTES = 27 * 1024;
const FINDER_ALONE_BUDGET_GZIP_BYTES = 20 * 1024;

it(`bundles the finder alone within ${FINDER_ALONE_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
  const result = await build({ ...embedOptions, entryPoints: ['widgets/src/branch-finder/define.ts'], write: false });
  const gzipped = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  console.log(`finder alone: ${result.outputFiles[0]!.contents.length} B, ${gzipped} B gzipped (budget ${FINDER_ALONE_BUDGET_GZIP_BYTES} B)`);
  expect(gzipped).toBeLessThanOrEqual(FINDER_ALONE_BUDGET_GZIP_BYTES);
});

it(`serves /widgets.js within ${BUDGET_GZIP_BYTES} bytes gzipped, without eval`, async () => {
  const res = await fetch(`${inject('apiUrl')}/widgets.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/javascript/);
  const body = Buffer.from(await res.arrayBuffer());
  const gzipped = gzipSync(body, { level: 9 }).length;
  console.log(`/widgets.js: ${body.length} B, ${gzipped} B gzipped (budget ${BUDGET_GZIP_BYTES} B)`);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  const text = body.toString('utf8');
  expect(text).not.toMatch(/\beval\(|new Function\(/);
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
  const directory = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'ginkgo-station-directory');
  expect(directory?.attributes?.map((a) => a.name)).toEqual(['key', 'api', 'city', 'category', 'lang']);
});
