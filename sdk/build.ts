// Bundles the SDK to sdk/dist/index.js (ESM, minified) and measures it gzipped against its budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The widgets bundle the SDK: its minified, gzipped size must stay within this. */
export const SDK_BUDGET_BYTES = 5 * 1024;
const OUTFILE = 'sdk/dist/index.js';

/** `write: false` builds in memory (the size test), leaving dist/ alone. */
export async function buildSdk({ write = true } = {}): Promise<{ bytes: number; gzipBytes: number }> {
  const result = await build({
    entryPoints: ['sdk/src/index.ts'], outfile: OUTFILE,
    bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022',
    write, logLevel: 'warning',
  });
  const code = result.outputFiles?.[0]?.contents ?? readFileSync(OUTFILE);
  return { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}
