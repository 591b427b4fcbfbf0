// `npm run build`: everything `wrangler dev` and `wrangler deploy` serve as static assets, in dist/assets.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildConsole } from '../console/build.ts';
import { buildWidgets } from '../widgets/build.ts';
import { buildSdk, SDK_BUDGET_BYTES } from '../sdk/build.ts';
import { build as esbuild } from 'esbuild';

const require = createRequire(import.meta.url);
export const ASSETS_DIR = 'dist/assets';
/** The hosted pages' chunks loaded on demand, under ASSETS_DIR. */
export const PAGE_CHUNK_DIR = 'pages';

/** The npm packages' .d.ts files (scripts/bundle-types.ts), written by a Node process of its own: the checker takes seconds. */
async function bundleTypesApart(): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bundle-types.ts'], { encoding: 'utf8' });
  return JSON.parse(stdout) as Record<string, number>;
}

/** A package's folder, also for packages whose `exports` hide package.json. */
function packageDir(name: string): string {
  const entry = require.resolve(name);
  return entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
}

export async function build(): Promise<void> {
  rmSync(ASSETS_DIR, { recursive: true, force: true });
  mkdirSync(join(ASSETS_DIR, 'docs'), { recursive: true });
  cpSync('worker/static', ASSETS_DIR, { recursive: true });
  // The docs UI, served by us rather than a CDN.
  const scalar = join(packageDir('@scalar/api-reference'), 'dist/browser/standalone.js');
  cpSync(scalar, join(ASSETS_DIR, 'docs/scalar.js'));
  // The SDK's and the widgets' .d.ts for npm, begun first: they take longest.
  const types = bundleTypesApart();
  // /widgets.js (the one-script embed), the npm build and the custom elements manifest.
  await buildWidgets(ASSETS_DIR);
  // The hosted pages' scripts bundled from TypeScript (the SDK client and the human check): /my-data.js, /letter.js.
  // The letter's opt-out screen, with the SMS code's human check, is a chunk it loads on demand (/pages/).
  // Class fields stay as written, as in the widgets (widgets/build.ts): lowering them needs a helper that would be a chunk of its own.
  const pages = {
    outdir: ASSETS_DIR, bundle: true, minify: true, format: 'esm', target: 'es2021', supported: { 'class-field': true }, logLevel: 'warning', legalComments: 'eof',
  } as const;
  await Promise.all([
    esbuild({ ...pages, entryPoints: { 'my-data': 'worker/pages/my-data.ts' } }),
    esbuild({ ...pages, entryPoints: { letter: 'worker/pages/letter.ts' }, splitting: true, chunkNames: `${PAGE_CHUNK_DIR}/[name]-[hash]` }),
  ]);
  // The staff console: /console/ and its hashed chunks.
  const staffConsole = await buildConsole(ASSETS_DIR);
  console.log(`Console: first screen ${staffConsole.firstScreenGzipBytes} B gzipped`);
  // The SDK for partners (sdk/dist/index.js); the widgets bundle it from source.
  const sdk = await buildSdk();
  console.log(`SDK: sdk/dist/index.js ${sdk.bytes} B, ${sdk.gzipBytes} B gzipped (budget ${SDK_BUDGET_BYTES} B)`);
  console.log(`Types: ${Object.entries(await types).map(([file, bytes]) => `${file} ${bytes} B`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await build();
