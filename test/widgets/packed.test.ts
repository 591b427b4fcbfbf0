// The widgets' npm package as a partner's site uses it: `npm pack`ed (as built by global setup),
// installed offline with lit into a fresh project outside the repository, imported in Node (SSR and
// tooling do), and bundled with esbuild into a page that Chromium loads.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, resultNames, statusSays } from './support/browser.ts';
import { servePartnerPages, type PartnerServer } from './support/partner-server.ts';

const run = promisify(execFile);
const repo = process.cwd();
const tsc = resolve(repo, 'node_modules/typescript/bin/tsc');
const apiUrl = inject('apiUrl');
/** lit and what it depends on, packed from the repository's node_modules: the install needs no network. */
const LIT = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit-labs/ssr-dom-shim', '@types/trusted-types'];
let project: string;
let packed: { filename: string; size: number; files: { path: string }[] };
let browser: Browser;
let site: PartnerServer;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ginkgo-widgets-partner-'));
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  const pack = async (folders: string[]) => JSON.parse((await run('npm', ['pack', ...folders, '--pack-destination', tarballs, '--json'], { cwd: tarballs })).stdout) as (typeof packed)[];
  const [widgets, lit] = await Promise.all([pack([join(repo, 'widgets')]), pack(LIT.map((name) => join(repo, 'node_modules', name)))]);
  packed = widgets[0]!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...[packed, ...lit].map((p) => join(tarballs, p.filename))], { cwd: project });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(project, { recursive: true, force: true });
});

describe('the packed widgets', () => {
  it('hold the ES module build, its types, the manifest and the README', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'custom-elements.json', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
    console.log(`@ginkgo/widgets tarball ${packed.size} B`);
  });

  it.each([['node16', 'node16'], ['preserve', 'bundler']])('type-check a strict program using them (module %s, resolution %s)', async (module, moduleResolution) => {
    writeFileSync(join(project, 'typed.ts'), `import { GinkgoBranchFinder, GinkgoBranchSelectEvent } from '@ginkgo/widgets';
const finder: GinkgoBranchFinder = document.createElement('ginkgo-branch-finder');
finder.key = 'pk_test_pizhou';
finder.addEventListener(GinkgoBranchSelectEvent.type, (event) => console.log(event.detail.name.zh));
document.addEventListener('ginkgo-branch-select', (event) => console.log(event.detail.id));
document.querySelector('ginkgo-check-in')?.addEventListener('ginkgo-check-in-success', (event) => console.log(event.detail.reference));
// @ts-expect-error: the finder has no such property (the types are the elements', not any)
finder.noSuchProperty = 1;
`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module, moduleResolution, lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: false, noEmit: true },
      files: ['typed.ts'],
    }));
    const report = await run(process.execPath, [tsc, '--project', 'tsconfig.json', '--pretty', 'false'], { cwd: project })
      .then(({ stdout }) => stdout, (err: { stdout: string }) => err.stdout);
    expect(report).toBe('');
  });

  it('import in Node without a DOM, defining nothing and throwing nothing', async () => {
    const script = "const m = await import('@ginkgo/widgets'); console.log(JSON.stringify(Object.keys(m).sort()));";
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(['GinkgoBranchFinder', 'GinkgoBranchSelectEvent', 'GinkgoCheckIn', 'GinkgoCheckInSuccessEvent', 'GinkgoStationDirectory']);
  });

  it('bundled by a partner with esbuild, render branches from the API in Chromium', async () => {
    writeFileSync(join(project, 'main.js'), "import { GinkgoBranchFinder } from '@ginkgo/widgets';\n"
      + "document.body.dataset.defined = String(customElements.get('ginkgo-branch-finder') === GinkgoBranchFinder);\n");
    const result = await build({ absWorkingDir: project, entryPoints: ['main.js'], bundle: true, format: 'esm', minify: true, write: false, outfile: 'out.js', logLevel: 'silent', metafile: true });
    // Resolved in the partner's project only: its lit, one copy of it.
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => path.includes('/lit-html/lit-html.js'))).toEqual(['node_modules/lit-html/lit-html.js']);
    expect(inputs.every((path) => !resolve(project, path).startsWith(repo))).toBe(true);
    const bundle = result.outputFiles[0]!.text;
    site = await servePartnerPages(({ pathname }) => pathname === '/main.js'
      ? { body: bundle, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }
      : { body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Portal</title>
<script type="module" src="/main.js"></script></head>
<body><ginkgo-branch-finder key="pk_test_pizhou" api="${apiUrl}"></ginkgo-branch-finder></body></html>` });
    const { page, errors, close } = await openPage(browser, `${site.url}/`);
    try {
      await statusSays(page, /找到 \d+ 个党支部/);
      expect((await resultNames(page)).length).toBeGreaterThan(2);
      expect(await page.evaluate(() => document.body.dataset.defined)).toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
