// Gzipped bytes the product ships: the one-script embed, each widget alone, the SDK.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildSdk } from '../sdk/build.ts';
import { embedOptions } from '../widgets/build.ts';

const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

const WIDGETS = {
  'branch-finder': 'widgets/src/branch-finder/define.ts',
  'check-in': 'widgets/src/check-in/define.ts',
  'station-directory': 'widgets/src/station-directory/define.ts',
};

export async function measureSizes() {
  const alone: Record<string, number> = {};
  for (const [name, entry] of Object.entries(WIDGETS)) {
    const out = await build({ ...embedOptions, entryPoints: [entry], write: false });
    alone[name] = gz(out.outputFiles[0]!.contents);
  }
  return {
    widgetsJsGzip: gz(readFileSync('dist/assets/widgets.js')),
    widgetAloneGzip: alone,
    sdkGzip: (await buildSdk()).gzipBytes,
  };
}

export const gitCommit = () => execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim()
  + (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() ? '-dirty' : '');
