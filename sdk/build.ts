// Bundles the SDK to sdk/dist/index.js (ESM, minified) and measures it gzipped against its budget.
// Its sdk/dist/index.d.ts comes from scripts/bundle-types.ts, which scripts/build.ts runs.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The widgets bundle the SDK: its minified, gzipped size must stay within this. */
export const SDK_BUDGET_BYTES = 5 * 1024;
export const SDK_OUTFILE = 'sdk/dist/index.js';

export async function buildSdk(): Promise<{ bytes: number; gzipBytes: number }> {
  await build({
    entryPoints: ['sdk/src/index.ts'], outfile: SDK_OUTFILE,
    bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022',
    logLevel: 'warning',
  });
  const code = readFileSync(SDK_OUTFILE);
  return { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}
