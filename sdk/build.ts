// Builds the SDK for npm: sdk/dist/index.js (ESM, minified, measured gzipped against its budget)
// and sdk/dist/index.d.ts (scripts/bundle-types.ts, in a child process so the rest of the build goes on).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The widgets bundle the SDK: its minified, gzipped size must stay within this. */
export const SDK_BUDGET_BYTES = 5 * 1024;
export const SDK_OUTFILE = 'sdk/dist/index.js';

/** A package's bundled .d.ts (scripts/bundle-types.ts), written by a Node process of its own. */
export async function bundleTypesApart(name: 'sdk' | 'widgets'): Promise<{ bytes: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/bundle-types.ts', name], { encoding: 'utf8' });
  return JSON.parse(stdout) as { bytes: number };
}

export async function buildSdk(): Promise<{ bytes: number; gzipBytes: number; typesBytes: number }> {
  const types = bundleTypesApart('sdk');
  await build({
    entryPoints: ['sdk/src/index.ts'], outfile: SDK_OUTFILE,
    bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022',
    logLevel: 'warning',
  });
  const code = readFileSync(SDK_OUTFILE);
  return { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, typesBytes: (await types).bytes };
}
