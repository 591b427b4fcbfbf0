// Gzipped bytes the product ships: the one-script embed and each widget alone (widgets/build.ts
// measures them as its size tests do), and the SDK.
import { execSync } from 'node:child_process';
import { buildSdk } from '../sdk/build.ts';
import { widgetSizes } from '../widgets/build.ts';

export async function measureSizes() {
  const { 'widgets.js': widgetsJsGzip, ...widgetAloneGzip } = await widgetSizes();
  return { widgetsJsGzip: widgetsJsGzip!, widgetAloneGzip, sdkGzip: (await buildSdk()).gzipBytes };
}

export const gitCommit = () => execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim()
  + (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() ? '-dirty' : '');
