// Gzipped bytes the product ships: the embed's loader and what a page with the finder, or with all
// three widgets, loads (widgets/build.ts sums the built chunks as the size tests sum what Chromium
// fetches), and the SDK.
import { execSync } from 'node:child_process';
import { buildSdk } from '../sdk/build.ts';
import { widgetSizes } from '../widgets/build.ts';

export async function measureSizes() {
  const { 'widgets.js': widgetsJsGzip, ...widgetPagesGzip } = await widgetSizes();
  return { widgetsJsGzip: widgetsJsGzip!, widgetPagesGzip, sdkGzip: (await buildSdk()).gzipBytes };
}

export const gitCommit = () => execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim()
  + (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() ? '-dirty' : '');
