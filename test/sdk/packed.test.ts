// The SDK as a partner gets it: `npm pack`ed (as built by global setup), installed from the
// tarball into a fresh project outside the repository, a strict program type-checked under
// TypeScript's node16 and bundler resolution (the .d.ts itself checked too), then run by Node
// against the local API.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const repo = process.cwd();
const tsc = resolve(repo, 'node_modules/typescript/bin/tsc');
let project: string;
let packed: { filename: string; size: number; files: { path: string }[] };
/** tsc's report under each resolution, both begun at once; node16's run also emits out/main.js. */
let checks: Record<'node16' | 'bundler', Promise<string>>;

/** A partner's server script: typed reads, a typed error by class, and type errors where they belong. */
const program = (baseUrl: string) => `
import { Ginkgo, GinkgoPublic, NotFoundError, GinkgoError, type Branch, type CheckInForm, type CheckInReceipt } from '@ginkgo/sdk';

const ginkgo = new GinkgoPublic({ key: 'pk_test_pizhou', baseUrl: ${JSON.stringify(baseUrl)} });
const page = await ginkgo.branches.search({ limit: 5 });
const branches: Branch[] = page.data;
const form: CheckInForm = await ginkgo.checkIns.form();
const needs: CheckInReceipt['serviceRequests'][number]['category'][] = form.needs;
let notFound = '';
try {
  await ginkgo.branches.get('br_no_such_branch');
} catch (err) {
  if (err instanceof NotFoundError && err instanceof GinkgoError) notFound = err.code;
}
// @ts-expect-error: a branch has no such field (the types are the API's, not any)
branches[0]?.noSuchField;
// @ts-expect-error: a check-in's category is one of the API's
const category: CheckInForm['categories'][number] = 'astronaut';
// @ts-expect-error: the staff client wants a key
const options: ConstructorParameters<typeof Ginkgo>[0] = { baseUrl: 'http://localhost' };
console.log(JSON.stringify({
  branches: branches.map((b) => b.id), nextCursor: page.nextCursor, consent: form.consent.version,
  needs, notFound, category, options,
}));
`;

const tsconfig = (module: string, moduleResolution: string, emit: object) => JSON.stringify({
  compilerOptions: {
    target: 'ES2022', module, moduleResolution, lib: ['ES2022', 'DOM'], types: [], strict: true,
    noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, ...emit,
  },
  files: ['main.ts'],
});

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ginkgo-sdk-partner-'));
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  // The files sdk/package.json names, as this run's global setup built them.
  const { stdout } = await run('npm', ['pack', join(repo, 'sdk'), '--pack-destination', tarballs, '--json'], { cwd: repo });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner', private: true, type: 'module' }));
  // No dependencies to fetch: nothing from the network.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(tarballs, packed.filename)], { cwd: project });
  writeFileSync(join(project, 'main.ts'), program(inject('apiUrl')));
  writeFileSync(join(project, 'tsconfig.json'), tsconfig('node16', 'node16', { outDir: 'out' }));
  writeFileSync(join(project, 'tsconfig.bundler.json'), tsconfig('preserve', 'bundler', { noEmit: true }));
  const check = (config: string) => run(process.execPath, [tsc, '--project', config, '--pretty', 'false'], { cwd: project })
    .then(({ stdout }) => stdout, (err: { stdout: string }) => err.stdout);
  checks = { node16: check('tsconfig.json'), bundler: check('tsconfig.bundler.json') };
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the packed SDK', () => {
  it('holds the built code, its bundled types, the README and nothing else', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/@ginkgo/sdk/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ license: 'UNLICENSED', type: 'module', engines: { node: '>=18' } });
    expect(Object.keys(manifest)).not.toContain('private');
    expect(Object.keys(manifest)).not.toContain('dependencies');
    // The types stand alone: no schema/, zod, or anything else to resolve.
    const types = readFileSync(join(project, 'node_modules/@ginkgo/sdk/dist/index.d.ts'), 'utf8');
    expect(types).not.toMatch(/^\s*import\b|\bimport\(|from '|\bz\.infer\b|\/\/\/ <reference/m);
    console.log(`@ginkgo/sdk tarball ${packed.size} B; index.d.ts ${types.length} B`);
  });

  it.each(['node16', 'bundler'] as const)('type-checks a strict partner program under moduleResolution %s', async (resolution) => {
    expect(await checks[resolution]).toBe('');
  });

  it('runs with Node against the API: branches, the check-in form, a NotFoundError by class', async () => {
    expect(await checks.node16).toBe('');
    const { stdout } = await run(process.execPath, ['out/main.js'], { cwd: project });
    const result = JSON.parse(stdout);
    expect(result.branches).toHaveLength(5);
    expect(result.branches.every((id: string) => id.startsWith('br_'))).toBe(true);
    expect(typeof result.nextCursor).toBe('string');
    expect(result.consent).toMatch(/^checkin-consent-/);
    expect(result.needs).toContain('training');
    expect(result.notFound).toBe('not_found');
  });
});
