// `npm run build`: everything `wrangler dev` and `wrangler deploy` serve as static assets, in dist/assets.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildConsole } from '../console/build.ts';
import { buildWidgets } from '../widgets/build.ts';
import { buildSdk, SDK_BUDGET_BYTES } from '../sdk/build.ts';

const require = createRequire(import.meta.url);
export const ASSETS_DIR = 'dist/assets';

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
  // The SDK for npm (sdk/dist: index.js and index.d.ts), begun first: its types take longest.
  const sdkBuild = buildSdk();
  // /widgets.js (the one-script embed), the npm build and the custom elements manifest.
  await buildWidgets(ASSETS_DIR);
  // The staff console: /console/ and its hashed chunks.
  const staffConsole = await buildConsole(ASSETS_DIR);
  console.log(`Console: first screen ${staffConsole.firstScreenGzipBytes} B gzipped`);
  // The widgets bundle the SDK from source, not from sdk/dist.
  const sdk = await sdkBuild;
  console.log(`SDK: sdk/dist/index.js ${sdk.bytes} B, ${sdk.gzipBytes} B gzipped (budget ${SDK_BUDGET_BYTES} B); index.d.ts ${sdk.typesBytes} B`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await build();
