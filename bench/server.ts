// The built worker on the Workers runtime itself (Miniflare drives workerd directly), configured
// from wrangler.toml like `wrangler dev`, but without its proxy and file watching in the way.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BENCH_VERIFICATION_SECRET } from './scenarios.ts';

export const BENCH_STATE = '.bench/state';
const BUNDLE_DIR = '.bench/worker';

/** `wrangler deploy --dry-run`: exactly the bundle a deployment uploads. Returns its path and sizes. */
export function buildWorker(): { path: string; bytes: number; gzipBytes: number } {
  const run = spawnSync('wrangler', ['deploy', '--dry-run', '--outdir', BUNDLE_DIR],
    { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Building the worker failed:\n${run.stdout}\n${run.stderr}`);
  const path = `${BUNDLE_DIR}/index.js`;
  return { path, bytes: statSync(path).size, gzipBytes: gzipSync(readFileSync(path), { level: 9 }).length };
}

export type BenchServer = { url: string; mf: Miniflare };

/**
 * Starts the bundle with wrangler.toml's bindings and the bench database. Rate limits are raised:
 * the load comes from one address and a handful of keys, and the limiter's verdicts are not what
 * is measured (its binding is still called on every request). `meterRows` turns on D1_METER=rows;
 * `rateLimits: false` leaves the limiters' bindings out, so the worker skips them (bench/ablate.ts);
 * `bindings` adds or overrides vars (the campaign benchmark's fault injection).
 */
export async function startServer(
  bundlePath: string, meterRows: boolean, inspectorPort?: number,
  { rateLimits = true, bindings = {} }: { rateLimits?: boolean; bindings?: Record<string, string> } = {},
): Promise<BenchServer> {
  // wrangler's options are Miniflare's (v4 shape); its types come from wrangler's own copy of Miniflare.
  const workerOptions = unstable_getMiniflareWorkerOptions('wrangler.toml').workerOptions as Record<string, unknown> & {
    ratelimits?: Record<string, object>; bindings?: Record<string, unknown>;
  };
  const ratelimits = Object.fromEntries(Object.entries(workerOptions.ratelimits ?? {}).map(([name, rl]) =>
    [name, { ...rl, simple: { limit: 1_000_000_000, period: 60 } }]));
  const mf = new Miniflare(convertV4MiniflareOptions({
    ...workerOptions,
    modules: true, scriptPath: bundlePath, modulesRules: undefined,
    bindings: { ...workerOptions.bindings, VERIFICATION_SECRET: BENCH_VERIFICATION_SECRET, ...(meterRows ? { D1_METER: 'rows' } : {}), ...bindings },
    ratelimits: rateLimits ? ratelimits : {},
    host: '127.0.0.1', port: 0, ...(inspectorPort ? { inspectorPort } : {}),
    resourcePersistencePath: `${BENCH_STATE}/v3`,
    // The worker logs one line per request; printing a million of them would load this process.
    // Warnings and errors (the runtime's own included) still show.
    logRequests: false,
    handleStructuredLogs: ({ level, message }: { level: string; message: string }) => {
      if (level === 'error' || level === 'warn') console.error(`[workerd ${level}] ${message}`);
    },
  } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]));
  const url = (await mf.ready).origin;
  return { url, mf };
}

/**
 * The local D1's own floor: a worker that only runs `select 1` on the bench database. Each D1 call
 * goes to one Durable Object that answers one query at a time, so this bounds every scenario.
 */
export async function startD1Floor(): Promise<BenchServer> {
  const script = 'export default { async fetch(req, env) { return Response.json((await env.DB.prepare("select 1 as one").all()).results); } }';
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const mf = new Miniflare(convertV4MiniflareOptions({
    modules: true, script, compatibilityDate: workerOptions.compatibilityDate, d1Databases: workerOptions.d1Databases,
    host: '127.0.0.1', port: 0, resourcePersistencePath: `${BENCH_STATE}/v3`, logRequests: false,
  } as unknown as Parameters<typeof convertV4MiniflareOptions>[0]));
  return { url: (await mf.ready).origin, mf };
}
