// The widgets bundle the SDK, so its size has a hard budget: minified and gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { SDK_BUDGET_BYTES, SDK_OUTFILE } from '../../sdk/build.ts';

it(`keeps the minified SDK within ${SDK_BUDGET_BYTES} bytes gzipped`, () => {
  // As built by this run's global setup (the build runs once per `npm test`).
  const code = readFileSync(SDK_OUTFILE);
  const bytes = code.byteLength;
  const gzipBytes = gzipSync(code, { level: 9 }).byteLength;
  console.log(`SDK bundle: ${bytes} B minified, ${gzipBytes} B gzipped (budget ${SDK_BUDGET_BYTES} B)`);
  expect(gzipBytes).toBeLessThanOrEqual(SDK_BUDGET_BYTES);
});

/** Schema modules the SDK shares with the worker at run time: each free of zod and of any import. */
const SHARED_WITH_THE_WORKER = ['schema/error-codes.ts'];

it('pulls in no runtime code from zod or hono', async () => {
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: ['sdk/src/index.ts'], bundle: true, write: false, metafile: true, format: 'esm', logLevel: 'silent' });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((path) => path.includes('node_modules'))).toEqual([]);
  expect(inputs.filter((path) => !path.startsWith('sdk/src/') && !SHARED_WITH_THE_WORKER.includes(path))).toEqual([]);
});
